import ArgumentParser
import Foundation
import LayerLint
import LintRules

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules, or explain one.",
        discussion: """
            RULES is what --select takes: an id (Z002), a name (unsafe-path), an id prefix (D, C00) \
            or ALL, comma separated. One rule is explained in full; several are listed. Text is \
            wrapped to the terminal's width (COLUMNS when set).
            """
    )

    @Argument(help: "The rules to explain or list (default: all).")
    var rules: String?

    @Flag(help: "Print the rules as Markdown (the source of docs/rules.md).")
    var markdown = false

    func run() throws {
        if markdown {
            StandardStreams.writeOut(RuleDocumentation.markdown())
            return
        }
        let width = StandardStreams.terminalWidth
        guard let rules else {
            StandardStreams.writeOut(RuleDocumentation.list(width: width))
            return
        }
        let selection = try RuleSelection(select: [rules], option: "rules")
        let chosen = selection.rules().map { type(of: $0).description }
        if chosen.count == 1, let only = chosen.first {
            StandardStreams.writeOut(RuleDocumentation.explain(only, width: width))
        } else {
            StandardStreams.writeOut(RuleDocumentation.list(chosen, width: width))
        }
    }
}

extension StandardStreams {
    /// The columns of the terminal standard output is: `COLUMNS` when set, else the
    /// terminal's own width; `nil` when output goes to a file or a pipe (one line per rule,
    /// for grep).
    static var terminalWidth: Int? {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            return min(columns, 1000)
        }
        guard isatty(1) == 1 else { return nil }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
