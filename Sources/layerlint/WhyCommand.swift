import ArgumentParser
import Foundation
import LambdaPlatform
import LayerLint

extension WhyFormat: ExpressibleByArgument {}

struct WhyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Explain whether and why MODULE imports on the function's Lambda sys.path.",
        discussion: """
            Walks the target Python's sys.path in order, as the Lambda runtime sets it: /var/task (the \
            function package, --function-zip), /opt/python/lib/pythonX.Y/site-packages and /opt/python (the \
            layers merged in order, a later layer's files replacing an earlier one's), the runtime's own boto3 \
            stack, the standard library. Prints each place looked at and what was there, then the verdict \
            with the rules that explain it. MODULE may be dotted (google.protobuf).
            Without --arch, x86_64 (Lambda's default) is assumed. Runtime, architecture and layers not given \
            come from .layerlint.toml or [tool.layerlint] in pyproject.toml, as for check.
            Exit status: 0 when MODULE is importable, 1 when it is not, 2 when the command cannot run.
            """
    )

    @Argument(help: "The module as an import statement names it: requests, yaml, google.protobuf.")
    var module: String

    @Argument(
        help:
            "Layer ZIPs or unzipped build folders, in the function's layer order (default: the config file's `layers`)."
    )
    var layers: [String] = []

    /// What the function is; without --arch, x86_64 (Lambda's default).
    @OptionGroup var target: TargetOptions

    @Option(help: "Output format: text or json.")
    var format: WhyFormat = .text

    @Option(help: "A configuration file (default: .layerlint.toml, else [tool.layerlint] in pyproject.toml).")
    var config: String?

    func run() throws {
        let file =
            try config.map { path throws(ConfigurationError) in try Configuration.load(file: path) }
            ?? Configuration.discover(from: FileManager.default.currentDirectoryPath)
        if target.function != nil && (target.template ?? file?.template) == nil {
            throw ValidationError("--function needs --template")
        }
        var options = CheckOptions(
            layers: layers.isEmpty ? (try file?.matchingLayers().map(Settings.relative) ?? []) : layers,
            runtime: target.runtime ?? file?.runtime, architecture: target.arch ?? file?.architecture,
            functionConfig: target.functionConfig ?? file?.functionConfig.map(Settings.relative),
            functionZip: target.functionZip, template: target.template ?? file?.template.map(Settings.relative),
            function: target.function ?? file?.function)
        options.cacheFolder = target.cacheFolder
        let report = try WhyRun.report(
            module: module, options: options, loadingCatalog: CatalogFile.loader(target.catalogFile))
        try StandardStreams.streamReport(to: nil) { format.reporter().write(report, to: $0) }
        if !report.importable { throw ExitCode(1) }
    }
}
