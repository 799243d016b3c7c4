/// How serious a finding is. Ordered: `info < warning < error`.
public enum Severity: String, Comparable, CaseIterable, Sendable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem a rule found: data, never a thrown error (a finding is a value the engine sorts and filters).
public struct Finding: Hashable, Sendable {
    public let rule: String
    public let name: String
    /// The rule's family (what part of a layer the finding is about).
    public let family: RuleFamily
    public private(set) var severity: Severity
    /// What is wrong and where, in a sentence a person can act on.
    public let message: String
    /// The input the finding is about, or `nil` for the target as a whole.
    public let archive: String?
    /// The member the finding is about, or `nil` for the archive as a whole.
    public let path: String?
    /// The command or change that repairs it, where one exists: for a finding with a
    /// `repair`, the repair plan's step for it.
    public package(set) var fix: String?
    /// The mechanical repairs `layerlint fix` makes for it (none when it has none).
    public let repairs: [Repair]
    /// Every member a finding that stands for several lists (`path` is the first); empty
    /// for a finding about one member or none.
    public let paths: [String]
    /// What the finding is about within its member, where one member can hold several of the
    /// rule's findings: the required distribution of a conflict, the module of an import, the
    /// library a module opens. Names only, never versions, so that a finding keeps its identity
    /// (baselines, SARIF and GitLab fingerprints) when a dependency is upgraded.
    public let subject: String?

    /// Every member the finding is about: `paths`, or `path` alone, or none.
    public var members: [String] { paths.isEmpty ? (path.map { [$0] } ?? []) : paths }

    public init(
        rule: RuleDescription, severity: Severity? = nil, message: String, archive: String?, path: String?,
        fix: String? = nil, paths: [String] = [], repairs: [Repair] = [], subject: String? = nil
    ) {
        self.repairs = repairs
        self.subject = subject
        self.paths = paths.count > 1 ? paths : []
        self.rule = rule.id
        self.name = rule.name
        self.family = rule.family
        self.severity = severity ?? rule.defaultSeverity
        self.message = message
        self.archive = archive
        self.path = path
        self.fix = fix ?? rule.fix
    }

    /// `D001 missing-dependency: python/requests-2.32.3.dist-info/METADATA`: the rule and the
    /// member, as an annotation's title or a test case's name.
    package var heading: String { "\(rule) \(name)" + (path.map { ": \($0)" } ?? "") }

    /// The message, then the members a grouped finding stands for and the fix, each on a
    /// line of its own: the text of an annotation or a test failure.
    package var detail: String {
        var text = message
        if paths.count > 1 { text += "\nmembers: " + paths.joined(separator: ", ") }
        if let fix { text += "\nfix: " + fix }
        return text
    }

    /// The same finding with another severity (a configuration's `[severity]` table).
    public func with(severity: Severity) -> Finding {
        var copy = self
        copy.severity = severity
        return copy
    }

    /// One finding for members of `archive` that share a cause (one tool, one mode): the
    /// message for one member or for several (given their count), the first member as the
    /// path and every one in `paths`, with `fix` (else the rule's); `nil` without members.
    static func grouping(
        _ rule: RuleDescription, archive: String, members: [String], one: String, several: (Int) -> String,
        fix: String? = nil, repairs: (([String]) -> [Repair])? = nil
    ) -> Finding? {
        guard let first = members.first else { return nil }
        return Finding(
            rule: rule, message: members.count == 1 ? one : several(members.count), archive: archive, path: first,
            fix: fix, paths: members, repairs: repairs?(members) ?? [])
    }

    /// The report order: archive, then path, then rule, so output is diffable.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        let left = (lhs.archive ?? "", lhs.path ?? "", lhs.rule, lhs.message)
        let right = (rhs.archive ?? "", rhs.path ?? "", rhs.rule, rhs.message)
        return left < right
    }
}
