import Foundation
import ImageModel
import LambdaPlatform
import LintRules
import OpeningStage
import Repairing
import ZipArchive

/// What `fix` is given, already split into values.
public struct FixOptions: Sendable {
    /// What the layer is checked with: one layer, the target options.
    public var check: CheckOptions
    /// `--output`; default `NAME.fixed.zip` beside the input.
    public var output: String?
    public var dryRun = false
    /// `--python`: the Python whose pip installs (default: the target's `python3.X`, else `python3`).
    public var python: String?
    public var findLinks: [String] = []
    public var noIndex = false
    public var bytecode: Bytecode = .runtime
    public var failOn: Severity? = .error
    /// Where the private copy is made (default: the system's temporary folder).
    public var temporaryFolder: String?
    /// Files that must not be written over (the configuration, the catalog, ...).
    public var protecting: [String] = []

    /// What happens to compiled bytecode.
    public enum Bytecode: Sendable {
        /// Keep what the runtime's own Python compiled, drop other Pythons' (the default).
        case runtime
        /// Also compile everything with the runtime's Python, when this machine has it.
        case keep
        /// Drop every `__pycache__`.
        case drop
    }

    public init(check: CheckOptions) { self.check = check }

    /// The input: the one layer.
    var input: String { check.layers.first ?? "" }

    /// `--output`, else `NAME.fixed.zip` beside the input (`layer.zip` → `layer.fixed.zip`,
    /// a folder `build` → `build.fixed.zip`).
    public var outputPath: String {
        if let output { return output }
        var path = input
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        let stem = path.hasSuffix(".zip") ? String(path.dropLast(4)) : path
        return stem + ".fixed.zip"
    }
}

/// What `fix` did: the text to print and the exit status (0: no finding at or above
/// `--fail-on` is left; 1: some are, the output is still written).
public struct FixOutcome: Sendable {
    public let text: String
    public let status: Int32
}

