import Foundation
@testable import ImageModel
import LambdaPlatform
@testable import LayerLint
@testable import LintRules
@testable import OpeningStage
import TestSupport
import Testing
import ZipArchive

/// S001-S004, P001-P003 and C009 (Fixtures/layers/make_size_permission_fixtures.py and the
/// reader's python-modes.zip).
@Suite struct SizePermissionRulesTests {
    static let catalog = bundledCatalog

    /// The bundled catalog with its limits replaced, so that small fixtures cross them.
    static func catalog(maxLayers: Int, zipped: UInt64, unzipped: UInt64) throws -> RuntimeCatalog {
        let url = FixturePaths.packageRoot.appendingPathComponent("Sources/LambdaPlatform/Resources/runtimes.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        object["limits"] = [
            "maxLayers": maxLayers, "directUploadZippedBytes": zipped, "unzippedBytes": unzipped, "source": "test",
            "asOf": "2026-11-25",
        ]
        return try JSONDecoder().decode(RuntimeCatalog.self, from: try JSONSerialization.data(withJSONObject: object))
    }

    static func findings(
        _ paths: [String], select: [String], catalog: RuntimeCatalog = catalog, metadata: LayerVersionMetadata? = nil
    ) throws -> [Finding] {
        let layers = try paths.map { try CheckInput.load(path: $0, role: .layer).with(metadata: metadata) }
        let context = LintContext(target: .none, layers: layers, catalog: catalog, today: "2026-11-25")
        return LintEngine.run(context, rules: try RuleSelection(select: select).rules()).findings
    }

