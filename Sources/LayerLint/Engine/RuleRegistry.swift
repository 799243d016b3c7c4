/// Every rule layerlint has, in catalog order.
public enum RuleRegistry {
    public static let all: [any Rule] = [
        ArchiveUnreadableRule(), UnsafePathRule(), BackslashPathRule(), DuplicateEntryRule(), SymlinkEntryRule(),
        EncryptedEntryRule(), UnsupportedCompressionRule(), StructuralAnomalyRule(),
        OutsideRuntimeFolderRule(), WrongPythonPathRule(), NestedLayoutRule(), PthFileRule(),
        ForeignRuntimeLayoutRule(),
        PathClashRule(),
    ]

    public static var descriptions: [RuleDescription] { all.map { type(of: $0).description } }

    /// The rule with this id or name (case-insensitive), or `nil`.
    public static func description(for key: String) -> RuleDescription? {
        let wanted = key.lowercased()
        return descriptions.first { $0.id.lowercased() == wanted || $0.name == wanted }
    }
}

/// Runs the rules and orders their findings.
public enum LintEngine {
    /// - Returns: the findings sorted for the report, and the ids of rules skipped because
    ///   they need a target and none was given.
    public static func run(_ context: LintContext, rules: [any Rule] = RuleRegistry.all)
        -> (findings: [Finding], skipped: [String])
    {
        let hasTarget = context.target.runtime != nil || context.target.architecture != nil
        var findings: [Finding] = []
        var skipped: [String] = []
        for rule in rules {
            let description = type(of: rule).description
            if description.needsTarget && !hasTarget {
                skipped.append(description.id)
                continue
            }
            findings += rule.check(context)
        }
        return (findings.sorted(by: Finding.reportOrder), skipped)
    }
}
