import ArgumentParser
import LayerLint

/// The `layerlint` root command: subcommands only.
struct LayerlintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layerlint",
        abstract: "Validate and lint AWS Lambda layer ZIP files before they are uploaded.",
        version: LayerLintVersion.current,
        subcommands: [CheckCommand.self, InspectCommand.self, RulesCommand.self]
    )
}

/// Output formats of `inspect`.
enum InspectFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract:
            "Show what is inside a layer ZIP: distributions, import names, entries, sizes and structural anomalies.",
        discussion: """
            Reads the central directory, the local headers and the distributions' metadata files; \
            nothing is extracted. Distributions are those in python/ and every python/lib/pythonX.Y/site-packages/.
            Exit status: 0 when the archive lists cleanly, 1 when it is unreadable or has \
            structural anomalies, 2 when the command cannot run (missing file, bad arguments).
            """
    )

    @Argument(help: "The ZIP archive to inspect.")
    var archive: String

    @Option(help: "Output format: text or json.")
    var format: InspectFormat = .text

    func run() throws {
        let report = try InspectReport.make(path: archive)
        switch format {
        case .text: try StandardStreams.writeReport(Array(report.text().utf8))
        case .json: try StandardStreams.writeReport(report.jsonBytes() + [UInt8(ascii: "\n")])
        }
        if report.hasProblems {
            throw ExitCode(1)
        }
    }
}
