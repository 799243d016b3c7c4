import Foundation
import ImageModel
import LambdaPlatform
import ZipArchive

/// Every rule layerlint has, in catalog order.
public enum RuleRegistry {
    static let all: [any Rule] = [
        ArchiveUnreadableRule(), UnsafePathRule(), BackslashPathRule(), DuplicateEntryRule(), SymlinkEntryRule(),
        EncryptedEntryRule(), UnsupportedCompressionRule(), StructuralAnomalyRule(),
        OutsideRuntimeFolderRule(), WrongPythonPathRule(), NestedLayoutRule(), PthFileRule(),
        ForeignRuntimeLayoutRule(), ForeignBytecodeRule(), PathClashRule(),
        MissingDependencyRule(), VersionConflictRule(), RuntimeProvidedDependencyRule(), MissingMetadataRule(),
        IncompleteDistributionRule(), DuplicateDistributionRule(), ShadowsRuntimeRule(),
        RequiresPythonMismatchRule(), KnownRuntimeIncompatibilityRule(),
        ArchitectureMismatchRule(), ForeignOSBinaryRule(), PythonABIMismatchRule(), GlibcTooNewRule(),
        MuslBinaryRule(), LayerRuntimeIncompatibleRule(), LayerArchitectureIncompatibleRule(), DeprecatedRuntimeRule(),
        MetadataContradictsContentRule(), SharedLibraryMissingRule(), CxxRuntimeTooNewRule(),
        DirectUploadTooLargeRule(), UnzippedTooLargeRule(), TooManyLayersRule(), RemovableBloatRule(),
        UnreadableFileRule(), UntraversableDirectoryRule(), NonExecutableBinaryRule(),
        HandlerNotFoundRule(), UnresolvedImportRule(),
    ]

    public static var descriptions: [RuleDescription] { all.map { type(of: $0).description } }

    /// `did you mean D002?` for a selector that names no rule, or `nil` when nothing is near.
    public static func suggestion(for selector: String) -> String? {
        NearestNames.suggestion(selector, among: descriptions.map(\.id) + descriptions.map(\.name))
    }

    /// The rule with this id or name (case-insensitive), or `nil`.
    public static func description(for key: String) -> RuleDescription? {
        let wanted = key.lowercased()
        return descriptions.first { $0.id.lowercased() == wanted || $0.name == wanted }
    }
}

/// Which rules run: `--select` and `--ignore`, as ruff reads them. Each selector is a rule id
/// (`D001`), an id prefix (`D`, `C00`), a name (`missing-dependency`) or `ALL`. Without
/// `--select` every rule is selected. For each rule the most specific selector that matches
/// it decides (`ALL`, then longer id prefixes, then its id or name), and `--ignore` wins a
/// tie: `--ignore D --select D001` runs D001 alone of the D rules.
public struct RuleSelection: Sendable {
    public let select: [String]
    public let ignore: [String]

    /// - Throws: `RuleSelectionError` for a selector that matches no rule, so that a typo
    ///   does not silently turn a CI gate off.
    ///   `option` names where the selectors came from in that error (`rules` for the
    ///   command's argument; `--select` and `--ignore` otherwise).
    public init(select: [String] = [], ignore: [String] = [], option: String = "--select") throws(RuleSelectionError) {
        self.select = Self.split(select)
        self.ignore = Self.split(ignore)
        for (option, selectors) in [(option, self.select), ("--ignore", self.ignore)] {
            if let unknown = Self.unknownSelector(in: selectors) { throw .unknownSelector(unknown, option: option) }
        }
        if rules().isEmpty { throw .nothingSelected(select: self.select, ignore: self.ignore) }
    }

