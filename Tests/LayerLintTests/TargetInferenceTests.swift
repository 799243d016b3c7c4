import Foundation
@testable import ImageModel
import LambdaPlatform
@testable import LayerLint
@testable import OpeningStage
import TestSupport
import Testing

/// Without `--runtime`/`--arch`, the target is taken from what the inputs say, and the
/// report says from where; nothing is taken where the inputs disagree.
@Suite struct TargetInferenceTests {
    static let catalog: RuntimeCatalog = {
        do { return try RuntimeCatalog.bundled() } catch { fatalError("\(error)") }
    }()

    static func inferred(_ fixtures: [String], metadata: String? = nil) throws -> (String?, String?, String?) {
        let decoded = try metadata.map {
            try LayerVersionMetadata.decode(try Data(contentsOf: URL(fileURLWithPath: FixturePaths.aws($0))), file: $0)
        }
        let layers = try fixtures.map {
            try CheckInput.load(path: FixturePaths.layer($0), role: .layer).with(metadata: decoded)
        }
        let target = TargetInference.completing(.none, layers: layers, catalog: Self.catalog)
        return (target.runtime?.identifier, target.architecture?.rawValue, target.source)
    }

    @Test func fromEachSource() throws {
        // python/lib/python3.11/site-packages/ names the version.
        #expect(try Self.inferred(["layout-versioned-311.zip"]) == ("python3.11", nil, "layer-contents"))
        // Only python/, but every extension module is tagged cpython-312.
        #expect(try Self.inferred(["native-cp312.zip"]) == ("python3.12", nil, "layer-contents"))
        // Layer metadata naming one architecture (and two runtimes: the contents decide those).
        #expect(
            try Self.inferred(["layout-versioned-311.zip"], metadata: "get-layer-version.json")
                == ("python3.11", "x86_64", "layer-contents+layer-metadata"))
        // Nothing tells: a python/ layer of pure Python.
        #expect(try Self.inferred(["deps-requests-nodeps.zip"]) == (nil, nil, nil))
        // Layers that disagree (3.11 and 3.12 folders): nothing is taken.
        #expect(try Self.inferred(["layout-versioned-311.zip", "deps-requests-py312.zip"]) == (nil, nil, nil))
    }

    /// What the user gave is never replaced.
    @Test func givenPartsWin() throws {
        let layers = [try CheckInput.load(path: FixturePaths.layer("layout-versioned-311.zip"), role: .layer)]
        let given = Target(runtime: Self.catalog.runtime("python3.13"), architecture: .arm64, sources: ["command-line"])
        let target = TargetInference.completing(given, layers: layers, catalog: Self.catalog)
        #expect(target.runtime?.identifier == "python3.13" && target.architecture == .arm64)
        #expect(target.sources == ["command-line"])
    }
}
