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
}