    @Test func permissions() throws {
        let modes = try Self.findings([FixturePaths.zip("python-modes.zip")], select: ["P"])
        #expect(modes.map { "\($0.rule) \($0.path ?? "-")" } == ["P002 python/lib/", "P001 python/private.py"])
        #expect(modes.last?.message == "mode 0600 does not let the function's user read it")
        let windows = try Self.findings([FixturePaths.layer("perm-windows-bin.zip")], select: ["P"])
        #expect(windows.map { "\($0.rule) \($0.path ?? "-")" } == ["P003 bin/convert"])
        #expect(
            windows.first?.message
                == "2 files in bin/ or extensions/ cannot be run (e.g. this one: the ZIP records no Unix mode (made "
                + "on Windows), so Lambda extracts it as 0666)")
        #expect(try Self.findings([FixturePaths.layer("perm-ok.zip")], select: ["P"]).isEmpty)
        // A Windows-made ZIP has no modes, so P001 and P002 cannot fire on it.
        #expect(try Self.findings([FixturePaths.layer("perm-windows-bin.zip")], select: ["P001", "P002"]).isEmpty)
    }

    @Test func bloat() throws {
        let found = try Self.findings([FixturePaths.layer("bloat-junk.zip")], select: ["S004"])
        #expect(
            found.map(\.message) == [
                "1,370,016 of the 1,370,030 unzipped bytes could go: test suites 900,000 (1 file), bytecode caches "
                    + "200,004 (1 file), static libraries 150,000 (1 file), documentation 120,000 (1 file), macOS "
                    + "Finder files 12 (2 files)"
            ])
        #expect(try Self.findings([FixturePaths.layer("deps-requests-complete.zip")], select: ["S004"]).isEmpty)
    }

    /// Bytecode the runtime's own Python compiled saves each cold start a compile (Lambda
    /// cannot write to /opt): it is not counted as removable; another Python's is.
    @Test func theRuntimesOwnBytecodeIsNotBloat() throws {
        var builder = ZipBuilder()
        builder.add("python/pkg/__init__.py", data: [UInt8](repeating: 0x20, count: 10))
        builder.add("python/pkg/__pycache__/__init__.cpython-312.pyc", data: [UInt8](repeating: 0, count: 2 << 20))
        let archive = try Archive(bytes: builder.bytes(), name: "cache.zip")
        let input = CheckInput(path: "cache.zip", role: .layer, digest: nil, archive: .success(archive))
        func messages(_ runtime: String) throws -> [String] {
            let target = Target(runtime: Self.catalog.runtime(runtime), architecture: .x86_64, sources: [])
            let context = LintContext(target: target, layers: [input], catalog: Self.catalog, today: "2026-11-25")
            return LintEngine.run(context, rules: try RuleSelection(select: ["S004"]).rules()).findings.map(\.message)
        }
        #expect(try messages("python3.12") == [])
        #expect(
            try messages("python3.11") == [
                "2,097,152 of the 2,097,162 unzipped bytes could go: bytecode caches 2,097,152 (1 file)"
            ])
    }

    /// The one-pass prefilter passes every name a category is found for, at either end of
    /// the name, and stops ordinary names (a word cut short at the end included).
    @Test func bloatPrefilter() {
        let candidates = [
            "__MACOSX/python/._a.py", "python/.DS_Store", "python/pkg/__pycache__/m.cpython-311.pyc", "m.pyc",
            "python/pkg/tests/test_a.py", "python/pkg/test/a.py", "python/libfoo.a", "python/pkg/docs/index.rst",
            "doc/x", "__", "a.a", "python/pkg/__init__.py",
        ]
        for name in candidates { #expect(RemovableFiles.mayBeBloat(name), "\(name)") }
        for name in ["python/requests/api.py", "python/a.py", "tes", "do", ".DS_Stor", "x.py", "_", "", "a", "pyc"] {
            #expect(!RemovableFiles.mayBeBloat(name), "\(name)")
            #expect(RemovableFiles.category(of: name) == nil, "\(name)")
        }
        #expect(RemovableFiles.category(of: "python/pkg/docs/index.rst") == "documentation")
        #expect(RemovableFiles.category(of: "m.pyc") == "bytecode caches")
    }

    /// The one-pass `category(of:)` agrees with the plain reading of its specification
    /// (split the name into components, then ask about them) on every member name of the
    /// fixture layers and on names with empty, leading and trailing components.
    @Test func bloatCategoryAgreesWithSplitting() throws {
        func reference(_ name: String) -> String? {
            // The prefilter is part of the rule's definition (`a.pyc/` is a folder name).
            guard RemovableFiles.mayBeBloat(name) else { return nil }
            let parts = name.split(separator: "/")
            guard let file = parts.last else { return nil }
            if parts.first == "__MACOSX" || file == ".DS_Store" { return "macOS Finder files" }
            if parts.contains("__pycache__") || file.hasSuffix(".pyc") { return "bytecode caches" }
            if parts.dropLast().contains(where: { $0 == "tests" || $0 == "test" }) && parts.count > 2 {
                return "test suites"
            }
            if file.hasSuffix(".a") { return "static libraries" }
            if parts.dropLast().contains(where: { $0 == "docs" || $0 == "doc" }) { return "documentation" }
            return nil
        }
        let folder = FixturePaths.packageRoot.appendingPathComponent("Fixtures/layers")
        var names = [
            "//tests//a/", "/__MACOSX", "tests/x", "a/tests/x", "a/b/tests", "a/docs/b/c.a", "__pycache__",
            "a/__pycache__/", "x/doc//y", "test/test/test", ".DS_Store/", "a.pyc/", "lib.a", "docs/",
        ]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".zip") {
            let input = try CheckInput.load(path: folder.appendingPathComponent(file).path, role: .layer)
            names += (try? input.archive.get())?.entries.map(\.name) ?? []
        }
        for name in names { #expect(RemovableFiles.category(of: name) == reference(name), "\(name)") }
    }

    @Test func limits() throws {
        let small = try Self.catalog(maxLayers: 2, zipped: 2_000, unzipped: 20_000)
        let layers = ["perm-ok.zip", "perm-windows-bin.zip", "native-x86_64.zip"].map(FixturePaths.layer)
        let found = try Self.findings(layers, select: ["S001", "S002", "S003"], catalog: small)
        #expect(found.map(\.rule) == ["S002", "S003", "S001"])
        #expect(found[1].message == "3 layers, but a function may use at most 2")
        #expect(found[0].message.hasPrefix("the function's code unzips to "))
        #expect(found[0].message.hasSuffix("over Lambda's 20,000-byte limit"))
        // The real limits.
        #expect(try Self.findings(layers, select: ["S"]).isEmpty)
    }

    @Test func metadataThatContradictsTheBinaries() throws {
        let json = """
            {"LayerVersionArn": "arn:aws:lambda:eu-west-1:123456789012:layer:fastmath:4",
             "CompatibleRuntimes": ["python3.11", "python3.12"], "CompatibleArchitectures": ["x86_64", "arm64"],
             "Content": {"CodeSha256": "x"}}
            """
        let metadata = try LayerVersionMetadata.decode(Data(json.utf8), file: "fastmath-4.json")
        let found = try Self.findings(
            [FixturePaths.layer("native-x86_64.zip")], select: ["C009"], metadata: metadata)
        #expect(
            found.map(\.message) == [
                "fastmath-4.json claims python3.12, but the layer's extension modules are built for CPython 3.11 only",
                "fastmath-4.json claims x86_64 and arm64, but the layer's 1 native file is built for x86_64 only",
            ])
        // abi3 modules load in every claimed Python; a pure layer claims nothing it lacks.
        #expect(
            try Self.findings([FixturePaths.layer("native-abi3.zip")], select: ["C009"], metadata: metadata).map(
                \.message)
                == ["fastmath-4.json claims x86_64 and arm64, but the layer's 1 native file is built for x86_64 only"])
        #expect(
            try Self.findings([FixturePaths.layer("deps-requests-complete.zip")], select: ["C009"], metadata: metadata)
                .isEmpty)
    }
}
