import LintRules

/// `check --format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
///
/// Every rule is in `tool.driver.rules` with its documentation; every result names its rule
/// (`ruleId`, `ruleIndex`), gives an explicit `level`, a message whose first sentence is the
/// finding, the ZIP as a physical location (a URI relative to the working directory, line
/// 1: the findings are about members of a binary file) and the member as a logical
/// location, and a partial fingerprint from what it is about (`FindingIdentity`), so that
/// code scanning matches it again on the next run and after a rebuild of the ZIP.
package struct SARIFReporter: Reporter {
    /// The folder the archive paths are made relative to (the repository root in CI).
    package let workingDirectory: String

    package init(workingDirectory: String) { self.workingDirectory = workingDirectory }

    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    /// SARIF's level for a severity.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    package func write(_ report: CheckReport, to stream: ReportStream) {
        let rules = RuleRegistry.descriptions
        var ruleIndex: [String: Int] = [:]
        for (index, rule) in rules.enumerated() { ruleIndex[rule.id] = index }
        // A finding about the target as a whole is shown on the first input.
        let fallbackArchive = report.inputs.first?.path
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("$schema", .string(Self.schema))
        writer.key("runs")
        writer.beginArray()
        writer.beginObject()
        writer.member("columnKind", .string("unicodeCodePoints"))
        writer.member(
            "invocations",
            .array([
                .object([
                    "executionSuccessful": .bool(true),
                    "toolExecutionNotifications": .array(
                        report.skippedRules.map { skipped in
                            .object([
                                "level": .string("note"),
                                "message": .object([
                                    "text": .string("\(skipped.rule) was skipped: it \(skipped.needs.phrase)")
                                ]),
                                "descriptor": .object(["id": .string(skipped.rule)]),
                            ])
                        }),
                ])
            ]))
        // The results one by one, handed on as they are written.
        writer.key("results")
        writer.beginArray()
        for finding in report.findings {
            var location: [(String, JSONValue)] = []
            if let archive = finding.archive ?? fallbackArchive {
                let uri = FindingIdentity.uri(
                    FindingIdentity.relativePath(archive, workingDirectory: workingDirectory))
                location.append(
                    (
                        "physicalLocation",
                        .object([
                            "artifactLocation": .object(["uri": .string(uri)]),
                            "region": .object(["startLine": .integer(1)]),
                        ])
                    ))
            }
            if let path = finding.path {
                location.append(
                    (
                        "logicalLocations",
                        .array([.object(["fullyQualifiedName": .string(path), "kind": .string("resource")])])
                    ))
            }
            var text = finding.message.hasSuffix(".") ? finding.message : finding.message + "."
            if finding.paths.count > 1 { text += " Members: " + finding.paths.joined(separator: ", ") + "." }
            if let fix = finding.fix { text += " Fix: " + fix }
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(finding.rule)),
                ("level", .string(Self.level(finding.severity))),
                ("message", .object(["text": .string(text)])),
                ("locations", .array([.object(JSONObject(location))])),
                (
                    "partialFingerprints",
                    .object(["layerlintFinding/v2": .string(FindingIdentity.fingerprint(finding))])
                ),
            ]
            if let index = ruleIndex[finding.rule] { members.append(("ruleIndex", .unsigned(UInt64(index)))) }
            writer.value(.object(JSONObject(members)))
            writer.drain(into: stream)
        }
        writer.endArray()
        writer.member(
            "tool",
            .object([
                "driver": .object([
                    "name": .string("layerlint"),
                    "version": .string(LayerLintVersion.current),
                    "semanticVersion": .string(LayerLintVersion.current),
                    "rules": .array(rules.map(Self.descriptor)),
                ])
            ]))
        writer.endObject()
        writer.endArray()
        writer.member("version", .string("2.1.0"))
        writer.endObject()
        writer.drain(into: stream, force: true)
        stream.write("\n")
    }

    /// A rule as a SARIF reporting descriptor, its help from its documentation.
    static func descriptor(_ rule: RuleDescription) -> JSONValue {
        let text =
            "\(rule.summary)\n\nWhy it matters: \(rule.rationale)\n\nFix: \(rule.fix)\n\n"
            + "Fires on: \(rule.fires). Passes: \(rule.passes)."
        let markdown =
            "\(rule.summary)\n\n**Why it matters.** \(rule.rationale)\n\n**Fix.** \(rule.fix)\n\n"
            + "**Fires on:** \(rule.fires). **Passes:** \(rule.passes)."
        return .object([
            "id": .string(rule.id),
            "name": .string(rule.name),
            "shortDescription": .object(["text": .string(rule.summary)]),
            "fullDescription": .object(["text": .string(rule.rationale)]),
            "help": .object(["text": .string(text), "markdown": .string(markdown)]),
            "defaultConfiguration": .object(["level": .string(level(rule.defaultSeverity))]),
            "properties": .object([
                "tags": .array([.string("lambda-layer"), .string(rule.family.rawValue)]),
                "precision": .string("high"),
                "problem.severity": .string(
                    level(rule.defaultSeverity) == "note" ? "recommendation" : level(rule.defaultSeverity)),
            ]),
        ])
    }
}
