import ImageModel
import LambdaPlatform
import PythonSource

/// The function package's own modules, for F001 and F002: each scanned when asked for and
/// not kept, so that thousands of large modules never sit in memory together.
struct FunctionCode {
    let ordered: [FunctionSource]
    private let image: LayerImage

    init(_ context: LintContext) {
        ordered = context.functionSources
        image = context.image
    }

    /// The module's statements and imports, read and scanned now; nil when it cannot be read.
    func scan(of source: FunctionSource) -> ModuleScan? {
        source.text(in: image).map { ModuleScan(source: $0) }
    }

    /// What an import of `source` names (see `ModuleScan.target`).
    static func absolute(_ item: ModuleScan.Import, in source: FunctionSource) -> ModuleScan.Import.Target {
        item.target(from: source.module, isPackage: source.isPackage)
    }
}
