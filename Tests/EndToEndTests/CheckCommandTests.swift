import Foundation
import TestSupport
import Testing

/// `layerlint check` as a user runs it: target resolution, inputs, and every bad input.
@Suite struct CheckCommandTests {
    let cli = InspectCommandTests()

    @Test func targetFromTheCommandLine() throws {
        let result = try cli.run(
            "check", "Fixtures/zip/infozip-requests-layer.zip", "--runtime", "python3.11", "--arch", "x86_64")
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(
            result.stdout == """
                target: python3.11 on x86_64 (from the command line)
                layer Fixtures/zip/infozip-requests-layer.zip: 8 entries, 452 bytes zipped, 656 bytes unzipped
                no rules run yet: the lint engine is not built in this version; 0 findings

                """)
    }

    @Test func jsonFollowsTheSchemaWithMetadataMatchedByDigest() throws {
        let result = try cli.run(
            "check", "Fixtures/zip/python-methods.zip", "Fixtures/zip/infozip-requests-layer.zip",
            "--function-config", "Fixtures/aws/get-function.json", "--runtime", "python3.12",
            "--layer-metadata", "Fixtures/aws/get-layer-version.json", "--format", "json")
        #expect(result.status == 0)
        cli.expectSnapshot(result.stdout, "check-function-config.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["findings", "inputs", "schemaVersion", "summary", "target", "tool"])
        let target = try #require(object["target"] as? [String: Any])
        #expect(target["runtime"] as? String == "python3.12")
        #expect(target["architecture"] as? String == "arm64")
        #expect(target["source"] as? String == "command-line+function-config")
    }

    @Test func withoutATargetTheReportSaysSo() throws {
        let result = try cli.run("check", "Fixtures/zip/infozip-requests-layer.zip")
        #expect(result.status == 0)
        #expect(
            result.stdout.hasPrefix("target: none given; rules that need a runtime or architecture would be skipped\n"))
    }

    @Test func corruptLayerIsReportedNotFatal() throws {
        let result = try cli.run("check", "Fixtures/zip/not-a-zip.zip", "--runtime", "python3.11")
        #expect(result.status == 0)
        #expect(result.stdout.contains("layer Fixtures/zip/not-a-zip.zip: unreadable: "))
    }

