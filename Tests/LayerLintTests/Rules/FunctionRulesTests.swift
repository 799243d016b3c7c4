import Foundation
import LambdaPlatform
@testable import LayerLint
@testable import LintRules
import TestSupport
import Testing

/// F001 and F002 on the function packages of Fixtures/functions/make_function_fixtures.py,
/// with the handler and runtime from a function configuration, as `check` reads them.
@Suite struct FunctionRulesTests {
    static func findings(
        _ function: String, config: String, layers: [String] = [], select: [String] = ["F"]
    ) throws -> [Finding] {
        let options = CheckOptions(
            layers: layers.map(FixturePaths.layer), functionConfig: FixturePaths.function(config),
            functionZip: FixturePaths.function(function), select: select, today: "2026-12-01")
        return try CheckRun.report(for: options, catalog: try RuntimeCatalog.bundled()).findings
    }

    static func summary(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.rule) \($0.severity.rawValue) \($0.path ?? "-")" }
    }

    /// Every kind of import: only what nothing provides fires, once per module.
    @Test func importsOnPython311() throws {
        let found = try Self.findings("fn-imports.zip", config: "config-lambda-function.json")
        #expect(
            found.map(\.message) == [
                "import app.settings (app/core.py line 3) fails at init with Runtime.ImportModuleError: app is the "
                    + "function package's own app/, which has no app/settings.py or app/settings/__init__.py",
                "the relative import from . (helpers.py line 1) fails at init with Runtime.ImportModuleError: a "
                    + "top-level module has no parent package (ImportError: attempted relative import with no known "
                    + "parent package)",
                "import orjson (lambda_function.py line 35) fails when that function runs: no layer is attached, and "
                    + "neither the function package nor the runtime provides orjson on the sys.path of python3.11",
                "import requests (lambda_function.py line 6) fails at init with Runtime.ImportModuleError: no layer is "
                    + "attached, and neither the function package nor the runtime provides requests on the sys.path "
                    + "of python3.11",
                "import yaml (lambda_function.py line 7) fails at init with Runtime.ImportModuleError: no layer is "
                    + "attached, and neither the function package nor the runtime provides yaml on the sys.path of "
                    + "python3.11",
            ])
        #expect(
            Self.summary(found) == [
                "F002 error app/core.py", "F002 error helpers.py", "F002 warning lambda_function.py",
                "F002 error lambda_function.py", "F002 error lambda_function.py",
            ])
        #expect(
            found.last?.fix
                == "attach the layer that provides yaml, or install PyYAML into the function package (in the folder "
                + "it is zipped from): pip install --platform manylinux2014_x86_64 --implementation cp "
                + "--only-binary=:all: --python-version 3.11 --upgrade --target . PyYAML")
    }

    /// On 3.12 asyncore has left the standard library; the 3.8 branch stays skipped.
    @Test func importsOnPython312() throws {
        let found = try Self.findings("fn-imports.zip", config: "config-lambda-function-312.json")
        let asyncore = try #require(found.first { $0.message.hasPrefix("import asyncore") })
        #expect(
            asyncore.message
                == "import asyncore (lambda_function.py line 12) fails at init with Runtime.ImportModuleError: "
                + "asyncore is no longer in the standard library of Python 3.12 (Python 3.11's had it), and nothing "
                + "else provides it on the sys.path of python3.12")
        #expect(asyncore.fix == "use asyncio instead (PEP 594)")
        #expect(found.count == 6)
        #expect(!found.contains { $0.message.contains("importlib_metadata") })
    }

    /// The layer that was forgotten: attached, requests is found (the near miss of F002).
    @Test func anAttachedLayerSatisfiesTheImport() throws {
        let found = try Self.findings(
            "fn-imports.zip", config: "config-lambda-function.json", layers: ["deps-requests-complete.zip"])
        #expect(!found.contains { $0.message.hasPrefix("import requests") })
        #expect(found.count == 4)
    }

    /// A layer that has the module where Python does not look: F002 says where and which rule explains it.
    @Test func aMisplacedCopyIsNamed() throws {
        let found = try Self.findings(
            "fn-imports.zip", config: "config-lambda-function.json", layers: ["layout-root.zip"])
        let requests = try #require(found.first { $0.message.hasPrefix("import requests") })
        #expect(
            requests.message.hasSuffix(
                "neither the layers (\(FixturePaths.layer("layout-root.zip"))) nor the function package nor the runtime "
                    + "provides requests; \(FixturePaths.layer("layout-root.zip")) has it at requests/__init__.py, "
                    + "where Python does not look (L001) on the sys.path of python3.11"))
    }

    @Test func handlerLayouts() throws {
        #expect(
            try Self.summary(Self.findings("fn-handler-subfolder.zip", config: "config-app-handler.json"))
                == ["F001 error src/app.py"])
        #expect(try Self.findings("fn-handler-subfolder.zip", config: "config-src-app-handler.json").isEmpty)
        #expect(try Self.findings("fn-handler-assigned.zip", config: "config-app-handler.json").isEmpty)
        let missing = try Self.findings("fn-handler-missing-function.zip", config: "config-lambda-function.json")
        #expect(
            missing.map(\.message) == [
                "lambda_function.py defines no lambda_handler at module level (it defines handler): the runtime fails "
                    + "with Runtime.HandlerNotFound"
            ])
        #expect(
            missing.first?.fix
                == "set the handler to lambda_function.handler (it is the only function lambda_function.py defines), "
                + "or define lambda_handler at module level")
        let async = try Self.findings("fn-handler-async.zip", config: "config-app-handler.json")
        #expect(Self.summary(async) == ["F001 warning app.py"])
        let syntax = try Self.findings("fn-handler-syntax.zip", config: "config-app-handler.json")
        #expect(
            syntax.map(\.message) == [
                "app.py does not compile: line 5: unmatched ')'; the runtime fails with Runtime.UserCodeSyntaxError "
                    + "before any invocation"
            ])
        let mainGuard = try Self.findings("fn-handler-main-guard.zip", config: "config-lambda-function-312.json")
        #expect(
            mainGuard.map(\.message) == [
                "lambda_function.py defines no lambda_handler at module level when it is imported (its def runs only "
                    + "under a test that is false on Lambda, such as if __name__ == \"__main__\"): the runtime fails "
                    + "with Runtime.HandlerNotFound"
            ])
        #expect(
            mainGuard.first?.fix
                == "move def lambda_handler out of the if block, to module level, so that it runs when the runtime "
                + "imports lambda_function.py")
        let noDot = try Self.findings("fn-handler-assigned.zip", config: "config-no-dot.json")
        #expect(Self.summary(noDot) == ["F001 error -"])
        let subfolder = try Self.findings("fn-handler-subfolder.zip", config: "config-app-handler.json")
        #expect(
            subfolder.first?.fix
                == "set the handler to src/app.handler (the module is src/app.py), or zip the contents of its folder "
                + "so that app.py is at the root")
    }
}