/// `layerlint fix`: checks a layer, plans the repairs of its findings (`RepairPlan`), makes
/// them on a private copy, zips the result the same way every time, checks it again with
/// the same target and writes it beside the input. The input is only read, whatever
/// happens; the output appears, by a rename, only when every step succeeded.
public enum FixRun {
    /// - Throws: `CheckError` when the layer cannot be checked (as for `check`), `FixError`
    ///   when it cannot be repaired (nothing is written).
    public static func run(
        _ options: FixOptions, loadingCatalog: @Sendable () throws(RuntimeCatalogError) -> RuntimeCatalog
    ) throws -> FixOutcome {
        guard options.check.layers.count == 1 else {
            throw FixError.cannotCopy(input: options.check.layers.joined(separator: " "), reason: "fix takes one layer")
        }
        let input = options.input
        let protected = ProtectedInputs([input] + options.protecting + options.check.layerMetadata)
        if !options.dryRun { try OutputFile.check(path: options.outputPath, option: "--output", protecting: protected) }
        let (context, report) = try CheckRun.checked(options.check, loadingCatalog: loadingCatalog)
        guard let runtime = context.target.runtime, let runtimePython = runtime.python?.version else {
            throw FixError.needsRuntime
        }
        try refuseUncopyable(report, input: input)
        let plan = RepairPlan(findings: report.findings, context: context, archive: input)
        let needsPip = plan.steps.contains(where: \.action.isInstall)
        let pythonName = PipRunner.pythonName(given: options.python, runtimeVersion: runtimePython)
        let indexOptions = (options.noIndex ? ["--no-index"] : []) + options.findLinks.flatMap { ["--find-links", $0] }
        if options.dryRun {
            let compile = pythonName == "python" + runtimePython
            let script = RepairScript.script(
                withIndexOptions(plan, indexOptions), findings: report.findings, python: pythonName, compile: compile,
                input: input, zipCommand: zipCommand(output: options.outputPath))
            return FixOutcome(text: script + leftText(plan, report.findings, prefix: "# "), status: 0)
        }
        if plan.steps.isEmpty && options.bytecode == .runtime {
            let status: Int32 = report.fails(at: options.failOn) ? 1 : 0
            return FixOutcome(
                text: "layerlint fix: nothing to repair in \(input)\n" + leftText(plan, report.findings, prefix: ""),
                status: status)
        }
        let pip: PipRunner?
        do {
            pip = needsPip ? try PipRunner(python: pythonName) : nil
        } catch {
            throw FixError.notRepaired(
                step: "", cause: error,
                plan: plan.steps.enumerated().map { "\($0.offset + 1). " + summary($0.element, findings: report.findings) })
        }
        var copy = try PrivateCopy(temporaryFolder: options.temporaryFolder ?? NSTemporaryDirectory())
        FixInterruption.shared.removing(copy.root)
        defer {
            copy.discard()
            FixInterruption.shared.kept(copy.root)
        }
        try fill(&copy, input: input, report: report)
        let compile = pip.map { $0.pythonVersion == runtimePython } ?? true
        let rounds = try repair(
            copy: copy, pip: pip, compile: compile, options: options, runtimePython: runtimePython,
            indexOptions: indexOptions, start: (context, report, plan), loadingCatalog: loadingCatalog)
        let output = options.outputPath
        try write(rounds.zip, to: output, protecting: protected)
        let remaining = rounds.report.findings
        var text = "layerlint fix: \(input) -> \(output)\n"
        text += rounds.done.map { "  " + $0 + "\n" }.joined()
        text += copy.notes.map { "  note: " + $0 + "\n" }.joined()
        if rounds.aligned > 0 {
            let many = rounds.aligned != 1
            text +=
                "  note: \(rounds.aligned) .pyc file\(many ? "s" : "") checked against \(many ? "their" : "its") "
                + "source's time now record the ZIP's time (1980-01-01), so Python on Lambda still uses them\n"
        }
        text += versionChanges(before: context, after: rounds.context).map { "  " + $0 + "\n" }.joined()
        if remaining.isEmpty {
            text += "no findings left\n"
        } else {
            text += "left (\(remaining.count)):\n" + remaining.map { "  " + line($0) + "\n" }.joined()
        }
        return FixOutcome(text: text, status: rounds.report.fails(at: options.failOn) ? 1 : 0)
    }

    /// What the rounds of repair made: the steps done, the ZIP of the result, its check.
    struct Rounds {
        var done: [String] = []
        var aligned = 0
        let zip: String
        var context: LintContext
        var report: CheckReport
    }

    /// Carries the plan out on the private copy, zips the result and checks it. Repairs can
    /// uncover findings (a package moved onto the sys.path shows its missing dependencies):
    /// the result is planned again, up to three rounds, each step made once.
    static func repair(
        copy: PrivateCopy, pip: PipRunner?, compile: Bool, options: FixOptions, runtimePython: String,
        indexOptions: [String], start: (LintContext, CheckReport, RepairPlan),
        loadingCatalog: @Sendable () throws(RuntimeCatalogError) -> RuntimeCatalog
    ) throws -> Rounds {
        var rounds = Rounds(zip: copy.root + "/fixed.zip", context: start.0, report: start.1)
        var made = Set<String>()
        for round in 1...3 {
            // The first round carries out the plan already made; later ones plan the result.
            let planned = withIndexOptions(
                round == 1
                    ? start.2 : RepairPlan(findings: rounds.report.findings, context: rounds.context, archive: rounds.zip),
                indexOptions)
            let fresh = planned.steps.filter { made.insert(RepairScript.command($0.action, python: "python")).inserted }
            if fresh.isEmpty && round > 1 { break }
            for (offset, step) in fresh.enumerated() {
                let number = rounds.done.count + 1
                let what = summary(step, findings: rounds.report.findings)
                do {
                    try StepRunner(copy: copy, pip: pip, number: number, compile: compile).run(step.action)
                } catch {
                    // The reason, the step that failed, and the plan it belonged to.
                    let plan =
                        rounds.done
                        + fresh[offset...].enumerated().map {
                            "\(number + $0.offset). " + summary($0.element, findings: rounds.report.findings)
                        }
                    throw FixError.notRepaired(step: "\(number) (\(what))", cause: error, plan: plan)
                }
                rounds.done.append("\(number). " + what)
            }
            if round == 1 {
                try bytecode(options.bytecode, copy: copy, pip: pip, runtimePython: runtimePython, done: &rounds.done)
            }
            rounds.aligned += copy.alignBytecode()
            try zip(copy, to: rounds.zip)
            var again = options.check
            again.layers = [rounds.zip]
            again.layerMetadata = []
            again.digests = false
            (rounds.context, rounds.report) = try CheckRun.checked(again, loadingCatalog: loadingCatalog)
        }
        return rounds
    }