    /// The selectors of `values`: each split at commas, without blanks, empty ones dropped.
    static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { String($0).strippingBlanks() }.filter { !$0.isEmpty }
    }

    /// The first selector of `values` (split as `--select` splits them) that matches no
    /// rule, or `nil`: what makes `--select`, `--ignore`, `rules` and a configuration file's
    /// `select` and `ignore` an error.
    public static func unknownSelector(in values: [String]) -> String? {
        split(values).first { selector in !RuleRegistry.descriptions.contains { matches(selector, $0) } }
    }

    public static let everything = RuleSelection(uncheckedSelect: [], ignore: [])

    private init(uncheckedSelect: [String], ignore: [String]) {
        self.select = uncheckedSelect
        self.ignore = ignore
    }

    /// The selected rules, in catalog order.
    package func rules(from all: [any Rule] = RuleRegistry.all) -> [any Rule] {
        all.filter { rule in
            let description = type(of: rule).description
            let selected = select.isEmpty ? 0 : select.compactMap { Self.specificity(of: $0, for: description) }.max()
            let ignored = ignore.compactMap { Self.specificity(of: $0, for: description) }.max()
            guard let selected else { return false }
            return ignored.map { selected > $0 } ?? true
        }
    }

    static func matches(_ selector: String, _ rule: RuleDescription) -> Bool {
        specificity(of: selector, for: rule) != nil
    }

    /// How closely `selector` names `rule`: 0 for `ALL`, the prefix's length for an id
    /// prefix (the whole id is the longest), the id's length for the rule's name; `nil` when
    /// it does not match.
    static func specificity(of selector: String, for rule: RuleDescription) -> Int? {
        let upper = selector.uppercased()
        if upper == "ALL" { return 0 }
        if rule.name == selector.lowercased() { return rule.id.count }
        return rule.id.hasPrefix(upper) ? upper.count : nil
    }
}

/// A `--select` or `--ignore` value that names no rule.
public enum RuleSelectionError: LocalizedError, Equatable, Sendable, CustomStringConvertible {
    case unknownSelector(String, option: String)
    /// `--select` and `--ignore` together leave no rule to run (a gate that checks nothing).
    case nothingSelected(select: [String], ignore: [String])

    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case .unknownSelector(let selector, let option):
            let guess = RuleRegistry.suggestion(for: selector).map { " \($0)" } ?? ""
            return "\(option): \"\(selector)\" matches no rule;\(guess) give ids (D001), id prefixes (D, C00) or "
                + "names (missing-dependency), comma separated; `layerlint rules` lists them"
        case .nothingSelected(let select, let ignore):
            let given =
                (select.isEmpty ? [] : ["--select " + select.joined(separator: ",")])
                + ["--ignore " + ignore.joined(separator: ",")]
            return "\(given.joined(separator: " with ")) leaves no rule to run; a check that runs nothing "
                + "would pass any layer"
        }
    }
}

/// Runs the rules over a finished context and orders their findings.
package enum LintEngine {
    /// - Returns: the findings sorted for the report, the rules that ran, and those skipped
    ///   because the target lacks what they need.
    package static func run(_ context: LintContext, rules: [any Rule] = RuleRegistry.all)
        -> (findings: [Finding], checked: [String], skipped: [(rule: String, needs: TargetNeed)])
    {
        var runnable: [any Rule] = []
        var checked: [String] = []
        var skipped: [(rule: String, needs: TargetNeed)] = []
        for rule in rules {
            let description = type(of: rule).description
            let missing: Bool
            switch description.targetNeed {
            case .nothing: missing = false
            case .runtime:
                missing =
                    context.target.runtime == nil
                    && !(description.needs.contains(.everyPythonWithoutRuntime) && !context.everyPython.isEmpty)
            case .architecture: missing = context.target.architecture == nil
            }
            if missing {
                skipped.append((description.id, description.targetNeed))
            } else {
                runnable.append(rule)
                checked.append(description.id)
            }
        }
        // Rules are independent and only read the context: they run side by side, and the sort
        // below makes the report the same whatever the scheduling. Rules that read every
        // RECORD row start first (a stable partition keeps the rest in registry order), so
        // that the threads finish together.
        let isCostly = { (rule: any Rule) in type(of: rule).description.needs.contains(.installedFiles) }
        let selected = runnable.filter(isCostly) + runnable.filter { !isCostly($0) }
        let perRule = Parallel.map(count: selected.count, threshold: 2) { index in selected[index].check(context) }
        let findings = perRule.flatMap { $0 }.sorted(by: Finding.reportOrder)
        // A finding with a mechanical repair gives the repair plan's step for it, so that the
        // fixes of a layer compose (a reinstall targets the folder a layout step moved to).
        return (RepairPlan.annotating(findings, context: context), checked, skipped)
    }
}
