import LambdaPlatform
import PythonSource

/// The function package's own modules with their scans, for F001 and F002.
struct FunctionCode {
    struct Module {
        let source: FunctionSource
        let scan: ModuleScan?
    }

    let ordered: [Module]
    private let byName: [String: Module]

    init(_ context: LintContext) {
        ordered = context.functionSources.map { source in
            Module(source: source, scan: source.text.map { ModuleScan(source: $0) })
        }
        var byName: [String: Module] = [:]
        for module in ordered where byName[module.source.module] == nil { byName[module.source.module] = module }
        self.byName = byName
    }

    func module(named name: String) -> Module? { byName[name] }

    /// What an import of `source` names (see `ModuleScan.target`).
    static func absolute(_ item: ModuleScan.Import, in source: FunctionSource) -> ModuleScan.Import.Target {
        item.target(from: source.module, isPackage: source.isPackage)
    }
}
