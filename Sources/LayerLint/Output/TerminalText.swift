import ImageModel

/// Text for a terminal, for the command line's own messages: every value that came from an
/// input (a logical id, a runtime from a configuration, an ARN, a file name) goes through it.
package enum TerminalText {
    /// `text` with control characters, backslashes and invisible format characters made
    /// visible, as entry names are (`TextFormatting.escaped`).
    package static func escaped(_ text: String) -> String { TextFormatting.escaped(text) }

    /// `escaped` line by line: a multi-line message (usage help) keeps its lines.
    package static func escapedLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }
            .joined(separator: "\n")
    }
}
