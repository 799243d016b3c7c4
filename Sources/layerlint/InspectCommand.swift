import ArgumentParser
import LayerLint
import ZipArchive

extension InspectFormat: ExpressibleByArgument {}

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
        let reports = try InspectReports(paths: archives)
        try StandardStreams.streamReport(to: nil) { format.reporter().write(reports, to: $0) }
        if reports.hasProblems {
            throw ExitCode(1)
        }
    }
}
