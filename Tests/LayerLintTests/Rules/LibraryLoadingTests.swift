import Foundation
import ImageModel
import LambdaPlatform
import Testing
import TestSupport
import ZipArchive

@testable import LintRules
@testable import OpeningStage

/// The loader model on layers made of the loader fixtures: what ld.so finds, in its order.
@Suite struct LibraryLoadingTests {
    static let catalog = bundledCatalog

    static func context(
        _ members: [RuleExample.Member], runtime: String = "python3.12", architecture: Architecture = .x86_64,
        environment: [String: String] = [:]
    ) throws -> LintContext {
        let archive = try RuleExampleTests.archive(members, name: "layer.zip").readingLocalHeaders()
        let layer = CheckInput(path: "layer.zip", role: .layer, digest: nil, archive: .success(archive))
        let target = Target(runtime: catalog.runtime(runtime), architecture: architecture, sources: [])
        return LintContext(target: target, layers: [layer], catalog: catalog, today: "2026-12-07", environment: environment)
    }

    static func findings(_ context: LintContext, _ rules: [String] = ["C010", "C011"]) throws -> [String] {
        LintEngine.run(context, rules: try RuleSelection(select: rules).rules()).findings.map {
            "\($0.rule) \($0.severity) \($0.path ?? "-")"
        }
    }

    static let misplaced: [RuleExample.Member] =
        .importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-native.so")
        + [.binary("python/pkg/libfastmath_native.so.1", "elf-x86_64-libfastmath-native.so.1")]

    /// The default LD_LIBRARY_PATH does not hold python/pkg; a function that sets its own to
    /// include /opt/python/pkg finds the library there.
    @Test func theFunctionsOwnLibraryPathIsTheOneSearched() throws {
        let found = try Self.context(Self.misplaced)
        #expect(found.libraries?.searchPath.last == "/opt/lib")
        #expect(try Self.findings(found) == ["C010 error python/pkg/_core.abi3.so"])
        let own = try Self.context(Self.misplaced, environment: ["LD_LIBRARY_PATH": "/opt/python/pkg:/opt/lib"])
        #expect(own.libraries?.searchPath == ["/opt/python/pkg", "/opt/lib"])
        #expect(try Self.findings(own) == [])
    }

    /// A newer libstdc++ in the layer's lib/ is shadowed by the system's copy, which comes
    /// first on LD_LIBRARY_PATH: the module still needs a version Amazon Linux 2 lacks.
    @Test func aNewerCxxRuntimeInLibIsShadowedByTheSystems() throws {
        let context = try Self.context(
            .importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-glibcxx-3.4.26.so")
                + [.binary("lib/libstdc++.so.6", "elf-x86_64-glibcxx.so")],
            runtime: "python3.11")
        let found = LintEngine.run(context, rules: try RuleSelection(select: ["C011"]).rules()).findings
        #expect(found.map(\.rule) == ["C011"])
        #expect(found.first?.message.contains("needs GLIBCXX_3.4.26 of libstdc++.so.6") == true)
        #expect(found.first?.message.contains("which goes up to GLIBCXX_3.4.24") == true)
    }

    /// The module loads a library of the layer, which needs one nobody has: the closure is
    /// followed, and the message names the library that needs the missing one.
    @Test func theClosureIsFollowed() throws {
        let context = try Self.context(
            .importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-native.so")
                + [.binary("lib/libfastmath_native.so.1", "elf-x86_64-needs-libgl.so")])
        let found = LintEngine.run(context, rules: try RuleSelection(select: ["C010"]).rules()).findings
        #expect(found.map(\.path) == ["python/pkg/_core.abi3.so"])
        #expect(found.first?.message.contains("libGL.so.1 not found (needed by lib/libfastmath_native.so.1;") == true)
        #expect(found.first?.message.contains("importing pkg fails") == true)
    }

    /// `why` and check agree: the module whose library is missing is not importable.
    @Test func theImportModelCountsAMissingLibrary() throws {
        let context = try Self.context(.importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-libgl.so"))
        let model = try #require(context.imports)
        #expect(model.modules["pkg"]?.failure != nil)
        let file = ImportModel.FileRef(source: 0, member: "python/pkg/_core.abi3.so")
        #expect(
            context.libraries?.problems[file]
                == [.missing(library: "libGL.so.1", neededBy: file, misplaced: [])])
    }

    /// A module built for another CPU is C001's: the loader never gets to its libraries.
    @Test func aModuleForAnotherCPUIsNotWalked() throws {
        let context = try Self.context(
            .importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-libgl.so"), architecture: .arm64)
        #expect(try Self.findings(context, ["C001", "C010"]) == ["C001 error python/pkg/_core.abi3.so"])
    }

    /// A catalog without library listings (an older --catalog) reports no library missing.
    @Test func aCatalogWithoutListingsReportsNothing() throws {
        let file = FixturePaths.packageRoot.appendingPathComponent("Sources/LambdaPlatform/Resources/runtimes.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
        json["operatingSystems"] = (json["operatingSystems"] as? [[String: Any]] ?? []).map { system in
            var system = system
            system["nativeLibraries"] = nil
            return system
        }
        json["nativePackages"] = nil
        let catalog = try RuntimeCatalog(
            json: try JSONSerialization.data(withJSONObject: json), file: "old-catalog.json")
        let archive = try RuleExampleTests.archive(
            .importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-libgl.so"), name: "layer.zip")
        let layer = CheckInput(path: "layer.zip", role: .layer, digest: nil, archive: .success(archive))
        let target = Target(runtime: catalog.runtime("python3.12"), architecture: .x86_64, sources: [])
        let context = LintContext(target: target, layers: [layer], catalog: catalog, today: "2026-12-07")
        #expect(context.libraries == nil)
        #expect(try Self.findings(context) == [])
    }
}
