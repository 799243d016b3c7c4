import ImageModel
import LintRules

/// `why --format text`: the places looked at, the verdict, and why not or what to note.
struct WhyTextReporter: Reporter {
    func write(_ report: WhyReport, to stream: ReportStream) {
        stream.write(report.text())
    }
}

extension WhyReport {
    /// The report as text, ending with a newline.
    package func text() -> String {
        let escaped = TextFormatting.escaped
        let runtime = target.runtime?.identifier ?? "?"
        let architecture =
            (target.architecture?.rawValue ?? "x86_64")
            + (architectureDefaulted ? ": Lambda's default, as no --arch was given" : "")
        var lines = [
            "why \(escaped(module)) on \(runtime) (\(architecture)): "
                + (importable ? "importable" : "not importable")
        ]
        var current = ""
        let width = min(48, searched.map(\.folder.count).max() ?? 0)
        for step in searched {
            if step.module != current {
                current = step.module
                lines.append("searched for \(escaped(step.module)):")
            }
            lines.append("  " + TextFormatting.padRight(escaped(step.folder), width) + "  " + phrase(step))
        }
        if let resolved {
            lines.append("resolved: \(escaped(resolved.entry)) in \(escaped(resolved.archive))")
        } else if let resolvedAs {
            lines.append("resolved: \(resolvedAs.replacingOccurrences(of: "-", with: " "))")
        }
        let failing = reasons.filter { $0.severity == .error }
        for (heading, group) in [("why not:", failing), ("notes:", reasons.filter { $0.severity != .error })]
        where !group.isEmpty {
            lines.append(heading)
            for reason in group {
                let rule = reason.rule.map { "\($0) " } ?? ""
                lines.append("  \(reason.severity.rawValue) \(rule)\(escaped(reason.message))")
                if let fix = reason.fix { lines.append("    fix: \(escaped(fix))") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func phrase(_ step: Step) -> String {
        let escaped = TextFormatting.escaped
        let file =
            step.entry.map { entry in " \(escaped(entry))" + (step.archive.map { " in \(escaped($0))" } ?? "") } ?? ""
        switch step.found {
        case "nothing":
            return step.source.hasPrefix("no ")
                ? "nothing (\(escaped(step.source)))" : "nothing in \(escaped(step.source))"
        case "not-given": return "not looked at: no --function-zip given (the function's own code)"
        case "namespace-portion":
            return "a folder without __init__ in \(escaped(step.source)): part of a namespace package"
        case "runtime-package": return "the runtime's own copy (AWS's, updated without notice)"
        case "standard-library": return "a module of \(escaped(step.source))"
        case "builtin": return "built into the interpreter"
        default:
            return step.found.replacingOccurrences(of: "-", with: " ") + file
                + (step.addedBy.map { " (added by \(escaped($0)))" } ?? "")
        }
    }
}
