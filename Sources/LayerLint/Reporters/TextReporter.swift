import ImageModel
import LintRules

/// `check --format text`: what a person reads in a terminal.
package struct TextReporter: Reporter {
    /// Whether to colour severities (only on a terminal; the caller checks `NO_COLOR`).
    package let colour: Bool

    package init(colour: Bool = false) { self.colour = colour }

    private static let originPhrases = [
        "command-line": "the command line", "function-config": "the function configuration", "template": "the template",
        "layer-metadata": "the layer metadata", "layer-contents": "the layers' contents",
        "config": "the configuration file",
    ]

    /// A short human report: the target, each input, each finding with its fix, and what
    /// was (not) checked.
    package func write(_ report: CheckReport, to stream: ReportStream) {
        func line(_ text: String) { stream.write(text + "\n") }
        if let runtime = report.target.runtime {
            let architecture = report.target.architecture.map { " on \($0.rawValue)" } ?? ", architecture not given"
            let origins = report.target.sources.map { Self.originPhrases[$0] ?? $0 }
            line(
                "target: \(TextFormatting.escaped(runtime.identifier))\(architecture) "
                    + "(from \(origins.joined(separator: " and ")))")
        } else {
            if report.everyPython.isEmpty {
                line("target: none given; rules that need a runtime or architecture would be skipped")
            } else {
                line(
                    "target: none given; dependencies (D001-D003) are checked for every supported Python runtime ("
                        + report.everyPython.joined(separator: ", ") + "), other rules that need a runtime are skipped")
            }
        }
        for input in report.inputs {
            let kind = input.role == .layer ? "layer" : "function package"
            switch input.archive {
            case .success(let archive):
                let sizes =
                    archive.isFolder
                    ? "a folder, not zipped yet: \(TextFormatting.counted(archive.entries.count, "entry", "entries")), "
                        + "\(TextFormatting.grouped(archive.uncompressedSize)) bytes"
                        + (archive.folderSpecialFiles.isEmpty
                            ? ""
                            : " (left out, as zip -r leaves them out: "
                                + archive.folderSpecialFiles.map(TextFormatting.escaped).joined(separator: ", ") + ")")
                    : "\(TextFormatting.counted(archive.entries.count, "entry", "entries")), "
                        + "\(TextFormatting.grouped(archive.compressedSize)) bytes zipped, "
                        + "\(TextFormatting.grouped(archive.uncompressedSize)) bytes unzipped"
                line(
                    "\(kind) \(TextFormatting.escaped(input.path)): " + sizes
                        + (input.metadata.map { ", metadata from \(TextFormatting.escaped($0.file))" } ?? ""))
            case .failure(let error):
                line(
                    "\(kind) \(TextFormatting.escaped(input.path)): unreadable: \(TextFormatting.escaped(error.description))"
                )
            }
        }
        line("")
        let paint = TextStyle(enabled: colour)
        for finding in report.findings {
            let location = [finding.archive, finding.path].compactMap { $0 }.map(TextFormatting.escaped).joined(
                separator: ": ")
            // Findings about the target as a whole have no location.
            line(
                paint.severity(finding.severity) + paint.bold("[\(finding.rule) \(finding.name)]")
                    + (location.isEmpty ? "" : ": \(location)"))
            line("  \(TextFormatting.escaped(finding.message))")
            if let fix = finding.fix { line("  " + paint.green("fix:") + " \(TextFormatting.escaped(fix))") }
            line("")
        }
        for need in [TargetNeed.runtime, .architecture] {
            let ids = report.skippedRules.filter { $0.needs == need }.map(\.rule)
            guard !ids.isEmpty else { continue }
            let option = need == .runtime ? "--runtime" : "--arch"
            line("skipped without \(option): " + ids.joined(separator: ", "))
        }
        if let file = report.baselineFile {
            line(
                "\(TextFormatting.counted(report.baselined, "finding")) accepted by the baseline "
                    + "\(TextFormatting.escaped(file)) not shown")
        }
        let checked = TextFormatting.counted(report.checkedRules.count, "rule")
        line(
            report.findings.isEmpty
                ? "no findings (\(checked) checked)"
                : [
                    TextFormatting.counted(report.count(.error), "error"),
                    TextFormatting.counted(report.count(.warning), "warning"),
                    "\(report.count(.info)) info",
                ].joined(separator: ", ") + " (\(checked) checked)")
    }
}
