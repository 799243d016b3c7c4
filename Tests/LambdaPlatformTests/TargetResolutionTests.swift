import Foundation
import TestSupport
import Testing

@testable import LambdaPlatform

@Suite struct TargetResolutionTests {
    let catalog = RuntimeCatalogTests.catalog

    func configuration() throws -> (configuration: FunctionConfiguration, file: String) {
        let data = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.aws("get-function-configuration.json")))
        return (try FunctionConfiguration.decode(data, file: "fn.json"), "fn.json")
    }

    @Test func commandLineAlone() throws {
        let target = try TargetResolution.resolve(
            runtimeOption: "python3.11", architectureOption: "aarch64", functionConfiguration: nil, catalog: catalog)
        #expect(target.runtime?.identifier == "python3.11")
        #expect(target.architecture == .arm64)
        #expect(target.source == "command-line")
    }

    @Test func functionConfigurationAlone() throws {
        let target = try TargetResolution.resolve(
            runtimeOption: nil, architectureOption: nil, functionConfiguration: try configuration(), catalog: catalog)
        #expect(target.runtime?.identifier == "python3.11")
        #expect(target.architecture == .arm64)
        #expect(target.source == "function-config")
    }

    @Test func commandLineWinsOverTheFunctionConfiguration() throws {
        let target = try TargetResolution.resolve(
            runtimeOption: "python3.12", architectureOption: nil, functionConfiguration: try configuration(),
            catalog: catalog)
        #expect(target.runtime?.identifier == "python3.12")
        #expect(target.architecture == .arm64)
        #expect(target.source == "command-line+function-config")
    }

    @Test func noTargetAtAll() throws {
        let target = try TargetResolution.resolve(
            runtimeOption: nil, architectureOption: nil, functionConfiguration: nil, catalog: catalog)
        #expect(target.runtime == nil && target.architecture == nil && target.source == nil)
    }

    @Test func unknownValuesSayWhereTheyCameFrom() {
        #expect(throws: TargetError.unknownArchitecture("sparc", origin: "--arch")) {
            try TargetResolution.resolve(
                runtimeOption: nil, architectureOption: "sparc", functionConfiguration: nil, catalog: catalog)
        }
        do {
            _ = try TargetResolution.resolve(
                runtimeOption: "python2.7", architectureOption: nil, functionConfiguration: nil, catalog: catalog)
            Issue.record("python2.7 resolved")
        } catch {
            #expect(error.description.hasPrefix("--runtime: unknown runtime \"python2.7\"; known runtimes: "))
            #expect(
                error.description.hasSuffix(
                    ", ruby3.4 (the runtime catalog is as of 2026-11-20; for a runtime added since, give a newer one "
                        + "with --catalog FILE)"))
        }
    }
}
