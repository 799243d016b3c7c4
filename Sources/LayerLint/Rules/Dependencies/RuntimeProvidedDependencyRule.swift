/// D003: a requirement met only by the runtime's own copy of boto3 and its dependencies.
struct RuntimeProvidedDependencyRule: Rule {
    static let description = RuleDescription(
        id: "D003", name: "runtime-provided-dependency", defaultSeverity: .warning,
        summary:
            "A dependency is satisfied only by the runtime's own copy (boto3, botocore, urllib3, ... in /var/runtime "
            + "or /var/lang).",
        rationale: "The runtime's boto3 stack is there for convenience and AWS updates it without notice; a layer "
            + "that leans on it works today and breaks when the runtime's version moves out of the required range.",
        fix: "bundle the dependency so that its version is yours (pip install --target python without --no-deps)",
        fires: "requests installed with --no-deps: urllib3 comes from the runtime",
        passes: "urllib3 installed in the layer beside requests", needs: [.runtime, .dependencyResolution])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let resolution = context.dependencies else { return [] }
        return resolution.edges.compactMap { edge in
            guard case .runtime(let path, let versions) = edge.outcome else { return nil }
            if let versions, !SpecifierOverlap.overlaps(edge.requirement.specifier, versions) { return nil }  // D002
            let wanted = DependencyResolution.requirementText(edge.requirement)
            let range = versions.map { " (\(edge.requirement.name)\($0) there)" } ?? ", whose version AWS may change"
            let source = context.image.sources[edge.dependent.source]
            return Finding(
                rule: Self.description,
                message: "\(DependencyResolution.describe(edge)) requires \(wanted); no layer provides it, so it "
                    + "comes from the runtime's own copy in \(path)\(range)",
                archive: source.path, path: edge.dependent.metadataPath,
                fix: "bundle it so that the version is yours: "
                    + PipCommand.install(
                        [wanted], target: context.image.installFolder(of: edge.dependent), context: context,
                        keepingInstalled: true))
        }
    }
}
