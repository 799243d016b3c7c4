import ImageModel
import LintRules

/// `why --format json`: the same answer as data (schema version 1), keys sorted.
struct WhyJSONReporter: Reporter {
    func write(_ report: WhyReport, to stream: ReportStream) {
        stream.write(report.jsonBytes())
    }
}

extension WhyReport {
    /// The report as JSON (keys sorted), ending with a newline.
    package func jsonBytes() -> [UInt8] {
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
