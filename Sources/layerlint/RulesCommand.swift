import ArgumentParser
import LayerLint
import LintRules

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules, or explain one.",
        discussion: "RULE is an id (Z002) or a name (unsafe-path)."
    )

    @Argument(help: "The rule to explain.")
    var rule: String?

    @Flag(help: "Print the rules as Markdown (the source of docs/rules.md).")
    var markdown = false

    func run() throws {
        if markdown {
            StandardStreams.writeOut(RuleDocumentation.markdown())
            return
        }
        guard let rule else {
            StandardStreams.writeOut(RuleDocumentation.list())
            return
        }
        guard let description = RuleRegistry.description(for: rule) else {
            let known = RuleRegistry.descriptions.map(\.id).joined(separator: ", ")
            throw ValidationError("no rule \(rule); rules are: \(known)")
        }
        StandardStreams.writeOut(RuleDocumentation.explain(description))
    }
}