    @Test(arguments: [
        (
            ["--runtime", "python3.7"],
            "layerlint: error: --runtime: unknown runtime \"python3.7\"; known runtimes: dotnet8,"
        ),
        (["--arch", "sparc"], "layerlint: error: --arch: unknown architecture \"sparc\""),
        (
            ["--function-config", "Fixtures/aws/malformed.json"],
            "layerlint: error: Fixtures/aws/malformed.json is not valid JSON: Unexpected end of file during JSON parse."
        ),
        (
            ["--function-config", "Fixtures/aws/get-function-configuration-image.json"],
            "layerlint: error: Fixtures/aws/get-function-configuration-image.json describes orders-image, a container-image function"
        ),
        (
            ["--function-config", "Fixtures/aws/no-such-file.json"],
            "layerlint: error: cannot read Fixtures/aws/no-such-file.json: no such file"
        ),
        (
            ["--layer-metadata", "Fixtures/aws/get-layer-version-stale.json"],
            "layerlint: error: Fixtures/aws/get-layer-version-stale.json describes a layer whose CodeSha256 is that of none"
        ),
        (
            ["--layer-metadata", "Fixtures/aws/not-lambda.json"],
            "layerlint: error: Fixtures/aws/not-lambda.json is not layer metadata"
        ),
        (
            ["--output", "Fixtures/zip/infozip-requests-layer.zip"],
            "layerlint: error: --output Fixtures/zip/infozip-requests-layer.zip is one of the inputs"
        ),
        (
            ["--template", "Fixtures/templates/sam-two-functions.yaml"],
            "layerlint: error: Fixtures/templates/sam-two-functions.yaml defines several functions; choose one with --function: OrdersApiFunction, ReportsFunction"
        ),
        (
            ["--template", "Fixtures/templates/sam-two-functions.yaml", "--function", "Nope"],
            "layerlint: error: Fixtures/templates/sam-two-functions.yaml has no function Nope; its functions are: OrdersApiFunction, ReportsFunction"
        ),
        (
            ["--template", "Fixtures/templates/sam-image-function.yaml"],
            "layerlint: error: Fixtures/templates/sam-image-function.yaml describes ImageFunction, a container-image function"
        ),
        (
            ["--template", "Fixtures/templates/sam-malformed.yaml"],
            "layerlint: error: Fixtures/templates/sam-malformed.yaml is not a readable template: "
        ),
        (
            ["--template", "Fixtures/templates/not-a-template.yaml"],
            "layerlint: error: Fixtures/templates/not-a-template.yaml is not a CloudFormation or SAM template"
        ),
        (
            ["--template", "Fixtures/templates/sam-no-functions.yaml"],
            "layerlint: error: Fixtures/templates/sam-no-functions.yaml defines no AWS::Serverless::Function or AWS::Lambda::Function"
        ),
    ])
    func badInputsExitTwoNamingTheCulprit(arguments: [String], message: String) throws {
        let result = try cli.run(["check", "Fixtures/zip/infozip-requests-layer.zip"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func targetAndLayerMetadataFromATemplate() throws {
        let result = try cli.run(
            "check", "Fixtures/zip/infozip-requests-layer.zip", "Fixtures/zip/python-methods.zip",
            "Fixtures/zip/python-modes.zip", "--template", "Fixtures/templates/sam-two-functions.yaml",
            "--function", "OrdersApiFunction", "--format", "json")
        #expect(result.status == 0)
        cli.expectSnapshot(result.stdout, "check-template.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let target = try #require(object["target"] as? [String: Any])
        #expect(target["runtime"] as? String == "python3.11")
        #expect(target["architecture"] as? String == "arm64")
        #expect(target["source"] as? String == "template")
        let inputs = try #require(object["inputs"] as? [[String: Any]])
        #expect(
            inputs.map { $0["layerMetadata"] as? String } == [
                "Fixtures/templates/sam-two-functions.yaml#DependenciesLayer", nil, nil,
            ])
    }

    @Test func functionConfigurationWinsOverTheTemplate() throws {
        let result = try cli.run(
            "check", "Fixtures/zip/infozip-requests-layer.zip", "--template",
            "Fixtures/templates/cloudformation-lambda.json",
            "--function-config", "Fixtures/aws/get-function-configuration.json")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("target: python3.11 on arm64 (from the function configuration)\n"))
    }

    @Test func layerMetadataForALayerTheFunctionDoesNotUse() throws {
        // The function uses requests:3 and tools:7; this metadata is for requests:2.
        let result = try cli.run(
            "check", "Fixtures/zip/python-modes.zip", "--function-config",
            "Fixtures/aws/get-function-configuration.json",
            "--layer-metadata", "Fixtures/aws/get-layer-version-stale.json")
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "layerlint: error: Fixtures/aws/get-layer-version-stale.json describes "
                + "arn:aws:lambda:eu-west-1:123456789012:layer:requests:2, which is not among the layers of the "
                + "function in Fixtures/aws/get-function-configuration.json\n")
    }

    @Test func functionWithoutTemplateIsAUsageError() throws {
        let result = try cli.run("check", "Fixtures/zip/infozip-requests-layer.zip", "--function", "X")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--function needs --template"))
    }

    @Test func missingLayerExitsTwo() throws {
        let result = try cli.run("check", "Fixtures/zip/no-such-layer.zip", "--runtime", "python3.11")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("layerlint: error: cannot read Fixtures/zip/no-such-layer.zip"))
    }

    @Test func outputGoesToTheFileOnly() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-check-\(UUID().uuidString).json"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try cli.run(
            "check", "Fixtures/zip/infozip-requests-layer.zip", "--format", "json", "--output", path)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.hasPrefix("{\n  \"findings\": [],"))
    }
}
