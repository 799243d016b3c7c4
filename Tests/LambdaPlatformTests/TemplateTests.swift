import Foundation
import TestSupport
import Testing

@testable import LambdaPlatform

/// SAM and CloudFormation templates (Fixtures/templates) as targets and layer metadata.
@Suite struct TemplateTests {
    func template(_ name: String) throws -> Template {
        try Template(text: String(contentsOfFile: FixturePaths.template(name), encoding: .utf8), file: name)
    }

    @Test func samGlobalsApplyAndListsConcatenate() throws {
        let function = try template("sam-two-functions.yaml").function(named: "OrdersApiFunction")
        #expect(function.runtime == "python3.11")
        #expect(function.architectures == [.arm64])
        #expect(function.handler == "app.handler")
        #expect(function.codeLocation == "src/orders/")
        // Globals' layer first, then the function's own (SAM concatenates lists).
        #expect(function.layers.count == 3)
        guard case .resource(let dependencies) = function.layers[0] else {
            Issue.record("the first layer is not the template's DependenciesLayer")
            return
        }
        #expect(dependencies.logicalId == "DependenciesLayer")
        #expect(dependencies.compatibleRuntimes == ["python3.11", "python3.12"])
        #expect(dependencies.compatibleArchitectures == [.arm64])
        #expect(dependencies.buildMethod == "python3.11")
        #expect(dependencies.buildArchitecture == .arm64)
        #expect(dependencies.contentLocation == "layers/deps/")
        guard case .arn(let powertools) = function.layers[1], case .arn(let shared) = function.layers[2] else {
            Issue.record("the parameter default and the !Sub pattern did not resolve to ARNs")
            return
        }
        #expect(powertools.hasSuffix(":layer:AWSLambdaPowertoolsPythonV3-python311-arm64:7"))
        #expect(shared == "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:layer:shared-utils:3")
    }

    @Test func functionLevelValuesWinOverGlobals() throws {
        let reports = try template("sam-two-functions.yaml").function(named: "ReportsFunction")
        #expect(reports.runtime == "python3.12")
        // Lists concatenate even for Architectures, as SAM does; Lambda itself takes one.
        #expect(reports.architectures == [.arm64, .x86_64])
    }

    @Test func severalFunctionsNeedAName() throws {
        let sam = try template("sam-two-functions.yaml")
        #expect(sam.functionIds == ["OrdersApiFunction", "ReportsFunction"])
        #expect(
            throws: LambdaConfigError.functionNotChosen(
                file: "sam-two-functions.yaml", available: ["OrdersApiFunction", "ReportsFunction"])
        ) { try sam.function(named: nil) }
        #expect(
            throws: LambdaConfigError.functionNotFound(
                file: "sam-two-functions.yaml", name: "Missing", available: ["OrdersApiFunction", "ReportsFunction"])
        ) { try sam.function(named: "Missing") }
    }

    @Test func cloudFormationJSONWithLongFormIntrinsics() throws {
        let function = try template("cloudformation-lambda.json").function(named: nil)
        #expect(function.logicalId == "IngestFunction")
        #expect(function.runtime == "python3.12")
        #expect(function.architectures == [.x86_64])
        #expect(function.codeLocation == nil)
        #expect(function.layers.count == 2)
        guard case .resource(let requests) = function.layers[0], case .unresolved = function.layers[1] else {
            Issue.record("expected the template's layer, then an unresolved import")
            return
        }
        #expect(requests.compatibleRuntimes == ["python3.12", "python3.13"])
        #expect(requests.compatibleArchitectures == [.x86_64])
    }

    @Test func badTemplatesNameTheFile() throws {
        #expect(throws: LambdaConfigError.imageFunction(file: "sam-image-function.yaml", name: "ImageFunction")) {
            try template("sam-image-function.yaml").function(named: nil)
        }
        #expect(throws: LambdaConfigError.notATemplate(file: "not-a-template.yaml")) {
            try template("not-a-template.yaml")
        }
        #expect(throws: LambdaConfigError.noFunctions(file: "sam-no-functions.yaml")) {
            try template("sam-no-functions.yaml").function(named: nil)
        }
        do {
            _ = try template("sam-malformed.yaml")
            Issue.record("a misindented template was accepted")
        } catch let error as LambdaConfigError {
            guard case .malformedTemplate(let file, let detail) = error else {
                Issue.record("expected malformedTemplate, got \(error)")
                return
            }
            #expect(file == "sam-malformed.yaml")
            // One line, with the position: the command prints it as a single error line.
            #expect(
                detail
                    == "line 6, column 6: did not find expected key, while parsing a block mapping in line 3, column 5")
        }
    }

    @Test func shortAndLongIntrinsicsReadAlike() throws {
        let yaml = try TemplateValue.parse("A: !GetAtt Table.Arn\nB: !Ref Stage\nC: !If [IsProd, 1, 2]\n")
        let json = try TemplateValue.parse(
            #"{"A": {"Fn::GetAtt": "Table.Arn"}, "B": {"Ref": "Stage"}, "C": {"Fn::If": ["IsProd", 1, 2]}}"#)
        #expect(yaml == json)
        #expect(yaml["B"] == .intrinsic("Ref", .scalar("Stage")))
    }

    @Test func buildArchitectureStandsForMissingCompatibleArchitectures() throws {
        let text = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src/, Layers: [!Ref Deps]}
              Deps:
                Type: AWS::Serverless::LayerVersion
                Properties: {ContentUri: layer/, CompatibleRuntimes: [python3.12]}
                Metadata: {BuildMethod: python3.12, BuildArchitecture: arm64}
            """
        let function = try Template(text: text, file: "t.yaml").function(named: nil)
        guard case .resource(let layer)? = function.layers.first else {
            Issue.record("the layer is not resolved to its resource")
            return
        }
        #expect(layer.asMetadata.compatibleArchitectures == [.arm64])
        #expect(layer.asMetadata.compatibleRuntimes == ["python3.12"])
    }

    /// The function's environment with Globals applied: literal values (and parameters'
    /// defaults) are kept, values only a deployment knows are left out. The loader model reads
    /// LD_LIBRARY_PATH from it.
    @Test func environmentVariablesWithGlobals() throws {
        let text = """
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Level: {Type: String, Default: debug}
            Globals:
              Function:
                Environment:
                  Variables: {LD_LIBRARY_PATH: /opt/lib:/opt/python/lib, LOG_LEVEL: info}
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Environment:
                    Variables: {LOG_LEVEL: !Ref Level, TABLE: !GetAtt Table.Arn}
            """
        let function = try Template(text: text, file: "t.yaml").function(named: nil)
        #expect(function.environment == ["LD_LIBRARY_PATH": "/opt/lib:/opt/python/lib", "LOG_LEVEL": "debug"])
    }
}
