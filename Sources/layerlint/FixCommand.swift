import ArgumentParser
import Foundation
import LayerLint
import Repairing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Repair a layer in one step, on a private copy, and write the result as a new ZIP.",
        discussion: """
            Checks LAYER (a ZIP or an unzipped build folder) and builds one repair plan for every finding that \
            has a mechanical repair: the layout first (python/, nesting, another Python's folder, lib64/, names \
            with backslashes, libraries where the loader looks), then foreign bytecode and modes, then one pip \
            call that installs, for the target's platform and Python, every distribution that is missing, \
            built for another platform or in a version that does not fit. pip installs into a fresh folder; \
            the old copies are removed only after it succeeded. The result is zipped the same way every time \
            (sorted names, fixed timestamps, modes 0644/0755) and checked again with the same target.
            LAYER is never modified. The output (default: NAME.fixed.zip beside it) is written through a \
            temporary file and a rename, only when every step succeeded; it is never one of the inputs.
            pip is the user's: --python (default: the target's python3.X when on PATH, else python3) runs \
            `-m pip`; pip's own configuration and index apply, or --no-index --find-links DIR.
            Exit status: 0 when no finding at or above --fail-on is left, 1 when some are (the output is \
            still written, and they are listed), 2 when the layer could not be repaired (nothing written).
            """
    )

    @Argument(help: "The layer: a ZIP or an unzipped build folder (the folder that holds python/).")
    var layer: String

    @OptionGroup var target: TargetOptions

    @Option(help: "Where to write the repaired ZIP (default: NAME.fixed.zip beside the layer).")
    var output: String?

    @Flag(
        name: .customLong("dry-run"),
        help: "Print the plan as a bash script that makes the same repair on an extracted copy; change nothing.")
    var dryRun = false

    @Option(help: "The Python whose pip installs (default: the target's python3.X when on PATH, else python3).")
    var python: String?

    @Option(name: .customLong("find-links"), help: "A folder or URL of wheels for pip (repeatable).")
    var findLinks: [String] = []

    @Flag(name: .customLong("no-index"), help: "pip reads no index: only --find-links.")
    var noIndex = false

    @Flag(
        name: .customLong("keep-bytecode"),
        help: "Also compile every module with the runtime's Python (needs that Python here).")
    var keepBytecode = false

    @Flag(name: .customLong("drop-bytecode"), help: "Remove every __pycache__ (smaller, slower cold starts).")
    var dropBytecode = false

    @Option(
        name: .customLong("fail-on"),
        help: "Exit 1 when a finding left is at least this severe: error, warning, info or never (default: error).")
    var failOn: FailOn = .error

    func validate() throws {
        if keepBytecode && dropBytecode { throw ValidationError("--keep-bytecode and --drop-bytecode exclude each other") }
    }

    func run() throws {
        var check = CheckOptions(
            layers: [layer], runtime: target.runtime, architecture: target.arch, functionConfig: target.functionConfig,
            functionZip: target.functionZip, template: target.template, function: target.function)
        check.cacheFolder = target.cacheFolder
        var options = FixOptions(check: check)
        options.output = output
        options.dryRun = dryRun
        options.python = python
        options.findLinks = findLinks
        options.noIndex = noIndex
        options.bytecode = keepBytecode ? .keep : dropBytecode ? .drop : .runtime
        options.failOn = failOn.threshold
        options.protecting =
            [target.functionConfig, target.functionZip, target.template, target.catalogFile].compactMap { $0 }
        // Interrupted, the run stops pip and removes what it was making: no output file is left.
        FixInterruption.shared.handleSignals { status in
            StandardStreams.writeError("layerlint: fix interrupted; nothing was written\n")
            Foundation.exit(status)
        }
        defer { FixInterruption.shared.stop() }
        let outcome: FixOutcome
        do {
            outcome = try FixRun.run(options, loadingCatalog: CatalogFile.loader(target.catalogFile))
        } catch let error as FixError {
            // The reason, the step that failed, and the plan it belonged to.
            guard case .notRepaired(_, _, let plan) = error else { throw error }
            StandardStreams.writeError(
                "layerlint: error: \(TerminalText.escaped(error.description))\nthe plan was:\n"
                    + plan.map { "  " + TerminalText.escaped($0) + "\n" }.joined())
            throw ExitCode(2)
        }
        StandardStreams.writeOut(outcome.text)
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}
