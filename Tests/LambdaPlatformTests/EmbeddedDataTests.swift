import Foundation
import TestSupport
import Testing

@testable import LambdaPlatform

/// The data compiled into the binary is exactly the reviewed JSON files (scripts/embed-data
/// writes it; run it after changing one).
@Suite struct EmbeddedDataTests {
    static func resource(_ name: String) throws -> String {
        let url = FixturePaths.packageRoot.appendingPathComponent("Sources/LambdaPlatform/Resources/\(name)")
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    @Test func theCatalogIsTheJSONFile() throws {
        #expect(EmbeddedData.runtimes == (try Self.resource("runtimes.json")), "run scripts/embed-data")
        #expect(RuntimeCatalog.bundledAsOf == (try RuntimeCatalog.bundled()).asOf, "run scripts/embed-data")
    }

    @Test func theStandardLibraryNamesAreTheJSONFile() throws {
        #expect(
            EmbeddedData.standardLibrary == (try Self.resource("standard-library.json")), "run scripts/embed-data")
    }

    @Test func theImportHooksAreTheJSONFileAndDecode() throws {
        #expect(EmbeddedData.importHooks == (try Self.resource("import-hooks.json")), "run scripts/embed-data")
        let data = try ImportHooks.bundled()
        let hooks = data.hooks
        #expect(hooks.contains { $0.provider == "_distutils_hack" && $0.provides("distutils.core") })
        #expect(hooks.contains { $0.provider == "six" && $0.provides("six.moves.urllib.parse") })
        #expect(hooks.allSatisfy { $0.source.hasPrefix("https://") && !$0.how.isEmpty && !($0.provides.isEmpty && $0.pathEntries.isEmpty) })
        #expect(!hooks.contains { $0.provides("sixty") })
        #expect(data.compiledImports.contains { $0.module == "nacl._sodium" && $0.imports == ["_cffi_backend"] })
    }
}
