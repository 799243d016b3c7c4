import ArgumentParser
import LambdaPlatform
import LayerLint
import ZipArchive

/// The `layerlint` root command: subcommands only.
struct LayerlintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layerlint",
        abstract: "Validate and lint AWS Lambda layer ZIP files before they are uploaded.",
        version: "\(LayerLintVersion.current) (runtime catalog as of \(RuntimeCatalog.bundledAsOf))",
        subcommands: [CheckCommand.self, InspectCommand.self, WhyCommand.self, RulesCommand.self]
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

    @Argument(
        help:
            "The ZIP archives (or unzipped build folders) to inspect; several are shown with their merged /opt view, in layer order."
    )
    var archives: [String]

    @Option(help: "Output format: text or json.")
    var format: InspectFormat = .text

    func validate() throws {
        if archives.isEmpty { throw ValidationError("give at least one ZIP archive") }
    }

    func run() throws {
        let reports = try archives.map { path throws(ArchiveError) in try InspectReport.make(path: path) }
        if reports.count == 1 {
            switch format {
            case .text: try StandardStreams.writeReport(Array(reports[0].text().utf8))
            case .json: try StandardStreams.writeReport(reports[0].jsonBytes() + [UInt8(ascii: "\n")])
            }
        } else {
            let merged = MergedView(reports.compactMap { report in report.image.map { (report.path, $0) } })
            switch format {
            case .text:
                let text = reports.map { $0.text() }.joined(separator: "\n") + "\n" + merged.text()
                try StandardStreams.writeReport(Array(text.utf8))
            case .json:
                // {"layers": [each report], "merged": {...}, "schemaVersion": 1}, keys sorted.
                var bytes = Array("{\n\"layers\": [\n".utf8)
                for (index, report) in reports.enumerated() {
                    bytes += report.jsonBytes() + Array((index + 1 < reports.count ? ",\n" : "\n").utf8)
                }
                bytes += Array("],\n\"merged\": ".utf8) + merged.jsonBytes()
                bytes += Array(",\n\"schemaVersion\": \(InspectReport.schemaVersion)\n}\n".utf8)
                try StandardStreams.writeReport(bytes)
            }
        }
        if reports.contains(where: { $0.hasProblems }) {
            throw ExitCode(1)
        }
    }
}
