import LambdaPlatform
import ZipArchive

/// What a rule is, for `layerlint rules`, the docs and every finding it makes.
public struct RuleDescription: Sendable {
    /// The stable id (`Z001`).
    public let id: String
    /// The stable kebab-case name (`archive-unreadable`).
    public let name: String
    public let defaultSeverity: Severity
    /// One line: what the rule catches.
    public let summary: String
    /// Why it matters on Lambda.
    public let rationale: String
    /// How to fix it in general; findings may give a more specific fix.
    public let fix: String
    /// A situation that fires the rule and one that must not.
    public let fires: String
    public let passes: String
    /// Whether the rule needs a runtime or architecture (it is skipped without one).
    public let needsTarget: Bool
}

/// A lint rule: it reads the inputs and the target and returns findings. It never reads
/// files, prints or exits.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    func check(_ context: LintContext) -> [Finding]
}

/// What rules see: the target and the layers, already opened.
public struct LintContext: Sendable {
    public let target: Target
    public let layers: [CheckInput]
    /// The layers that could be listed, with their archives and the placement of their
    /// Python files (computed once here; several layout rules read it).
    public let readableLayers: [(input: CheckInput, archive: Archive, layout: LayerLayout)]

    public init(target: Target, layers: [CheckInput]) {
        self.target = target
        self.layers = layers
        self.readableLayers = layers.compactMap { input in
            (try? input.archive.get()).map { (input, $0, LayerLayout(archive: input.path, entries: $0.entries)) }
        }
    }
}
