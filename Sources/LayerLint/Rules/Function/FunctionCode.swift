import LambdaPlatform
import PythonSource

/// The function package's own modules, for F001 and F002: each scanned when asked for and
/// not kept, so that thousands of large modules never sit in memory together.
struct FunctionCode {
    struct Module {
        let source: FunctionSource
    }

    let ordered: [Module]
    private let byName: [String: Module]
    private let image: LayerImage

    init(_ context: LintContext) {
        ordered = context.functionSources.map(Module.init)
        image = context.image
        var byName: [String: Module] = [:]
        for module in ordered where byName[module.source.module] == nil { byName[module.source.module] = module }
        self.byName = byName
    }

    /// The module's statements and imports, read and scanned now; nil when it cannot be read.
    func scan(of module: Module) -> ModuleScan? {
        module.source.text(in: image).map { ModuleScan(source: $0) }
    }

    func module(named name: String) -> Module? { byName[name] }

    /// What an import of `source` names (see `ModuleScan.target`).
    static func absolute(_ item: ModuleScan.Import, in source: FunctionSource) -> ModuleScan.Import.Target {
        item.target(from: source.module, isPackage: source.isPackage)
    }
}
