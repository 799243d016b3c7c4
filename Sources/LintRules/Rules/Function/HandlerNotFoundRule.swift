import ImageModel
import LambdaPlatform
import PythonSource

/// F001: the handler's module or function is missing from the function package.
struct HandlerNotFoundRule: Rule {
    static let description = RuleDescription(
        id: "F001", name: "handler-not-found", family: .function, defaultSeverity: .error,
        summary: "The handler's module is not in the function package, does not compile, or does not define the "
            + "handler's name at module level.",
        rationale: "The runtime splits the handler at its last dot (src/app.handler and src.app.handler both mean "
            + "module src.app, name handler), imports the module from /var/task or the layers and looks the name "
            + "up. A missing module is Runtime.ImportModuleError, a syntax error Runtime.UserCodeSyntaxError, a "
            + "missing name Runtime.HandlerNotFound, each on every invocation. An async def is not awaited: the "
            + "call returns a coroutine, which cannot be returned as JSON (a warning).",
        fix: "point the handler at the module and function that exist (aws lambda update-function-configuration "
            + "--handler module.function), or zip the package so that the module is at its root",
        fires: "handler app.handler with no app.py in the ZIP; lambda_function.py without lambda_handler; a "
            + "syntax error in the handler's module",
        passes: "src/app.handler with src/app.py defining handler, or handler = Mangum(app) at module level",
        needs: [.runtime, .functionSources, .importModel],
        examples: [
            .fires(
                "handler app.handler with no app.py in the function package",
                [.members([.file("python/six.py")])],
                function: [.file("lambda_function.py", "def lambda_handler(event, context):\n    return 1\n")],
                handler: "app.handler", findings: ["error -"]),
            .fires(
                "a module without the handler's function",
                [.members([.file("python/six.py")])],
                function: [.file("app.py", "def other(event, context):\n    return 1\n")],
                handler: "app.handler", findings: ["error app.py"]),
            .passes(
                "src/app.handler with src/app.py defining handler",
                [.members([.file("python/six.py")])],
                function: [.file("src/app.py", "def handler(event, context):\n    return 1\n")],
                handler: "src/app.handler"),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let setting = context.handler, let python = context.python,
            let functionPackage = context.image.functionPackageSource
        else { return [] }
        let archive = context.image.sources[functionPackage].path
        guard let handler = HandlerName(setting) else {
            return [
                Finding(
                    rule: Self.description,
                    message:
                        "the handler \"\(setting)\" has no dot: the runtime fails with Runtime.MalformedHandlerName "
                        + "(Bad handler); a handler is module.function",
                    archive: archive, path: nil,
                    fix: "set the handler to module.function, e.g. lambda_function.lambda_handler")
            ]
        }
        let top = String(handler.module.prefix { $0 != "." })
        if context.standardLibrary?.isBuiltin(top) == true {
            return [
                Finding(
                    rule: Self.description,
                    message: "the handler's module \(handler.module) has the name of a module built into Python: the "
                        + "runtime refuses it (Cannot use built-in module \(top) as a handler module)",
                    archive: archive, path: nil, fix: "rename the module and set the handler to the new name")
            ]
        }
        let code = FunctionCode(context)
        let resolution = ImportResolution(handler.module, in: context, python: python, folders: context.image.folders())
        switch resolution.outcome {
        case .file(let source, let member, _):
            guard source == functionPackage, let module = code.ordered.first(where: { $0.path == member }),
                let scan = code.scan(of: module)
            else { return [] }
            return check(
                scan, of: module, handler: handler, archive: archive,
                imported: context.imports?.module(handler.module))
        case .namespace(let folders):
            return [
                Finding(
                    rule: Self.description,
                    message: "the handler's module \(handler.module) is a folder without __init__.py "
                        + "(\(folders.joined(separator: ", "))), which defines no \(handler.function): "
                        + "Runtime.HandlerNotFound",
                    archive: archive, path: nil,
                    fix: "point the handler at the .py file that defines \(handler.function), or add "
                        + "\(handler.written)/__init__.py defining it")
            ]
        case .notFound, .notAPackage, .runtime:
            return [missingModule(handler, code: code, archive: archive)]
        }
    }

    /// The module is in the package: it must compile and bind the handler's name when it
    /// runs (a `def` under `if __name__ == "__main__":` is never bound on Lambda).
    private func check(
        _ scan: ModuleScan, of source: FunctionSource, handler: HandlerName, archive: String,
        imported: ImportModel.Module?
    ) -> [Finding] {
        if let error = scan.syntaxError {
            return [
                Finding(
                    rule: Self.description,
                    message: "\(source.path) does not compile: line \(error.line): \(error.message); the runtime fails "
                        + "with Runtime.UserCodeSyntaxError before any invocation",
                    archive: archive, path: source.path,
                    fix:
                        "fix line \(error.line) of \(source.path) (python3 -m py_compile \(source.path) shows the error)"
                )
            ]
        }
        // A module whose import fails is F002's (or a layer rule's); one the model did not
        // run is taken to define it.
        guard let imported, imported.failure == nil, !imported.notRun, let outcome = imported.outcome else { return [] }
        // The module-level functions that run, in source order.
        let functions = scan.statements.compactMap { statement -> (name: String, isAsync: Bool)? in
            guard statement.parent == nil, case .function(let name, let isAsync) = statement.kind,
                outcome.bound[name] != nil
            else { return nil }
            return (name, isAsync)
        }
        if outcome.bound[handler.function] != nil {
            guard functions.contains(where: { $0.name == handler.function && $0.isAsync }) else { return [] }
            return [
                Finding(
                    rule: Self.description, severity: .warning,
                    message:
                        "\(handler.function) in \(source.path) is an async def: the Python runtime calls it without "
                        + "awaiting it, so each invocation returns a coroutine, which it cannot send back as JSON",
                    archive: archive, path: source.path,
                    fix:
                        "add a plain handler that runs it (import asyncio; def \(handler.function)_sync(event, context): "
                        + "return asyncio.run(\(handler.function)(event, context))) and point the handler at "
                        + "\(handler.written).\(handler.function)_sync")
            ]
        }
        // `from x import *` or a module `__getattr__` may make it: nothing certain to say.
        guard !outcome.hasStarImport, !outcome.definesGetattr else { return [] }
        let names = functions.map(\.name)
        let suggestion =
            names.count == 1
            ? "set the handler to \(handler.written).\(names[0]) (it is the only function \(source.path) "
                + "defines), or define \(handler.function) at module level"
            : "define \(handler.function)(event, context) at module level in \(source.path), or set the handler "
                + "to a function it defines"
        // A def of that name outside functions and classes that did not run: under a false test.
        let guarded = scan.statements.contains { statement in
            guard case .function(handler.function, _) = statement.kind, !statement.inFunction else { return false }
            var parent = statement.parent
            while let index = parent {
                if case .class = scan.statements[index].kind { return false }
                parent = scan.statements[index].parent
            }
            return true
        }
        return [
            Finding(
                rule: Self.description,
                message: "\(source.path) defines no \(handler.function) at module level"
                    + (guarded
                        ? " when it is imported (its def runs only under a test that is false on Lambda, "
                            + "such as if __name__ == \"__main__\")" : "")
                    + (names.isEmpty ? "" : " (it defines \(names.joined(separator: ", ")))")
                    + ": the runtime fails with Runtime.HandlerNotFound",
                archive: archive, path: source.path,
                fix: guarded
                    ? "move def \(handler.function) out of the if block, to module level, so that it runs when the "
                        + "runtime imports \(source.path)"
                    : suggestion)
        ]
    }

    /// No module of that name: where a file of the same name sits, if one does.
    private func missingModule(_ handler: HandlerName, code: FunctionCode, archive: String) -> Finding {
        let last = handler.module.split(separator: ".").last.map(String.init) ?? handler.module
        let candidates = code.ordered.filter { $0.module.split(separator: ".").last.map(String.init) == last }
        let expected = handler.module.replacingOccurrences(of: ".", with: "/")
        var fix =
            "put \(expected).py (or \(expected)/__init__.py) at the root of the function package, or set the "
            + "handler to the module that defines \(handler.function)"
        if let found = candidates.first {
            let module = found.module.replacingOccurrences(of: ".", with: "/")
            fix =
                "set the handler to \(module).\(handler.function) (the module is \(found.path)), or zip the "
                + "contents of its folder so that \(found.path.split(separator: "/").last ?? "") is at the root"
        }
        return Finding(
            rule: Self.description,
            message: "the handler's module \(handler.module) is not in the function package or any layer: the runtime "
                + "fails with Runtime.ImportModuleError (Unable to import module '\(handler.written)': No module named "
                + "'\(handler.module)')",
            archive: archive, path: candidates.first?.path, fix: fix)
    }
}
