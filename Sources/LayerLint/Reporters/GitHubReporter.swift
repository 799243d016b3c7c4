import ImageModel
import LintRules

/// `check --format github`: one GitHub Actions workflow command per finding
/// (`::error file=…,title=…::message`), which the runner shows as an annotation.
///
/// Values are escaped as the Actions toolkit escapes them: `%`, CR and LF in the message,
/// also `:` and `,` in properties; other control characters (an ESC in an entry name) are
/// percent-encoded too, so that no input can end a command, start another, or restyle the log.
package struct GitHubReporter: Reporter {
    /// The folder archive paths are made relative to (the repository root in Actions), so
    /// that an annotation lands on the file even when the layer was given by absolute path.
    package let workingDirectory: String

    package init(workingDirectory: String = "/") { self.workingDirectory = workingDirectory }

    static func command(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "notice"
        }
    }

    package func write(_ report: CheckReport, to stream: ReportStream) {
        for finding in report.findings {
            var properties: [String] = []
            if let archive = finding.archive {
                let file = FindingIdentity.relativePath(archive, workingDirectory: workingDirectory)
                properties.append("file=" + Self.escapeProperty(file))
            }
            properties.append("title=" + Self.escapeProperty(finding.heading))
            stream.write(
                "::\(Self.command(finding.severity)) \(properties.joined(separator: ","))::"
                    + Self.escapeData(finding.detail) + "\n")
        }
        stream.write("layerlint: \(Self.counts(report))\n")
    }

    /// `2 errors, 1 warning, 1 info (40 rules checked)`.
    static func counts(_ report: CheckReport) -> String {
        "\(TextFormatting.counted(report.count(.error), "error")), "
            + "\(TextFormatting.counted(report.count(.warning), "warning")), \(report.count(.info)) info "
            + "(\(TextFormatting.counted(report.checkedRules.count, "rule")) checked)"
    }

    /// The message of a command: `%`, CR and LF, and every other control character, as `%XX`.
    static func escapeData(_ text: String) -> String { escape(text, also: []) }

    /// A property value: as a message, and `:` and `,` too.
    static func escapeProperty(_ text: String) -> String { escape(text, also: [":", ","]) }

    private static func escape(_ text: String, also: Set<Unicode.Scalar>) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == "%" || scalar.value < 0x20 || scalar.value == 0x7F || also.contains(scalar) {
                let digits = String(scalar.value, radix: 16, uppercase: true)
                result += "%" + (digits.count == 1 ? "0" : "") + digits
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// GitHub refuses a step summary over 1 MiB (and then shows none); the findings table
    /// stops well before that.
    package static let summaryBytes = 512 << 10

    /// The Markdown appended to `GITHUB_STEP_SUMMARY`: the counts per rule and the findings,
    /// as many as fit in `budget` bytes, then how many more there are.
    package func summary(_ report: CheckReport, budget: Int = summaryBytes) -> [UInt8] {
        var text = "## layerlint\n\n\(Self.counts(report))\n\n"
        guard !report.findings.isEmpty else { return Array(text.utf8) }
        text += "| rule | severity | findings |\n|---|---|---|\n"
        for count in StatisticsReporter.counts(report) {
            text += "| \(count.rule) \(count.name) | \(count.severity.rawValue) | \(count.count) |\n"
        }
        text += "\n| severity | rule | archive | member | message |\n|---|---|---|---|---|\n"
        var size = text.utf8.count
        for (index, finding) in report.findings.enumerated() {
            let cells = [
                finding.severity.rawValue, finding.rule, finding.archive ?? "", finding.path ?? "", finding.message,
            ]
            let row = "| " + cells.map(Self.markdownCell).joined(separator: " | ") + " |\n"
            size += row.utf8.count
            guard size <= budget else {
                let rest = report.findings.count - index
                text +=
                    "\n\(TextFormatting.counted(rest, "more finding")) not shown here (GitHub limits a step "
                    + "summary to 1 MiB); the job log lists them all.\n"
                break
            }
            text += row
        }
        return Array(text.utf8)
    }

    /// Text for a Markdown table cell: visible escapes for control characters, and the
    /// characters that would end the cell or start markup as HTML entities.
    static func markdownCell(_ text: String) -> String {
        var result = ""
        for character in TextFormatting.escaped(text) {
            switch character {
            case "|": result += "&#124;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "`": result += "&#96;"
            case "*": result += "&#42;"
            case "_": result += "&#95;"
            case "[": result += "&#91;"
            case "]": result += "&#93;"
            default: result.append(character)
            }
        }
        return result
    }
}
