import ImageModel
import LambdaPlatform

/// The text of `layerlint rules` and of docs/rules.md, both from the rules' own metadata.
public enum RuleDocumentation {
    /// One line per rule: id, name, default severity, summary; the summary wrapped under
    /// itself to `width` columns when one is given (a terminal's).
    public static func list(_ rules: [RuleDescription] = RuleRegistry.descriptions, width: Int? = nil) -> String {
        let nameWidth = (rules.map(\.name.count).max() ?? 0) + 1
        return rules.map { rule in
            let head = "\(rule.id)  \(TextFormatting.padRight(rule.name, nameWidth)) "
                + "\(TextFormatting.padRight(rule.defaultSeverity.rawValue, 8)) "
            // A terminal too narrow for a column of 40 characters beside the names gets the
            // summary on lines of its own, indented.
            if let width, width - head.count < 40 {
                return head.strippingBlanks() + "\n      "
                    + TextFormatting.wrapped(rule.summary, width: width, indent: 6, firstLineUsed: 6)
            }
            return head
                + TextFormatting.wrapped(rule.summary, width: width, indent: head.count, firstLineUsed: head.count)
        }.joined(separator: "\n") + "\n"
    }

    /// Everything about one rule, each paragraph wrapped to `width` columns when one is given.
    /// The examples are commands and layer listings, and stay as they are.
    public static func explain(_ rule: RuleDescription, width: Int? = nil) -> String {
        func paragraph(_ label: String, _ text: String) -> String {
            TextFormatting.wrapped(label + text, width: width, indent: 0)
        }
        let need = rule.targetNeed == .nothing ? "" : ", " + rule.targetNeed.phrase
        return [
            paragraph("", "\(rule.id) \(rule.name) (default severity: \(rule.defaultSeverity.rawValue)\(need))"), "",
            paragraph("", rule.summary), "",
            paragraph("Why it matters: ", rule.rationale), "",
            paragraph("Fix: ", rule.fix), "",
            paragraph("Fires on: ", rule.fires),
            paragraph("Passes: ", rule.passes),
        ].joined(separator: "\n") + "\n"
            + (rule.examples.isEmpty
                ? "" : "\nExamples (run by the tests):\n" + rule.examples.map(\.text).joined(separator: "\n") + "\n")
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
