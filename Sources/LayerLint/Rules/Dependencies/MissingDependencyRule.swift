/// D001: a requirement that applies on the target and that nothing provides.
struct MissingDependencyRule: Rule {
    static let description = RuleDescription(
        id: "D001", name: "missing-dependency", defaultSeverity: .error,
        summary:
            "A Requires-Dist (markers evaluated for the target) that no layer and no part of the runtime provides.",
        rationale:
            "Copying only the top package (pip install --no-deps, or a folder copied by hand) leaves out what it "
            + "imports; the function then fails at its first import with Runtime.ImportModuleError: No module named "
            + "'idna'. Markers are evaluated for the runtime's Python, the architecture and sys_platform linux, and "
            + "extras are followed only where a requirement asks for them.",
        fix: "install the package with its dependencies (pip install --target python requests, without --no-deps)",
        fires: "requests installed with --no-deps: idna, certifi and charset-normalizer are missing",
        passes: "the same layer with its dependencies, or a requirement whose marker is false on Lambda "
            + "(colorama; sys_platform == \"win32\")",
        needs: [.runtime, .dependencyResolution])

    /// The first of D001-D003, which share the resolution: it makes it while other rules run.

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let resolution = context.dependencies else { return [] }
        let nowhere =
            context.functionPackage == nil ? "no layer provides" : "neither the layers nor the function package provide"
        return resolution.edges.compactMap { edge in
            guard case .missing = edge.outcome else { return nil }
            let wanted = DependencyResolution.requirementText(edge.requirement)
            let source = context.image.sources[edge.dependent.source]
            return Finding(
                rule: Self.description,
                message: "\(DependencyResolution.describe(edge)) requires \(wanted), which \(nowhere)",
                archive: source.path, path: edge.dependent.metadataPath,
                fix: "add \(edge.requirement.name) to the layer: pip install --target python \"\(wanted)\"")
        }
    }
}
