import Foundation
import TestSupport
import Testing

@testable import LambdaPlatform

/// AWS CLI outputs (Fixtures/aws, made by make_aws_fixtures.py) decoded into targets and layer metadata.
@Suite struct AWSCLIOutputTests {
    func data(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: FixturePaths.aws(name)))
    }

    func function(_ name: String) throws -> FunctionConfiguration {
        try FunctionConfiguration.decode(data(name), file: name)
    }

    func layer(_ name: String) throws -> LayerVersionMetadata {
        try LayerVersionMetadata.decode(data(name), file: name)
    }

    @Test func getFunctionConfiguration() throws {
        let configuration = try function("get-function-configuration.json")
        #expect(configuration.functionName == "orders-api")
        #expect(configuration.runtime == "python3.11")
        #expect(configuration.handler == "app.handler")
        #expect(configuration.architectures == [.arm64])
        #expect(
            configuration.layerArns == [
                "arn:aws:lambda:eu-west-1:123456789012:layer:requests:3",
                "arn:aws:lambda:eu-west-1:123456789012:layer:tools:7",
            ])
        #expect(configuration.environment["PYTHONPATH"] == "/opt/custom")
    }

    @Test func getFunctionWrapsTheSameConfiguration() throws {
        #expect(try function("get-function.json") == function("get-function-configuration.json"))
    }

    @Test func missingArchitecturesMeanX86() throws {
        let json = #"{"FunctionName": "f", "Runtime": "python3.12", "PackageType": "Zip"}"#
        #expect(try FunctionConfiguration.decode(Data(json.utf8), file: "f.json").architectures == [.x86_64])
    }

    @Test func badFunctionInputsNameTheFile() throws {
        #expect(
            throws: LambdaConfigError.imageFunction(file: "get-function-configuration-image.json", name: "orders-image")
        ) {
            try function("get-function-configuration-image.json")
        }
        #expect(throws: LambdaConfigError.notAFunctionConfiguration(file: "not-lambda.json")) {
            try function("not-lambda.json")
        }
        #expect(throws: LambdaConfigError.notAFunctionConfiguration(file: "get-layer-version.json")) {
            try function("get-layer-version.json")
        }
        do {
            _ = try function("malformed.json")
            Issue.record("malformed JSON was accepted")
        } catch let error as LambdaConfigError {
            guard case .malformedJSON(let file, _) = error else {
                Issue.record("expected malformedJSON, got \(error)")
                return
            }
            #expect(file == "malformed.json")
            #expect(error.description.hasPrefix("malformed.json is not valid JSON: "))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func layerVersionCommands() throws {
        let requests = try layer("get-layer-version.json")
        #expect(requests.layerVersionArn == "arn:aws:lambda:eu-west-1:123456789012:layer:requests:3")
        #expect(requests.version == 3)
        #expect(requests.compatibleRuntimes == ["python3.11", "python3.12"])
        #expect(requests.compatibleArchitectures == [.x86_64])
        #expect(requests.codeSha256 != nil)
        let published = try layer("publish-layer-version.json")
        #expect(published.compatibleArchitectures == [.x86_64, .arm64])
        let item = try layer("list-layer-versions-item.json")
        #expect(item.codeSha256 == nil)
        #expect(item.compatibleArchitectures == [.arm64])
    }

    @Test func badLayerInputsNameTheFile() {
        #expect(throws: LambdaConfigError.unknownArchitecture(file: "layer-unknown-architecture.json", value: "sparc"))
        {
            try layer("layer-unknown-architecture.json")
        }
        #expect(throws: LambdaConfigError.notLayerMetadata(file: "not-lambda.json")) { try layer("not-lambda.json") }
    }

    @Test func architectureSpellings() {
        #expect(Architecture(spelling: "aarch64") == .arm64)
        #expect(Architecture(spelling: "ARM64") == .arm64)
        #expect(Architecture(spelling: "amd64") == .x86_64)
        #expect(Architecture(spelling: "x86_64") == .x86_64)
        #expect(Architecture(spelling: "ppc64le") == nil)
        #expect(Architecture.arm64.machine == "aarch64")
    }
}

@Suite struct LayerMatchingTests {
    func metadata(_ name: String) throws -> LayerVersionMetadata {
        try LayerVersionMetadata.decode(
            Data(contentsOf: URL(fileURLWithPath: FixturePaths.aws(name))), file: name)
    }

    func digest(_ zip: String) throws -> String {
        FileDigest.sha256(of: try Data(contentsOf: URL(fileURLWithPath: FixturePaths.zip(zip)))).base64
    }

    @Test func digestMatchesWhatPythonComputed() throws {
        // make_aws_fixtures.py wrote CodeSha256 with Python's hashlib.
        #expect(try digest("infozip-requests-layer.zip") == metadata("get-layer-version.json").codeSha256)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.zip("empty.zip")))
        let empty = FileDigest.sha256(of: bytes)
        var hasher = FileDigest.Hasher()
        hasher.update(bytes.prefix(7))
        hasher.update(bytes.dropFirst(7))
        #expect(hasher.finalize() == empty)
        #expect(empty.hex.count == 64)
    }

    @Test func matchesByDigestWhateverTheOrder() throws {
        let layers = [try digest("python-methods.zip"), try digest("infozip-requests-layer.zip")]
        let result = LayerMatching.match(
            layerDigests: layers,
            metadata: [try metadata("get-layer-version.json"), try metadata("publish-layer-version.json")])
        #expect(result.metadataByLayer[0]?.file == "publish-layer-version.json")
        #expect(result.metadataByLayer[1]?.file == "get-layer-version.json")
        #expect(result.unmatched.isEmpty)
    }

    @Test func listItemsGoToTheRemainingLayersInOrder() throws {
        let layers = [try digest("infozip-requests-layer.zip"), try digest("python-methods.zip")]
        let result = LayerMatching.match(
            layerDigests: layers,
            metadata: [try metadata("list-layer-versions-item.json"), try metadata("get-layer-version.json")])
        #expect(result.metadataByLayer[0]?.file == "get-layer-version.json")
        #expect(result.metadataByLayer[1]?.file == "list-layer-versions-item.json")
    }

    @Test func staleMetadataIsReportedNotGuessed() throws {
        let result = LayerMatching.match(
            layerDigests: [try digest("infozip-requests-layer.zip")],
            metadata: [try metadata("get-layer-version-stale.json")])
        #expect(result.metadataByLayer.isEmpty)
        #expect(result.unmatched.map(\.file) == ["get-layer-version-stale.json"])
    }

}

@Suite struct LambdaConfigErrorMessageTests {
    @Test func malformedJSONSaysWhereItBroke() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.aws("malformed.json")))
        #expect(
            throws: LambdaConfigError.malformedJSON(
                file: "malformed.json", detail: "Unexpected end of file during JSON parse.")
        ) { try FunctionConfiguration.decode(data, file: "malformed.json") }
        #expect(
            LambdaConfigError.malformedJSON(file: "malformed.json", detail: "Unexpected end of file during JSON parse.")
                .description == "malformed.json is not valid JSON: Unexpected end of file during JSON parse.")
    }
}
