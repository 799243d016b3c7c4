import Foundation
@testable import ImageModel
import LambdaPlatform
@testable import LayerLint
@testable import LintRules
@testable import OpeningStage
import TestSupport
import Testing
import ZipArchive

/// Layer contents chosen to break the engine (issue 15), made in the test: each is a finding
/// or nothing, never a crash.
@Suite struct HostileLayerContentTests {
    static func findings(_ builder: ZipBuilder, runtime: String = "python3.12", select: [String] = []) throws
        -> [Finding]
    {
        let archive = try Archive(bytes: builder.bytes(), name: "hostile.zip")
        let input = CheckInput(path: "hostile.zip", role: .layer, digest: nil, archive: .success(archive))
        let catalog = try RuntimeCatalog.bundled()
        let target = Target(runtime: catalog.runtime(runtime), architecture: .x86_64, sources: [])
        let context = LintContext(target: target, layers: [input], catalog: catalog, today: "2026-12-01")
        let rules = try select.isEmpty ? RuleRegistry.all : RuleSelection(select: select).rules()
        return LintEngine.run(context, rules: rules).findings
    }

    static func distribution(_ name: String, _ version: String, requires: [String] = []) -> [(String, String)] {
        let metadata =
            "Metadata-Version: 2.1\nName: \(name)\nVersion: \(version)\n"
            + requires.map { "Requires-Dist: \($0)\n" }.joined()
        return [
            ("python/\(name)-\(version).dist-info/METADATA", metadata),
            ("python/\(name)/__init__.py", "# stub\n"),
        ]
    }

    /// A version part at UInt64.max: the overlap test of the runtime's urllib3 range (D002,
    /// D003) used to add one to it and trap.
    @Test func versionAtTheLargestNumber() throws {
        let largest = "18446744073709551615"
        #expect(!SpecifierOverlap.overlaps(try .init(">=\(largest)"), try .init(">=1.25.4,<1.27")))
        #expect(SpecifierOverlap.overlaps(try .init("<=\(largest)"), try .init(">=1.25.4,<1.27")))
        var builder = ZipBuilder()
        for (name, text) in Self.distribution("a", "1.0", requires: ["urllib3>=\(largest)"]) { builder.add(name, text) }
        let found = try Self.findings(builder, runtime: "python3.8", select: ["D002", "D003"])
        #expect(found.map(\.rule) == ["D002"])
    }

    /// A Requires-Dist whose marker nests 40,000 parentheses: unparsable, so ignored, not a crash.
    @Test func deeplyNestedMarkerInMetadata() throws {
        var builder = ZipBuilder()
        let marker =
            String(repeating: "(", count: 40_000) + "python_version >= \"3\"" + String(repeating: ")", count: 40_000)
        for (name, text) in Self.distribution("a", "1.0", requires: ["b; " + marker]) { builder.add(name, text) }
        _ = try Self.findings(builder)
    }
}
