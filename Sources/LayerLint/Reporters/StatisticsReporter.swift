import ImageModel
import LintRules

/// `check --statistics` (as in ruff): how many findings each rule made, at each severity,
/// most first, instead of the findings; as text, or as JSON with `--format json`.
package struct StatisticsReporter: Reporter {
    package let json: Bool

    package init(json: Bool = false) { self.json = json }

    /// Counts per rule and severity, most first, then by rule id.
    static func counts(_ report: CheckReport) -> [(rule: String, name: String, severity: Severity, count: Int)] {
        var counts: [(rule: String, name: String, severity: Severity, count: Int)] = []
        for finding in report.findings {
            if let index = counts.firstIndex(where: { $0.rule == finding.rule && $0.severity == finding.severity }) {
                counts[index].count += 1
            } else {
                counts.append((finding.rule, finding.name, finding.severity, 1))
            }
        }
        return counts.sorted { ($1.count, $0.rule, $0.severity.rawValue) < ($0.count, $1.rule, $1.severity.rawValue) }
    }

    package func write(_ report: CheckReport, to stream: ReportStream) {
        let counts = Self.counts(report)
        if json {
            var writer = JSONWriter()
            writer.value(
                .array(
                    counts.map {
                        .object([
                            "rule": .string($0.rule), "name": .string($0.name),
                            "severity": .string($0.severity.rawValue),
                            "count": .unsigned(UInt64($0.count)),
                        ])
                    }))
            writer.drain(into: stream, force: true)
            stream.write("\n")
            return
        }
        let width = String(counts.first?.count ?? 0).count
        var lines = counts.map { count in
            TextFormatting.padLeft(String(count.count), width)
                + "  \(count.rule)  \(count.name) (\(count.severity.rawValue))"
        }
        lines.append(
            report.findings.isEmpty
                ? "no findings (\(TextFormatting.counted(report.checkedRules.count, "rule")) checked)"
                : "\(TextFormatting.counted(report.findings.count, "finding")) from "
                    + "\(TextFormatting.counted(Set(counts.map(\.rule)).count, "rule")) "
                    + "(\(report.checkedRules.count) checked)")
        stream.write(lines.joined(separator: "\n") + "\n")
    }
}
