import ImageModel
import LambdaPlatform
import LintRules
import ZipArchive

/// What `check` reports: the target, the inputs and the findings.
public struct CheckReport: Sendable {
    public let target: Target
    public let inputs: [CheckInput]
    /// Sorted by archive, then path, then rule, so that two reports diff line by line.
    public let findings: [Finding]
    /// The ids of the rules that ran.
    public let checkedRules: [String]
    /// Rules skipped because the target lacks what they need.
    public let skippedRules: [(rule: String, needs: TargetNeed)]
    /// Without a runtime: the Python runtimes the dependency rules ran for instead.
    public let everyPython: [String]
    /// How many findings a baseline accepted (left out of `findings`), and its file.
    public private(set) var baselined = 0
    public private(set) var baselineFile: String?

    public init(
        target: Target, inputs: [CheckInput], findings: [Finding] = [], checkedRules: [String] = [],
        skippedRules: [(rule: String, needs: TargetNeed)] = [], everyPython: [String] = []
    ) {
        self.everyPython = everyPython
        self.target = target
        self.inputs = inputs
        self.findings = findings
        self.checkedRules = checkedRules
        self.skippedRules = skippedRules
    }

    /// One report of several checked on their own (`check --each`): their inputs and findings
    /// together, in report order; the rules that ran or were skipped in any of them.
    public static func combining(_ reports: [CheckReport]) -> CheckReport {
        guard let first = reports.first else { return CheckReport(target: .none, inputs: []) }
        var checked: [String] = []
        var skipped: [(rule: String, needs: TargetNeed)] = []
        for report in reports {
            for rule in report.checkedRules where !checked.contains(rule) { checked.append(rule) }
            for rule in report.skippedRules where !skipped.contains(where: { $0.rule == rule.rule }) {
                skipped.append(rule)
            }
        }
        // A finding about the target as a whole (C008) is made by each check: keep it once.
        var seen = Set<String>()
        let findings = reports.flatMap(\.findings).filter { finding in
            finding.archive != nil || seen.insert(finding.rule + "\u{0}" + finding.message).inserted
        }
        return CheckReport(
            target: first.target, inputs: reports.flatMap(\.inputs),
            findings: findings.sorted(by: Finding.reportOrder), checkedRules: checked,
            skippedRules: skipped, everyPython: first.everyPython)
    }

    /// The report without the findings `baseline` accepts.
    package func applying(_ baseline: Baseline) -> CheckReport {
        let (new, baselined) = baseline.filter(findings)
        var report = CheckReport(
            target: target, inputs: inputs, findings: new, checkedRules: checkedRules, skippedRules: skippedRules,
            everyPython: everyPython)
        report.baselined = baselined
        report.baselineFile = baseline.file
        return report
    }

    public func count(_ severity: Severity) -> Int { findings.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) } }

    /// Whether any finding is at least as severe as `threshold` (`nil`: never fail).
    public func fails(at threshold: Severity?) -> Bool {
        guard let threshold else { return false }
        return findings.contains { $0.severity >= threshold }
    }
}
