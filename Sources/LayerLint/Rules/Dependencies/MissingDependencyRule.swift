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
        needs: [.runtime, .dependencyResolution, .everyPythonWithoutRuntime])

    /// The first of D001-D003, which share the resolution: it makes it while other rules run.

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let nowhere =
            context.functionPackage == nil ? "no layer provides" : "neither the layers nor the function package provide"
        guard let resolution = context.dependencies else { return everyPython(context, nowhere: nowhere) }
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

    /// Without a runtime: what is missing on every supported Python runtime is an error; what
    /// is missing on some of them only (a marker on the Python version) is a warning naming them.
    func everyPython(_ context: LintContext, nowhere: String) -> [Finding] {
        let all = context.everyPython.map(\.runtime.identifier)
        guard let first = all.first, let last = all.last else { return [] }
        var order: [String] = []
        var missing: [String: (edge: DependencyResolution.Edge, runtimes: [String])] = [:]
        for (runtime, resolution) in context.everyPython {
            for edge in resolution.edges {
                guard case .missing = edge.outcome else { continue }
                let key =
                    edge.dependent.folder + "\u{0}" + DependencyResolution.describe(edge) + "\u{0}"
                    + DependencyResolution.requirementText(edge.requirement)
                if missing[key] == nil { order.append(key) }
                missing[key, default: (edge, [])].runtimes.append(runtime.identifier)
            }
        }
        return order.compactMap { key -> Finding? in
            guard let (edge, runtimes) = missing[key] else { return nil }
            let wanted = DependencyResolution.requirementText(edge.requirement)
            let everywhere = runtimes.count == all.count
            let on =
                everywhere
                ? "on every supported Python runtime (\(first) to \(last); no --runtime given)"
                : "on \(runtimes.joined(separator: ", ")) (its marker applies there; no --runtime given)"
            let source = context.image.sources[edge.dependent.source]
            return Finding(
                rule: Self.description, severity: everywhere ? .error : .warning,
                message: "\(DependencyResolution.describe(edge)) requires \(wanted), which \(nowhere) \(on)",
                archive: source.path, path: edge.dependent.metadataPath,
                fix: "add \(edge.requirement.name) to the layer: pip install --target python \"\(wanted)\"")
        }
    }
}
