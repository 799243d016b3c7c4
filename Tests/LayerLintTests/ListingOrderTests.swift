import Foundation
@testable import ImageModel
import LambdaPlatform
@testable import LintRules
@testable import OpeningStage
import TestSupport
import Testing
import ZipArchive

/// A layer's findings do not depend on the order its listing gives the members in: a ZIP
/// lists them as they were added, a build folder in sorted order, and the same layer must
/// give the same report either way (the same member named for a grouped finding, the same
/// phrase for what the group was built for).
@Suite struct ListingOrderTests {
    static func binary(_ name: String) throws -> [UInt8] {
        let url = FixturePaths.packageRoot.appendingPathComponent("Fixtures/binaries/\(name)")
        return Array(try Data(contentsOf: url))
    }

    static func findings(_ members: [(String, [UInt8])]) throws -> [Finding] {
        var builder = ZipBuilder()
        for (name, data) in members { builder.add(name, data: data) }
        let archive = try Archive(bytes: builder.bytes(), name: "layer.zip")
        let input = CheckInput(path: "layer.zip", role: .layer, digest: nil, archive: .success(archive))
        let catalog = try RuntimeCatalog.bundled()
        let target = Target(runtime: catalog.runtime("python3.11"), architecture: .x86_64, sources: [])
        let context = LintContext(target: target, layers: [input], catalog: catalog, today: "2026-12-01")
        return LintEngine.run(context, rules: try RuleSelection(select: ["C001"]).rules()).findings
    }

    @Test func groupedNativeFindingsIgnoreTheListingOrder() throws {
        let record = "pkg/__init__.py,,\npkg.libs/libb.so,,\npkg.libs/liba.so,,\npkg-1.0.dist-info/RECORD,,\n"
        let metadata = "Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\n"
        // Listed as a ZIP made by hand might list them: not in byte order.
        let members: [(String, [UInt8])] = [
            ("python/pkg/__init__.py", Array("\n".utf8)),
            ("python/pkg.libs/libb.so", try Self.binary("elf-aarch64.so")),
            ("python/pkg.libs/liba.so", try Self.binary("elf-i386.so")),
            ("python/pkg-1.0.dist-info/METADATA", Array(metadata.utf8)),
            ("python/pkg-1.0.dist-info/RECORD", Array(record.utf8)),
        ]
        let listed = try Self.findings(members)
        let reversed = try Self.findings(members.reversed())
        let sorted = try Self.findings(members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) })
        #expect(listed.map(\.rule) == ["C001"])
        // The first file in byte order, and what the files were built for in that order.
        #expect(listed.first?.path == "python/pkg.libs/liba.so")
        #expect(listed.first?.message.contains("built for i386, arm64") == true)
        #expect(listed == reversed)
        #expect(listed == sorted)
    }
}
