import LintRules

/// `check --format junit`: JUnit XML as GitLab and other CI systems read it.
///
/// One `testsuite` per input (and one for findings about the target as a whole), one
/// `testcase` per finding and a passing `testcase` per rule that ran and found nothing there.
/// A finding at or above `--fail-on` is a failure, with its severity as the failure's type;
/// one below it is a passing case with the finding in `system-out`, so that a test tab is red
/// exactly when the gate fails (cfn-lint fails every match; a gate at `error` would then
/// show red for info notes). Each `(classname, name)` pair is unique (GitLab folds equal
/// pairs into one), and each suite's counts agree with its cases.
package struct JUnitReporter: Reporter {
    /// The least severity that fails (`--fail-on`); `nil` (`never`): no finding fails.
    package let failOn: Severity?

    package init(failOn: Severity? = .error) { self.failOn = failOn }

    func fails(_ finding: Finding) -> Bool { failOn.map { finding.severity >= $0 } ?? false }

    package func write(_ report: CheckReport, to stream: ReportStream) {
        let names = Dictionary(RuleRegistry.descriptions.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var suites: [(name: String, findings: [Finding], passed: [String])] = report.inputs.map { ($0.path, [], []) }
        var target: [Finding] = []
        for finding in report.findings {
            if let archive = finding.archive, let index = suites.firstIndex(where: { $0.name == archive }) {
                suites[index].findings.append(finding)
            } else {
                target.append(finding)
            }
        }
        // The rules that ran and found nothing in an input pass there.
        for index in suites.indices {
            let failed = Set(suites[index].findings.map(\.rule))
            suites[index].passed = report.checkedRules.filter { !failed.contains($0) }
        }
        if !target.isEmpty { suites.append(("target", target, [])) }
        let totalTests = suites.reduce(0) { $0 + $1.findings.count + $1.passed.count }
        let totalFailures = report.findings.reduce(0) { $0 + (fails($1) ? 1 : 0) }
        stream.write(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuites name=\"layerlint\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" "
                + "errors=\"0\">\n")
        for (name, findings, passed) in suites {
            let classname = Self.escape("layerlint." + name)
            stream.write(
                "  <testsuite name=\"\(Self.escape(name))\" tests=\"\(findings.count + passed.count)\" "
                    + "failures=\"\(findings.reduce(0) { $0 + (fails($1) ? 1 : 0) })\" errors=\"0\" skipped=\"0\">\n")
            var seen = Set<String>()
            for finding in findings {
                var caseName = finding.heading
                var ordinal = 2
                let base = caseName
                while !seen.insert(caseName).inserted {
                    caseName = "\(base) (\(ordinal))"
                    ordinal += 1
                }
                let body =
                    fails(finding)
                    ? "      <failure type=\"\(finding.severity.rawValue)\" message=\"\(Self.escape(finding.message))\">"
                        + Self.escape(finding.detail) + "</failure>\n"
                    : "      <system-out>" + Self.escape("\(finding.severity.rawValue): " + finding.detail)
                        + "</system-out>\n"
                stream.write(
                    "    <testcase classname=\"\(classname)\" name=\"\(Self.escape(caseName))\">\n" + body
                        + "    </testcase>\n")
            }
            for rule in passed {
                let caseName = "\(rule) \(names[rule] ?? rule)"
                stream.write("    <testcase classname=\"\(classname)\" name=\"\(Self.escape(caseName))\"/>\n")
            }
            stream.write("  </testsuite>\n")
        }
        stream.write("</testsuites>\n")
    }

    /// Text for an XML attribute or element: the five markup characters as entities, and
    /// characters XML 1.0 cannot hold (control characters other than tab, LF and CR) as
    /// visible escapes, so that a hostile entry name stays text.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            case "\t": result += "&#9;"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                let digits = String(scalar.value, radix: 16)
                result += "\\x" + (digits.count == 1 ? "0" : "") + digits
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
