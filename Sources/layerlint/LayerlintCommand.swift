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
        subcommands: [CheckCommand.self, InspectCommand.self, WhyCommand.self, FixCommand.self, RulesCommand.self]
    )
}
