import ImageModel

/// The text of `layerlint rules` and of docs/rules.md, both from the rules' own metadata.
public enum RuleDocumentation {
    /// One line per rule: id, name, default severity, summary.
    public static func list() -> String {
        let descriptions = RuleRegistry.descriptions
        let width = (descriptions.map(\.name.count).max() ?? 0) + 1
        return descriptions.map { rule in
            "\(rule.id)  \(TextFormatting.padRight(rule.name, width)) \(TextFormatting.padRight(rule.defaultSeverity.rawValue, 8)) \(rule.summary)"
        }.joined(separator: "\n") + "\n"
    }

    /// Everything about one rule.
    public static func explain(_ rule: RuleDescription) -> String {
        """
        \(rule.id) \(rule.name) (default severity: \(rule.defaultSeverity.rawValue)\(rule.targetNeed == .nothing ? "" : ", " + rule.targetNeed.phrase))

        \(rule.summary)

        Why it matters: \(rule.rationale)

        Fix: \(rule.fix)

        Fires on: \(rule.fires)
        Passes: \(rule.passes)
        \(rule.examples.isEmpty ? "" : "\nExamples (run by the tests):\n" + rule.examples.map(\.text).joined(separator: "\n") + "\n")
        """
    }

    /// docs/rules.md. Generated: `swift run layerlint rules --markdown > docs/rules.md`.
    public static func markdown() -> String {
        var text = """
            # layerlint rules

            <!-- Generated from the rules' metadata by `swift run layerlint rules --markdown > docs/rules.md`;
                 a test fails when this file is stale. Do not edit by hand. -->

            Each finding's `fix` is meant to be followed literally. Where it is a command, it runs in
            the folder the layer is zipped from (the one that holds `python/`; an extracted copy of the
            layer), and its pip lines fetch wheels for the function's platform, CPU and Python; then
            zip that folder again (`zip -r ../layer.zip .`). `scripts/apply-fixes` does exactly that.

            | id | name | default | what it catches |
            |---|---|---|---|

            """
        for rule in RuleRegistry.descriptions {
            text += "| \(rule.id) | \(rule.name) | \(rule.defaultSeverity.rawValue) | \(rule.summary) |\n"
        }
        for rule in RuleRegistry.descriptions {
            text += """

                ## \(rule.id) \(rule.name)

                Default severity: **\(rule.defaultSeverity.rawValue)**\(rule.targetNeed == .nothing ? "" : " (" + rule.targetNeed.phrase + ")")

                \(rule.summary)

                **Why it matters.** \(rule.rationale)

                **Fix.** \(rule.fix)

                **Fires on:** \(rule.fires). **Passes:** \(rule.passes).

                """
            if !rule.examples.isEmpty {
                text +=
                    "\nExamples, run by the tests:\n\n```\n" + rule.examples.map(\.text).joined(separator: "\n")
                    + "\n```\n"
            }
        }
        return text
    }
}