    /// Copies the repaired ZIP to `output` in pieces, through a temporary file and a rename
    /// (`OutputFile`); an interruption removes the temporary file.
    static func write(_ zip: String, to output: String, protecting protected: ProtectedInputs) throws {
        guard let handle = FileHandle(forReadingAtPath: zip) else {
            throw FixError.cannotZip(reason: "\(zip) cannot be read back")
        }
        defer { try? handle.close() }
        let file = try OutputFile(path: output, option: "--output", protecting: protected)
        if let temporary = file.temporaryPath { FixInterruption.shared.removing(temporary) }
        defer { file.temporaryPath.map { FixInterruption.shared.kept($0) } }
        var failure: String?
        while failure == nil, let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
            failure = file.write(Array(piece))
        }
        try file.commit(after: failure)
    }

    /// `--keep-bytecode` and `--drop-bytecode`.
    static func bytecode(
        _ choice: FixOptions.Bytecode, copy: PrivateCopy, pip: PipRunner?, runtimePython: String, done: inout [String]
    ) throws(FixError) {
        switch choice {
        case .runtime: break
        case .drop:
            copy.removeCaches(under: copy.layer)
            done.append("removed every __pycache__ (--drop-bytecode)")
        case .keep:
            // The runtime's own Python: pip's when it is that version, else python3.X on PATH.
            let compiler = pip.flatMap { $0.pythonVersion == runtimePython ? $0 : nil }
                ?? (try? PipRunner(python: "python" + runtimePython))
            guard let compiler, compiler.pythonVersion == runtimePython else {
                done.append(
                    "no bytecode compiled (--keep-bytecode): no Python \(runtimePython) here (give --python "
                        + "python\(runtimePython))")
                return
            }
            if let failure = compiler.compile(copy.layer + "/python", log: copy.root + "/compile.log") {
                throw FixError.step(number: done.count + 1, what: "compile bytecode", reason: failure)
            }
            done.append("compiled bytecode with Python \(runtimePython) (--keep-bytecode)")
        }
    }

    /// The private copy zipped into `path` (replaced).
    static func zip(_ copy: PrivateCopy, to path: String) throws(FixError) {
        unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FixError.cannotZip(reason: "cannot write \(path)") }
        defer { close(descriptor) }
        try copy.zip(to: descriptor)
    }

    /// A layer that cannot be copied faithfully is not repaired: its ZIP must be made again
    /// from the source.
    static func refuseUncopyable(_ report: CheckReport, input: String) throws(FixError) {
        let blocking = ["Z001", "Z002", "Z006", "Z007", "Z008"]
        let found = report.findings.filter { $0.archive == input && $0.severity == .error && blocking.contains($0.rule) }
        guard let first = found.first else { return }
        throw .cannotCopy(
            input: input,
            reason: "\(first.rule) \(first.message)" + (found.count > 1 ? " (and \(found.count - 1) more)" : "")
                + "; \(first.fix ?? "make the ZIP again from its source")")
    }

    /// The input's members written into the private copy.
    static func fill(_ copy: inout PrivateCopy, input: String, report: CheckReport) throws {
        var status = stat()
        if stat(input, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            try copy.copyFolder(input)
            return
        }
        guard let layer = report.inputs.first(where: { $0.path == input }), case .success(let archive) = layer.archive
        else { throw FixError.cannotCopy(input: input, reason: "it is not a readable ZIP") }
        try copy.extract(archive, input: input)
    }

    /// The plan with pip's index options (`--no-index`, `--find-links`) on every pip call.
    static func withIndexOptions(_ plan: RepairPlan, _ options: [String]) -> RepairPlan {
        options.isEmpty ? plan : plan.addingPipOptions(options)
    }

    /// The script's last command: the folder zipped as `fix` zips it.
    static func zipCommand(output: String) -> String {
        let absolute = output.hasPrefix("/") ? output : FileManager.default.currentDirectoryPath + "/" + output
        let target = PipCommand.shellQuoted(absolute)
        return "find . -mindepth 1 -exec touch -h -d '1980-01-01 00:00:00' {} + && chmod -R u=rwX,go=rX . && "
            + "find . -mindepth 1 | LC_ALL=C sort | sed 's|^\\./||' | zip -X -q -@ \(target)"
    }

    /// The findings no step repairs, as the script's closing comments or the report's lines.
    static func leftText(_ plan: RepairPlan, _ findings: [Finding], prefix: String) -> String {
        let left = plan.left.map { findings[$0] }
        guard !left.isEmpty else { return "" }
        return prefix + "left for you (\(left.count)), with no mechanical repair:\n"
            + left.map { prefix + "  " + line($0).replacingOccurrences(of: "\n", with: " ") + "\n" }.joined()
    }

    /// `error D001 python/…: message (fix: …)`.
    static func line(_ finding: Finding) -> String {
        "\(finding.severity.rawValue) \(finding.rule) \(finding.path ?? finding.archive ?? "-"): \(finding.message)"
            + (finding.fix.map { " (fix: \($0))" } ?? "")
    }

    /// `3. C004 python/numpy/…; D008 …`: a step and the findings it repairs.
    static func summary(_ step: RepairPlan.Step, findings: [Finding]) -> String {
        let what: String
        switch step.action {
        case .moveInto(let items, let folder): what = "moved \(items.joined(separator: ", ")) into \(folder)/"
        case .mergeContents(let from, let into, _): what = "moved the contents of \(from)/ into \(into)/"
        case .rename(let from, let to): what = "renamed \(from) to \(to)"
        case .copy(let file, let into): what = "copied \(file) into \(into)/"
        case .chmod(let mode, let paths, _): what = "chmod \(mode) \(paths.joined(separator: " "))"
        case .removeBytecode(let version, _): what = "removed the bytecode of Python \(version)"
        case .install(let install):
            what = "installed \(install.installations.map(\.name).joined(separator: ", ")) into \(install.folder)/"
        }
        return what + " (" + step.served(from: findings) + ")"
    }

    /// `numpy 2.4.6 -> 2.2.6`, `+ idna 3.10`, `- six 1.16.0`: the distributions of the layer
    /// that changed.
    static func versionChanges(before: LintContext, after: LintContext) -> [String] {
        func versions(_ context: LintContext) -> [String: (name: String, version: String)] {
            var found: [String: (String, String)] = [:]
            for distribution in context.image.distributions where context.image.sources[distribution.source].isLayer {
                found[distribution.normalizedName] = (distribution.name, distribution.versionText ?? "?")
            }
            return found
        }
        let old = versions(before)
        let new = versions(after)
        var lines: [String] = []
        for key in Set(old.keys).union(new.keys).sorted() {
            switch (old[key], new[key]) {
            case (let was?, let now?) where was.version != now.version:
                lines.append("\(now.name) \(was.version) -> \(now.version)")
            case (nil, let now?): lines.append("+ \(now.name) \(now.version)")
            case (let was?, nil): lines.append("- \(was.name) \(was.version)")
            default: break
            }
        }
        return lines
    }
}

