import ImageModel

/// D003: a requirement met only by the runtime's own copy of boto3 and its dependencies.
struct RuntimeProvidedDependencyRule: Rule {
    static let description = RuleDescription(
        id: "D003", name: "runtime-provided-dependency", family: .dependencies, defaultSeverity: .warning,
        summary:
            "A dependency is satisfied only by the runtime's own copy (boto3, botocore, urllib3, ... in /var/runtime "
            + "or /var/lang).",
        rationale: "The runtime's boto3 stack is there for convenience and AWS updates it without notice; a layer "
            + "that leans on it works today and breaks when the runtime's version moves out of the required range.",
        fix: "bundle the dependency so that its version is yours (pip install --target python without --no-deps)",
        fires: "requests installed with --no-deps: urllib3 comes from the runtime",
        passes: "urllib3 installed in the layer beside requests",
        needs: [.runtime, .dependencyResolution, .everyPythonWithoutRuntime],
        examples: [
            .fires(
                "requests installed with --no-deps: urllib3 comes from the runtime",
                [
                    .members(
                        .distribution(
                            "requests", "2.32.3", requires: ["urllib3<3,>=1.21.1"], files: ["requests/__init__.py"]))
                ],
                findings: ["warning python/requests-2.32.3.dist-info/METADATA"]),
            .passes(
                "urllib3 installed in the layer beside requests",
                [
                    .members(
                        .distribution(
                            "requests", "2.32.3", requires: ["urllib3<3,>=1.21.1"], files: ["requests/__init__.py"])
                            + .distribution("urllib3", "2.2.3", files: ["urllib3/__init__.py"]))
                ]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let resolution = context.dependencies else { return everyPython(context) }
        return resolution.edges.compactMap { edge in finding(edge, context: context) }
    }

    /// The finding for `edge` when the runtime's copy is what meets it; `phrase` (`on every
    /// supported Python runtime (…)`) and `fixNote` say for which runtimes (without --runtime).
    func finding(_ edge: DependencyResolution.Edge, context: LintContext, phrase: String = "", fixNote: String = "")
        -> Finding?
    {
        guard case .runtime(let path, let versions) = edge.outcome else { return nil }
        if let versions, !SpecifierOverlap.overlaps(edge.requirement.specifier, versions) { return nil }  // D002
        let wanted = DependencyResolution.requirementText(edge.requirement)
        let range = versions.map { " (\(edge.requirement.name)\($0) there)" } ?? ", whose version AWS may change"
        let source = context.image.sources[edge.dependent.source]
        return Finding(
            rule: Self.description,
            message: "\(DependencyResolution.describe(edge)) requires \(wanted); no layer provides it, so "
                + (phrase.isEmpty
                    ? "it comes from the runtime's own copy in \(path)"
                    : "\(phrase) it comes from the runtime's own copy")
                + range,
            archive: source.path, path: edge.dependent.metadataPath,
            fix: "bundle it so that the version is yours: "
                + PipCommand.install(
                    [wanted], target: context.image.installFolder(of: edge.dependent), context: context,
                    keepingInstalled: true) + fixNote,
            subject: edge.requirement.normalizedName)
    }

    /// Without a runtime: what the runtime's own copy meets on the supported Python runtimes
    /// of the catalog, once per requirement, naming the runtimes when not all of them.
    func everyPython(_ context: LintContext) -> [Finding] {
        let all = context.everyPython.map(\.runtime.identifier)
        guard let first = all.first, let last = all.last else { return [] }
        func key(_ edge: DependencyResolution.Edge) -> String {
            edge.dependent.folder + "\u{0}" + DependencyResolution.requirementText(edge.requirement)
        }
        var edges: [DependencyResolution.Edge] = []
        var runtimes: [String: [String]] = [:]
        for (runtime, resolution) in context.everyPython {
            for edge in resolution.edges where finding(edge, context: context) != nil {
                if runtimes[key(edge)] == nil { edges.append(edge) }
                runtimes[key(edge), default: []].append(runtime.identifier)
            }
        }
        return edges.compactMap { edge in
            let on = runtimes[key(edge)] ?? []
            let phrase =
                on.count == all.count
                ? "on every supported Python runtime (\(first) to \(last); no --runtime given)"
                : "on \(on.joined(separator: ", ")) (no --runtime given)"
            return finding(
                edge, context: context, phrase: phrase,
                fixNote: " (for \(last); give --runtime for the command for yours)")
        }
    }
}
