import ArgumentParser
import Foundation
import ImageModel
import LambdaPlatform
import LayerLint
import LintRules

extension ReportFormat: ExpressibleByArgument {}

/// `--fail-on`: the least severe finding that makes `check` exit 1.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning, info, never

    var threshold: Severity? {
        switch self {
        case .error: return .error
        case .warning: return .warning
        case .info: return .info
        case .never: return nil
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check layer ZIPs against a function's runtime and architecture.",
        discussion: """
            Layers are given in the function's layer order. The target comes from --runtime and \
            --arch, which win over --function-config, which wins over --template. Rules that need a \
            runtime or architecture are skipped without one; `layerlint rules` lists the rules.
            Settings not given on the command line come from .layerlint.toml or [tool.layerlint] in \
            pyproject.toml (found from the working directory upwards) or --config; --show-config \
            prints them with their origins.
            Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 when \
            the command cannot run (a missing file, malformed AWS CLI JSON, an unknown runtime, \
            a --select naming no rule, a bad configuration or baseline file). Text output is coloured on a terminal unless NO_COLOR is set.
            The JSON report's sha256 of each input is null unless --hash is given or layer metadata \
            has to be matched to the layers by its CodeSha256; hashing reads every byte of every input.
            """
    )

    @Argument(
        help:
            "Layer ZIPs or unzipped build folders, in the function's layer order (default: the config file's `layers`)."
    )
    var layers: [String] = []

    /// What the function is: runtime, architecture, configuration, template, its own package.
    @OptionGroup var target: TargetOptions

    @Option(
        name: .customLong("layer-metadata"),
        help: "JSON of `aws lambda get-layer-version` or `publish-layer-version`; repeatable.")
    var layerMetadata: [String] = []

    @Option(
        help: ArgumentHelp(
            "Rules to run: ids (D001), id prefixes (D, C00) or names, comma separated; default: all.",
            valueName: "rules"))
    var select: [String] = []

    @Option(
        help: ArgumentHelp(
            "Rules not to run, as for --select; for each rule the more specific selector wins (--ignore D --select "
                + "D001 runs D001).", valueName: "rules"))
    var ignore: [String] = []

    @Option(help: "Output format: text, json, sarif, github, junit or gitlab (default: text).")
    var format: ReportFormat?

    @Flag(help: "Put each input's SHA-256 in the JSON report (read in full; done anyway for --layer-metadata).")
    var hash = false

    @Flag(
        help:
            "Read every member in full (deflate data, size, CRC-32), as unzip -t does; corrupt members are Z001 findings."
    )
    var verify = false

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(
        name: .customLong("fail-on"),
        help: "Exit 1 when a finding is at least this severe: error, warning, info or never (default: error).")
    var failOn: FailOn?

    @Option(
        help: ArgumentHelp(
            "A configuration file (default: .layerlint.toml, else [tool.layerlint] in pyproject.toml, from the "
                + "working directory upwards)."))
    var config: String?

    @Flag(name: .customLong("show-config"), help: "Print the settings in effect and where each came from, and exit.")
    var showConfig = false

    @Option(help: "Report only findings not accepted by this baseline (written by --write-baseline).")
    var baseline: String?

    @Option(
        name: .customLong("write-baseline"),
        help: "Write today's findings to this file as the accepted baseline, and exit 0.")
    var writeBaseline: String?

    @Flag(help: "Print a count per rule instead of the findings (text, or JSON with --format json).")
    var statistics = false

    @Flag(
        help: ArgumentHelp(
            "Check each layer on its own, as the only layer of its function (for unrelated ZIPs, such as a "
                + "hook's staged files), instead of as one function's layers."))
    var each = false

    func run() throws {
        let file =
            try config.map { path throws(ConfigurationError) in try Configuration.load(file: path) }
            ?? Configuration.discover(from: FileManager.default.currentDirectoryPath)
        let settings = try Settings(command: self, file: file)
        if showConfig {
            StandardStreams.writeOut(settings.description)
            return
        }
        // A function that uses no layer is checked from its own package alone.
        guard !settings.layers.value.isEmpty || target.functionZip != nil else {
            throw ValidationError(
                file?.layers.isEmpty == false
                    ? "the layers globs of \(file?.file ?? "the config") match no file"
                    : "give at least one layer ZIP (or `layers` in .layerlint.toml, or --function-zip for a "
                        + "function without layers)")
        }
        if settings.function.value != nil && settings.template.value == nil {
            throw ValidationError("--function needs --template")
        }
        let format = settings.format.value
        let failOn = settings.failOn.value
        var options = CheckOptions(
            layers: settings.layers.value, runtime: settings.runtime.value, architecture: settings.architecture.value,
            functionConfig: settings.functionConfig.value, layerMetadata: layerMetadata,
            functionZip: target.functionZip,
            template: settings.template.value, function: settings.function.value, select: settings.select.value,
            ignore: settings.ignore.value, digests: hash, verify: verify)
        options.runtimeFile = settings.runtime.origin == "command line" ? nil : file?.place(of: "runtime")
        options.architectureFile = settings.architecture.origin == "command line" ? nil : file?.place(of: "architecture")
        options.severities = file?.severity ?? [:]
        options.perPathIgnores = file?.perPathIgnores ?? []
        options.cacheFolder = target.cacheFolder
        // Nothing the user gave is written over, by any name or link: neither by the report,
        // nor by a baseline, nor by the step summary. Refused before any work is done.
        let summary =
            format == .github
            ? ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"].flatMap { $0.isEmpty ? nil : $0 } : nil
        let targets = [("--output", output), ("--write-baseline", writeBaseline), ("GITHUB_STEP_SUMMARY", summary)]
        var inputs = ProtectedInputs([])
        if targets.contains(where: { $0.1 != nil }) {
            inputs = ProtectedInputs(
                options.layers + [options.functionConfig, target.functionZip, options.template].compactMap { $0 }
                    + layerMetadata
                    + [settings.baseline.value, target.catalogFile, file?.file].compactMap {
                        $0
                    })
            for case let (option, path?) in targets {
                try OutputFile.check(path: path, option: option, protecting: inputs)
            }
        }
        let loading = CatalogFile.loader(target.catalogFile)
        var report: CheckReport
        if each && options.layers.count > 1 {
            // Each layer on its own, as the only layer of its function: unrelated ZIPs (a
            // hook's staged files) share no sizes, paths or distributions.
            var reports: [CheckReport] = []
            for layer in options.layers {
                var single = options
                single.layers = [layer]
                reports.append(try CheckRun.report(for: single, loadingCatalog: loading))
            }
            report = CheckReport.combining(reports)
        } else {
            report = try CheckRun.report(for: options, loadingCatalog: loading)
        }
        if let writeBaseline {
            let written = try OutputFile(path: writeBaseline, option: "--write-baseline", protecting: inputs)
            try written.commit(after: written.write(Baseline.render(report)))
            StandardStreams.writeError(
                "layerlint: wrote \(report.findings.count) finding(s) to the baseline \(TerminalText.escaped(writeBaseline))\n"
            )
            return
        }
        if let path = settings.baseline.value {
            let accepted = try Baseline.load(file: path)
            if let note = accepted.migrationNote {
                StandardStreams.writeError("layerlint: note: \(TerminalText.escaped(note))\n")
            }
            report = report.applying(accepted)
        }
        let reporter: any Reporter<CheckReport> =
            statistics
            ? StatisticsReporter(json: format == .json)
            : format.reporter(
                colour: output == nil && StandardStreams.stdoutWantsColour,
                workingDirectory: FileManager.default.currentDirectoryPath, failOn: failOn.threshold)
        // Written as it is made: a report of 100,000 findings is never held whole.
        let destination = try output.map { path throws(CheckError) in
            try OutputFile(path: path, option: "--output", protecting: inputs)
        }
        try StandardStreams.streamReport(to: destination) { reporter.write(report, to: $0) }
        // In GitHub Actions, the counts and the findings also go to the job's summary page
        // (appended: the bytes already there are kept).
        if let summary {
            let appended = try OutputFile(
                path: summary, option: "GITHUB_STEP_SUMMARY", protecting: inputs, keeping: Limits.stepSummaryBytes)
            try appended.commit(after: appended.write(GitHubReporter().summary(report)))
        }
        if report.fails(at: failOn.threshold) { throw ExitCode(1) }
    }
}
