import LintRules

/// `check --format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`).
///
/// One issue per finding: the message (and fix) as its description, the rule as its check,
/// a fingerprint from what it is about (`FindingIdentity`, unique within the report), the
/// severity mapped (error → major, warning → minor, info → info) and the ZIP relative to
/// the working directory as its location, at line 1, and a category from the rule's family.
package struct GitLabReporter: Reporter {
    /// The folder the archive paths are made relative to (the project root in CI).
    package let workingDirectory: String

    package init(workingDirectory: String) { self.workingDirectory = workingDirectory }

    /// The Code Quality category of a rule family: what breaks at run time is a bug risk,
    /// what the target cannot run is compatibility, and size and bloat (which cost upload
    /// and cold-start time, or hit a limit on bytes) are performance.
    static func category(_ family: RuleFamily) -> String {
        switch family {
        case .archive, .layout, .dependencies, .permissions, .function: return "Bug Risk"
        case .compatibility: return "Compatibility"
        case .size: return "Performance"
        }
    }

    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: return "major"
        case .warning: return "minor"
        case .info: return "info"
        }
    }

    package func write(_ report: CheckReport, to stream: ReportStream) {
        let fallbackArchive = report.inputs.first?.path ?? "."
        var seen = Set<String>()
        var writer = JSONWriter()
        writer.beginArray()
        for finding in report.findings {
            // Two findings with the same identity (rare) still get distinct fingerprints.
            var fingerprint = FindingIdentity.fingerprint(finding)
            var ordinal = 2
            let base = fingerprint
            while !seen.insert(fingerprint).inserted {
                fingerprint = FindingIdentity.fingerprint(key: "\(base)#\(ordinal)")
                ordinal += 1
            }
            var description = (finding.path.map { "\($0): " } ?? "") + finding.message
            if let fix = finding.fix { description += (description.hasSuffix(".") ? "" : ".") + " Fix: " + fix }
            let path = FindingIdentity.relativePath(
                finding.archive ?? fallbackArchive, workingDirectory: workingDirectory)
            writer.value(
                .object([
                    "type": .string("issue"),
                    "description": .string(description),
                    "check_name": .string("\(finding.rule) \(finding.name)"),
                    "fingerprint": .string(fingerprint),
                    "severity": .string(Self.severity(finding.severity)),
                    "categories": .array([.string(Self.category(finding.family))]),
                    "location": .object([
                        "path": .string(path.isEmpty ? "." : path), "lines": .object(["begin": .integer(1)]),
                    ]),
                ]))
            writer.drain(into: stream)
        }
        writer.endArray()
        writer.drain(into: stream, force: true)
        stream.write("\n")
    }
}
