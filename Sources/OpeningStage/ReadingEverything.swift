import ImageModel
import LambdaPlatform

extension LintContext {
    /// A context with every part read, for inputs already loaded (tests that drive rules
    /// themselves).
    init(
        target: Target, layers: [CheckInput], functionPackage: CheckInput? = nil, catalog: RuntimeCatalog? = nil,
        today: String = CalendarDay.current(), verifying: Bool = false, environment: [String: String] = [:]
    ) {
        self = LayerOpening.context(
            target: target, layers: layers, functionPackage: functionPackage, catalog: catalog, today: today,
            reading: Set(RuleNeed.allCases), verifying: verifying, environment: environment)
        (imports, importsWithForeignBinariesRebuilt) = LayerOpening.importModels(self)
    }
}

extension CheckInput {
    /// Opens `path` (central directory and local headers) and, when `hashing`, hashes it;
    /// one input at a time, for tests. `check` opens its inputs through `LayerOpening`.
    ///
    /// - Throws: `OpeningError` when the file cannot be read at all (a corrupt ZIP is not an
    ///   error here: it is reported, and will be finding Z001).
    static func load(path: String, role: Role, hashing: Bool = false) throws(OpeningError) -> CheckInput {
        let archive = try LayerOpening.list(path)
        let digest = try hashing ? LayerOpening.digest(of: path) : nil
        return CheckInput(path: path, role: role, digest: digest, archive: archive.map { $0.readingLocalHeaders() })
    }
}
