import Foundation
import ImageModel
import LambdaPlatform
import LintRules
import OpeningStage
import PythonPackaging
import PythonSource

/// Turns the import model's answer for the module into the report's verdict and reasons:
/// why it fails (the chain and the rule of its cause), and the notes that do not make it
/// fail (imports that may fail under a condition, the distribution's findings, compiled
/// submodules that do not load, a hook that provides a module, a walk cut at its bound).
struct Explaining {
    let module: String
    let context: LintContext
    let explanation: ImportExplanation
    let python: RuntimeCatalog.PythonRuntime
    var importable = true
    var reasons: [WhyReport.Reason] = []
    /// The findings a reason stands on, not repeated as notes.
    var explained: [Finding] = []

    var image: LayerImage { context.image }
    var model: ImportModel { explanation.model }
    var findings: [Finding] { explanation.findings }
    var top: String { String(module.prefix { $0 != "." }) }

    mutating func explain(_ resolution: ImportResolution) {
        guard let imported = model.module(module) else { return }
        if let failure = imported.failure {
            importable = false
            add(explanation.reason(failure), severity: .error)
        }
        switch resolution.outcome {
        case .runtime(let found):
            if module.contains(".") && found != .builtin {
                let place = found == .standardLibrary ? "the standard library" : "the runtime's packages"
                add(
                    rule: nil, severity: .info,
                    message: "only top-level names of \(place) are known (the catalog lists no submodules): "
                        + "\(module) is taken to exist because \(top) does")
            }
            if found == .runtimePackage {
                add(
                    rule: nil, severity: .info,
                    message: "\(top) comes from the runtime's own copy in \(python.runtimePackagesPath), which AWS "
                        + "updates without notice",
                    fix: "for a fixed version, install it into a layer: "
                        + PipCommand.install(
                            [KnownProjects.project(importing: top) ?? top], target: "python", context: context))
            }
        case .namespace(let folders):
            add(
                rule: nil, severity: .info,
                message: "\(module) is a namespace package (PEP 420) made of \(folders.joined(separator: ", ")): "
                    + "no folder has an __init__.py, so nothing runs at its import")
        case .file(let source, let member, _):
            noteStandardLibraryShadowed(source: source, member: member)
        case .notFound, .notAPackage:
            break
        }
        noteHooks()
        noteConditionalFailures()
        noteDistribution(resolution)
        noteBrokenSubmodules(resolution)
        if model.isCut {
            add(
                rule: nil, severity: .info,
                message: "the import model stopped following imports at its bound (\(Limits.importedModules) modules, "
                    + "imports nested \(Limits.importDepth) deep): modules past it were taken to import")
        }
    }

    /// The modules of the asked module's own package (and it), which the notes are about.
    func ownModules() -> [(name: String, module: ImportModel.Module)] {
        model.modules.filter { $0.key == module || $0.key.hasPrefix(top + ".") || $0.key == top }
            .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Imports in the package that fail only under a condition not known before it runs.
    mutating func noteConditionalFailures() {
        var shown = 0
        for (_, imported) in ownModules() {
            for conditional in imported.conditional where shown < 8 {
                let reason = explanation.reason(conditional.failure)
                let file = conditional.link.file?.member ?? conditional.link.module
                add(
                    rule: reason.rule?.id, severity: .warning,
                    message: "\(file) line \(conditional.link.line) (\(conditional.link.statement)) may fail: it runs "
                        + "\(conditional.condition), and then " + reason.message,
                    fix: reason.fix)
                shown += 1
            }
        }
    }

    /// Modules on the way that an import hook provides.
    mutating func noteHooks() {
        var seen = Set<String>()
        for (name, imported) in model.modules.sorted(by: { $0.key < $1.key }) {
            guard case .hook(let hook) = imported.spec, seen.insert(hook.provider).inserted else { continue }
            guard
                name == module || name.hasPrefix(top + ".") || hook.provides(module)
                    || model.modules[hook.provider] != nil
            else { continue }
            add(
                rule: nil, severity: .info,
                message: "\(name) is no file: \(hook.provider) makes it at import time (\(hook.how); \(hook.source))")
        }
    }

    /// A module of a layer with the name of a standard-library module.
    mutating func noteStandardLibraryShadowed(source: Int, member: String) {
        guard context.standardLibrary?.contains(top) == true else { return }
        let archive = image.sources[source].path
        add(
            rule: nil, severity: .warning,
            message: "\(member) in \(archive) has the name of a standard-library module: Python imports this "
                + "copy instead of the standard library's (unless the runtime imported \(top) before the "
                + "function's code)",
            fix: "remove it from \(archive) unless the function needs this copy (old backports such as "
                + "enum34 or typing break Python 3)")
    }

    /// The findings about the distribution that installs the top-level name: notes.
    mutating func noteDistribution(_ resolution: ImportResolution) {
        guard let found = resolution.topLevel,
            let distribution = image.distributions.first(where: {
                $0.source == found.source && $0.searchFolder == found.folder && $0.importNames.contains(top)
            })
        else { return }
        let archive = image.sources[found.source].path
        let metadataFolder = image.memberPath(distribution.folder, in: found.source) + "/"
        for finding in findings
        where finding.archive == archive && finding.family == .dependencies
            && finding.members.contains(where: { $0.hasPrefix(metadataFolder) })
        {
            add(finding, severity: min(finding.severity, .warning))
        }
    }

    /// Compiled files of the package that the check finds wrong, when the import works or
    /// fails for another reason: what they break is what imports them.
    mutating func noteBrokenSubmodules(_ resolution: ImportResolution) {
        guard case .file(let source, let member, let found) = resolution.outcome, found == .package,
            let slash = member.lastIndex(of: "/")
        else { return }
        let folder = String(member[...slash])
        let archive = image.sources[source].path
        for finding in findings
        where finding.archive == archive && finding.family == .compatibility
            && finding.members.contains(where: { $0.hasPrefix(folder) })
        {
            add(finding, severity: min(finding.severity, .warning))
        }
    }

    mutating func add(_ reason: ImportExplanation.Reason, severity: Severity) {
        if let finding = reason.finding { explained.append(finding) }
        add(rule: reason.rule?.id, severity: severity, message: reason.message, fix: reason.fix)
    }

    mutating func add(_ finding: Finding, severity: Severity) {
        guard !explained.contains(finding) else { return }
        add(rule: finding.rule, severity: severity, message: finding.message, fix: finding.fix)
    }

    mutating func add(rule: String?, severity: Severity, message: String, fix: String? = nil) {
        let reason = WhyReport.Reason(rule: rule, severity: severity, message: message, fix: fix)
        if !reasons.contains(where: { $0.message == reason.message && $0.rule == reason.rule }) {
            reasons.append(reason)
        }
    }
}
