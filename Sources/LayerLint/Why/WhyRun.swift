import Foundation
import ImageModel
import LambdaPlatform
import LintRules
import OpeningStage
import PythonPackaging
import PythonSource

/// `layerlint why MODULE`: the opening stage reads the inputs as for `check`, every rule
/// runs, and the import is resolved over the image; the findings about the files the
/// import reaches (or the near misses it does not) say why it fails.
public enum WhyRun {
    /// - Throws: `CheckError` when the command cannot run: an input or description file
    ///   that cannot be read, no Python runtime, a name that is not a module name.
    public static func report(
        module: String, options: CheckOptions,
        loadingCatalog: @Sendable () throws(RuntimeCatalogError) -> RuntimeCatalog = { () throws(RuntimeCatalogError) in
            try RuntimeCatalog.bundled()
        }
    ) throws(CheckError) -> WhyReport {
        guard ImportResolution.isModuleName(module) else { throw .notAModuleName(module) }
        var options = options
        // Lambda's default architecture, unless something given names one.
        let architectureDefaulted =
            options.architecture == nil && options.functionConfig == nil && options.template == nil
            && options.layerMetadata.isEmpty
        if architectureDefaulted { options.architecture = "x86_64" }
        var context: LintContext
        do {
            context = try LayerOpening.open(
                options.opening, reading: Set(RuleNeed.allCases), importing: [module], loadingCatalog: loadingCatalog)
        } catch {
            throw CheckError(error)
        }
        guard let python = context.target.runtime?.python else { throw .whyNeedsPythonRuntime }
        // Read once here when the opening stage did not: why needs it.
        if context.standardLibraries == nil {
            do { context.standardLibraries = try StandardLibrary.bundled() } catch { throw .catalog(error) }
        }
        guard let model = context.imports else { throw .whyNeedsPythonRuntime }
        let findings = LintEngine.run(context).findings
        let image = context.image
        let resolution = ImportResolution(module: module, finder: model.finder)
        var explaining = Explaining(
            module: module, context: context,
            explanation: ImportExplanation(context: context, model: model, findings: findings),
            python: python)
        explaining.explain(resolution)
        // A layer that is not a readable ZIP (a JPEG named .zip) is the first reason: Lambda
        // refuses it, and nothing in it is searched. Its Z001 finding says so, as in `check`.
        let unreadable = findings.filter { $0.rule == "Z001" && $0.path == nil }
        let unreadableNote =
            "no readable layer: "
            + unreadable.compactMap(\.archive).map { "\($0) is not a readable ZIP (Z001)" }.joined(separator: "; ")
        let steps = resolution.steps.map {
            WhyReport.Step(
                module: $0.module, folder: $0.folder,
                source: unreadable.isEmpty || $0.source != ModuleFinder.noLayerSource ? $0.source : unreadableNote,
                found: $0.found.rawValue, archive: $0.archive, entry: $0.entry, addedBy: $0.addedBy)
        }
        explaining.reasons.insert(
            contentsOf: unreadable.map {
                WhyReport.Reason(rule: $0.rule, severity: .error, message: $0.message, fix: $0.fix)
            }, at: 0)
        var resolved: (archive: String, entry: String)?
        var resolvedAs: String?
        switch resolution.outcome {
        case .file(let source, let member, _): resolved = (image.sources[source].path, member)
        case .namespace: resolvedAs = "namespace-package"
        case .runtime(let found): resolvedAs = found.rawValue
        case .notFound, .notAPackage: break
        }
        return WhyReport(
            module: module, target: context.target, architectureDefaulted: architectureDefaulted,
            importable: explaining.importable, searched: steps, resolved: resolved, resolvedAs: resolvedAs,
            reasons: explaining.reasons)
    }
}
