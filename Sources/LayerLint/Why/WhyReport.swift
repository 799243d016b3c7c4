import ImageModel
import LambdaPlatform
import LintRules

/// The answer of `layerlint why MODULE`: each place Python looks on the target's
/// `sys.path`, what it finds there, and whether the import works, with the findings that
/// explain why not (`why --format json`).
public struct WhyReport: Sendable {
    public static let schemaVersion = 1

    /// One folder looked in for one part of the name.
    public struct Step: Sendable, Equatable {
        /// The dotted name looked for (`google.protobuf` once `google` is found).
        public let module: String
        /// The folder (absolute), or `(built in)`.
        public let folder: String
        /// What the folder is: `the layers (a.zip)`, `the function package (fn.zip)`,
        /// `the runtime's packages`, `the standard library of Python 3.12`.
        public let source: String
        /// `package`, `module`, `extension-module`, `bytecode`, `namespace-portion`,
        /// `runtime-package`, `standard-library`, `builtin`, `nothing` or `not-given`.
        public let found: String
        public let archive: String?
        public let entry: String?
        /// The `.pth` file that added the folder to `sys.path`, when one did.
        public let addedBy: String?
    }

    /// Why the import fails, or what to look out for when it works.
    public struct Reason: Sendable, Equatable {
        /// The rule that explains it, when one does.
        public let rule: String?
        /// `error` when the import fails because of it; `warning` or `info` when it does not.
        public let severity: Severity
        public let message: String
        public let fix: String?
    }

    public let module: String
    public let target: Target
    /// Whether the architecture is Lambda's default, not given.
    public let architectureDefaulted: Bool
    public let importable: Bool
    public let searched: [Step]
    /// The archive and member Python would import, when it is a file of the image.
    public let resolved: (archive: String, entry: String)?
    /// What the module is when it is not a file: `runtime-package`, `standard-library`,
    /// `builtin`, or `namespace-package`.
    public let resolvedAs: String?
    public let reasons: [Reason]

    /// The report as text, ending with a newline.
    public func text() -> String {
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

    /// The report as JSON (keys sorted), ending with a newline.
    public func jsonBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.value(json())
        return writer.takeBytes() + [UInt8(ascii: "\n")]
    }

    func json() -> JSONValue {
        .object([
            "schemaVersion": .integer(Int64(Self.schemaVersion)),
            "module": .string(module),
            "target": .object([
                "runtime": .optional(target.runtime?.identifier),
                "architecture": .optional(target.architecture?.rawValue ?? "x86_64"),
                "source": .optional(
                    ([target.source].compactMap { $0 } + (architectureDefaulted ? ["lambda-default"] : []))
                        .joined(separator: "+")),
            ]),
            "importable": .bool(importable),
            "searched": .array(
                searched.map {
                    .object([
                        "module": .string($0.module), "path": .string($0.folder), "source": .string($0.source),
                        "found": .string($0.found), "archive": .optional($0.archive), "entry": .optional($0.entry),
                    ])
                }),
            "resolved": resolved.map { .object(["archive": .string($0.archive), "entry": .string($0.entry)]) }
                ?? .null,
            // What an import that is no file of the inputs resolves to (the standard library,
            // the runtime's packages, a built-in module, a namespace package), else null.
            "resolvedAs": .optional(resolvedAs),
            "reasons": .array(
                reasons.map {
                    .object([
                        "rule": .optional($0.rule), "severity": .string($0.severity.rawValue),
                        "message": .string($0.message), "fix": .optional($0.fix),
                    ])
                }),
        ])
    }
}
