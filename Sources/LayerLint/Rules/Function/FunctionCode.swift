import LambdaPlatform
import PythonSource

/// A Lambda handler setting (`app.handler`, `src/app.handler`) split as the Python runtime
/// interface client splits it: at the last dot, with `/` in the module part read as `.`.
struct HandlerName: Equatable {
    /// The dotted module (`src.app`) and the name looked up on it (`handler`).
    let module: String
    let function: String
    /// The module part as written (`src/app`), for messages.
    let written: String

    init?(_ handler: String) {
        guard let dot = handler.lastIndex(of: ".") else { return nil }
        written = String(handler[..<dot])
        module = written.replacingOccurrences(of: "/", with: ".")
        function = String(handler[handler.index(after: dot)...])
        guard !module.isEmpty, !function.isEmpty else { return nil }
    }
}

/// The function package's own modules with their scans, for F001 and F002.
struct FunctionCode {
    struct Module {
        let source: FunctionSource
        let scan: ModuleScan?
    }

    let modules: [String: Module]
    let ordered: [Module]

    init(_ context: LintContext) {
        let version = context.python.map { $0.version.split(separator: ".").compactMap { Int($0) } }
        ordered = context.functionSources.map { source in
            Module(source: source, scan: source.text.map { ModuleScan(source: $0, pythonVersion: version) })
        }
        var byName: [String: Module] = [:]
        for module in ordered where byName[module.source.module] == nil { byName[module.source.module] = module }
        modules = byName
    }

    /// What an import of `source` names (see `ModuleScan.Import.target(from:isPackage:)`).
    static func absolute(_ item: ModuleScan.Import, in source: FunctionSource) -> ModuleScan.Import.Target {
        item.target(from: source.module, isPackage: source.isPackage)
    }

    /// The modules of the function package that run when the handler's module is
    /// imported (and when its functions run): its imports followed through the package,
    /// with every parent package's `__init__`. Without a handler in the package: every
    /// module except tests (`test_*.py`, `*_test.py`, `tests/`, `conftest.py`) and `setup.py`.
    func reachable(from handler: HandlerName?) -> [Module] {
        guard let handler, modules[handler.module] != nil else {
            return ordered.filter { !Self.isTestOrBuild($0.source.path) }
        }
        var seen = Set<String>()
        var queue = [handler.module]
        var result: [Module] = []
        func enqueue(_ dotted: String) {
            let parts = dotted.split(separator: ".").map(String.init)
            for count in 1...max(1, parts.count) {
                let prefix = parts.prefix(count).joined(separator: ".")
                if modules[prefix] != nil && seen.insert(prefix).inserted { queue.append(prefix) }
            }
        }
        seen.insert(handler.module)
        // The parents of the handler's module run first.
        let handlerParts = handler.module.split(separator: ".")
        for count in 1..<max(1, handlerParts.count) { enqueue(handlerParts.prefix(count).joined(separator: ".")) }
        while let name = queue.popLast() {
            guard let module = modules[name] else { continue }
            result.append(module)
            for item in module.scan?.imports ?? [] where item.place != .typeChecking && item.place != .otherPython {
                var target = item.module
                if item.level > 0 {
                    guard case .module(let absolute) = Self.absolute(item, in: module.source) else { continue }
                    target = absolute
                }
                enqueue(target)
                for name in item.names where name != "*" { enqueue(target + "." + name) }
            }
        }
        return result.sorted { $0.source.path < $1.source.path }
    }

    static func isTestOrBuild(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let file = parts.last else { return false }
        return parts.dropLast().contains { $0 == "tests" || $0 == "test" } || file.hasPrefix("test_")
            || file.hasSuffix("_test.py") || file == "conftest.py" || (parts.count == 1 && file == "setup.py")
    }
}
