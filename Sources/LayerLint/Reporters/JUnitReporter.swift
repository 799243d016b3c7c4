/// `check --format junit`: JUnit XML as GitLab and other CI systems read it.
///
/// One `testsuite` per input (and one for findings about the target as a whole), one
/// failing `testcase` per finding with the severity as the failure's type, and a passing
/// `testcase` per rule that ran and found nothing there. Each `(classname, name)` pair is
/// unique (GitLab folds equal pairs into one), and each suite's counts agree with its cases.
public struct JUnitReporter: Reporter {
    public init() {}

    public func render(_ report: CheckReport) -> [UInt8] {
        let names = Dictionary(RuleRegistry.descriptions.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var suites: [(name: String, findings: [Finding])] = report.inputs.map { ($0.path, []) }
        var target: [Finding] = []
        for finding in report.findings {
            if let archive = finding.archive, let index = suites.firstIndex(where: { $0.name == archive }) {
                suites[index].findings.append(finding)
            } else {
                target.append(finding)
            }
        }
        if !target.isEmpty { suites.append(("target", target)) }
        var body = ""
        var totalTests = 0
        var totalFailures = 0
        for (name, findings) in suites {
            let classname = "layerlint." + name
            var cases = ""
            var seen = Set<String>()
            for finding in findings {
                var caseName = finding.heading
                var ordinal = 2
                let base = caseName
                while !seen.insert(caseName).inserted {
                    caseName = "\(base) (\(ordinal))"
                    ordinal += 1
                }
                cases += "    <testcase classname=\"\(Self.escape(classname))\" name=\"\(Self.escape(caseName))\">\n"
                cases +=
                    "      <failure type=\"\(finding.severity.rawValue)\" message=\"\(Self.escape(finding.message))\">"
                cases += Self.escape(finding.detail) + "</failure>\n"
                cases += "    </testcase>\n"
            }
            // The rules that ran and found nothing here pass.
            let failed = Set(findings.map(\.rule))
            let passed = name == "target" ? [] : report.checkedRules.filter { !failed.contains($0) }
            for rule in passed {
                let caseName = "\(rule) \(names[rule] ?? rule)"
                cases += "    <testcase classname=\"\(Self.escape(classname))\" name=\"\(Self.escape(caseName))\"/>\n"
            }
            let tests = findings.count + passed.count
            totalTests += tests
            totalFailures += findings.count
            body +=
                "  <testsuite name=\"\(Self.escape(name))\" tests=\"\(tests)\" failures=\"\(findings.count)\" "
                + "errors=\"0\" skipped=\"0\">\n" + cases + "  </testsuite>\n"
        }
        let text =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"layerlint\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"0\">\n"
            + body + "</testsuites>\n"
        return Array(text.utf8)
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
