/// D002: a provided version outside the required specifier.
struct VersionConflictRule: Rule {
    static let description = RuleDescription(
        id: "D002", name: "version-conflict", defaultSeverity: .error,
        summary: "A dependency is present in a version the requirement excludes (in a layer or in the runtime).",
        rationale: "Layers built separately, or a package relying on the runtime's own copy, end up with a version "
            + "its dependent was never tested with: ImportError on a renamed name, or subtle breakage. The runtime's "
            + "copy counts where the catalog knows its range (urllib3 1.26 in python3.8 and python3.9).",
        fix: "install the required version into the layer, or build all layers from one pip install",
        fires: "a layer requiring urllib3>=2 on python3.9, whose runtime has urllib3 1.26 and no layer has urllib3",
        passes: "urllib3 2.2.3 in the layer for a requirement urllib3<3,>=1.26",
        needs: [.runtime, .dependencyResolution])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let resolution = context.dependencies else { return [] }
        return resolution.edges.compactMap { edge in
            let specifier = edge.requirement.specifier
            let found: String
            switch edge.outcome {
            case .image(let provider):
                guard let version = provider.version, !specifier.contains(version, prereleases: true) else {
                    return nil
                }
                let where_ = context.image.sources[provider.source].path
                found = "\(provider.displayName) is installed (\(provider.metadataPath) in \(where_))"
            case .runtime(let path, let versions?):
                guard !SpecifierOverlap.overlaps(specifier, versions) else { return nil }
                found =
                    "no layer provides it, and the runtime's own \(edge.requirement.name) in \(path) is in the range \(versions)"
            case .runtime, .missing:
                return nil
            }
            let wanted = DependencyResolution.requirementText(edge.requirement)
            let source = context.image.sources[edge.dependent.source]
            return Finding(
                rule: Self.description,
                message: "\(DependencyResolution.describe(edge)) requires \(wanted), but \(found)",
                archive: source.path, path: edge.dependent.metadataPath,
                fix: "install a matching version into the layer: "
                    + PipCommand.install(
                        [wanted], target: context.image.installFolder(of: edge.dependent), context: context))
        }
    }
}
