import Foundation
import ImageModel
import LambdaPlatform
import ZipArchive

/// What a rule is, for `layerlint rules`, the docs and every finding it makes.
public struct RuleDescription: Sendable {
    /// The stable id (`Z001`).
    public let id: String
    /// The stable kebab-case name (`archive-unreadable`).
    public let name: String
    /// The family the id's letter stands for (archive, layout, ...).
    public let family: RuleFamily
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
    /// What the rule reads beyond the listing: the parts of the target it is skipped
    /// without, and the costly parts of the image that the opening stage then builds.
    public let needs: Set<RuleNeed>
    /// Layers the rule fires on and layers it passes, with their exact findings; run by the
    /// tests, printed by `layerlint rules ID`.
    public let examples: [RuleExample]

    public init(
        id: String, name: String, family: RuleFamily, defaultSeverity: Severity, summary: String, rationale: String,
        fix: String,
        fires: String, passes: String, needs: [RuleNeed] = [], examples: [RuleExample] = []
    ) {
        self.id = id
        self.name = name
        self.family = family
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.rationale = rationale
        self.fix = fix
        self.fires = fires
        self.passes = passes
        self.needs = Set(needs)
        self.examples = examples
    }

    /// The part of the target the rule is skipped without.
    var targetNeed: TargetNeed {
        needs.contains(.runtime) ? .runtime : needs.contains(.architecture) ? .architecture : .nothing
    }
}

/// The families of rules, each with its id letter: what part of a layer they are about.
public enum RuleFamily: String, CaseIterable, Sendable {
    /// Z: the ZIP itself (readable, safe names, no links or encryption).
    case archive
    /// L: where the files sit (`python/`, the runtime's site-packages, `.pth` files).
    case layout
    /// D: the installed distributions and their requirements.
    case dependencies
    /// C: binaries and metadata against the target's runtime, CPU and OS.
    case compatibility
    /// S: Lambda's size and count limits, and bytes that could go.
    case size
    /// P: file modes as Lambda extracts them.
    case permissions
    /// F: the function's own code (its handler and imports).
    case function

    /// The letter every id of the family starts with.
    public var letter: Character {
        switch self {
        case .archive: return "Z"
        case .layout: return "L"
        case .dependencies: return "D"
        case .compatibility: return "C"
        case .size: return "S"
        case .permissions: return "P"
        case .function: return "F"
        }
    }
}

/// What part of the target a rule needs (for skipped rules and `layerlint rules`).
public enum TargetNeed: String, Sendable {
    case nothing
    case runtime
    case architecture

    /// `, needs a runtime` for the rule's explanation; empty when it needs nothing.
    package var phrase: String {
        switch self {
        case .nothing: return ""
        case .runtime: return "needs a runtime"
        case .architecture: return "needs an architecture"
        }
    }
}

/// A lint rule: it reads the context and returns findings. It never reads files, prints or
/// exits, and declares in its description what it reads (`RuleDescription.needs`).
package protocol Rule: Sendable {
    static var description: RuleDescription { get }
    func check(_ context: LintContext) -> [Finding]
}
