import ImageModel

/// D002: a provided version outside the required specifier.
struct VersionConflictRule: Rule {
    static let description = RuleDescription(
        id: "D002", name: "version-conflict", family: .dependencies, defaultSeverity: .error,
        summary: "A dependency is present in a version the requirement excludes (in a layer or in the runtime).",
        rationale: "Layers built separately, or a package relying on the runtime's own copy, end up with a version "
            + "its dependent was never tested with: ImportError on a renamed name, or subtle breakage. The runtime's "
            + "copy counts where the catalog knows its range (urllib3 1.26 in python3.8 and python3.9).",
        fix: "install the required version into the layer, or build all layers from one pip install",
        fires: "a layer requiring urllib3>=2 on python3.9, whose runtime has urllib3 1.26 and no layer has urllib3",
        passes: "urllib3 2.2.3 in the layer for a requirement urllib3<3,>=1.26",
        needs: [.runtime, .dependencyResolution, .everyPythonWithoutRuntime],
        examples: [
            .fires(
                "a requirement the installed version does not satisfy",
                [
                    .members(
                        .distribution("pkg", "1.0", requires: ["six>=1.16"], files: ["pkg/__init__.py"])
                            + .distribution("six", "1.10.0", files: ["six.py"]))
                ],
                findings: ["error python/pkg-1.0.dist-info/METADATA"]),
            .passes(
                "a version that satisfies it",
                [
                    .members(
                        .distribution("pkg", "1.0", requires: ["six>=1.16"], files: ["pkg/__init__.py"])
                            + .distribution("six", "1.16.0", files: ["six.py"]))
                ]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let resolution = context.dependencies else { return everyPython(context) }
        let conflicts = resolution.edges.compactMap { edge in Self.conflict(edge, context: context).map { (edge, $0) } }
        return findings(conflicts, context: context) { _ in (nil, "", "") }
    }

    /// One finding per conflict. `scope` gives, per conflict, a severity other than the
    /// rule's, a phrase for the message and a note for the fix (the runtimes it holds on).
    func findings(
        _ conflicts: [(DependencyResolution.Edge, String)], context: LintContext,
        scope: (DependencyResolution.Edge) -> (severity: Severity?, phrase: String, fixNote: String)
    ) -> [Finding] {
        // The distributions that a fix replaces (installed in a version a dependent excludes):
        // a requirement of theirs goes away with them.
        var replacedBy: [String: DependencyResolution.Edge] = [:]
        for (edge, _) in conflicts {
            if case .image(let provider) = edge.outcome, replacedBy[provider.folder] == nil {
                replacedBy[provider.folder] = edge
            }
        }
        let conflicting = conflicts.map(\.0)
        let installations = Installations(context)
        return conflicts.map { edge, found in
            let wanted = DependencyResolution.requirementText(edge.requirement)
            let source = context.image.sources[edge.dependent.source]
            let (severity, phrase, fixNote) = scope(edge)
            let fix: String
            // The provider installed within what its dependents require (or, for the
            // runtime's copy, one added to the layer); a dependent that is itself replaced
            // goes with its requirement.
            var repairs: [Repair]
            switch edge.outcome {
            case .image(let provider):
                repairs = installations.layerRepair(provider, pinned: false)
            default:
                repairs =
                    context.image.sources[edge.dependent.source].isLayer
                    ? [
                        .install([
                            Installations.adding(edge.requirement, folder: context.image.installFolder(of: edge.dependent))
                        ])
                    ] : []
            }
            if let replacing = replacedBy[edge.dependent.folder] {
                repairs = installations.layerRepair(edge.dependent, pinned: false)
                fix =
                    "apply the fix for \(DependencyResolution.describe(replacing)) (its D002 finding): it replaces "
                    + "\(edge.dependent.displayName), and this requirement with it"
            } else {
                fix =
                    "install a matching version into \(context.image.installPlace(of: edge.dependent)): "
                    + Self.fix(for: edge.dependent, conflicting: conflicting, context: context) + fixNote
            }
            return Finding(
                rule: Self.description, severity: severity,
                message: "\(DependencyResolution.describe(edge)) requires \(wanted), but \(found)\(phrase)",
                archive: source.path, path: edge.dependent.metadataPath, fix: fix, repairs: repairs,
                subject: edge.requirement.normalizedName)
        }
    }

    /// Without a runtime: the conflicts on every supported Python runtime of the catalog, an
    /// error where one holds on all of them, a warning naming the runtimes otherwise.
    func everyPython(_ context: LintContext) -> [Finding] {
        let all = context.everyPython.map(\.runtime.identifier)
        guard let first = all.first, let last = all.last else { return [] }
        func key(_ edge: DependencyResolution.Edge) -> String {
            edge.dependent.folder + "\u{0}" + DependencyResolution.requirementText(edge.requirement)
        }
        var conflicts: [(DependencyResolution.Edge, String)] = []
        var runtimes: [String: [String]] = [:]
        for (runtime, resolution) in context.everyPython {
            for edge in resolution.edges {
                guard let found = Self.conflict(edge, context: context) else { continue }
                if runtimes[key(edge)] == nil { conflicts.append((edge, found)) }
                runtimes[key(edge), default: []].append(runtime.identifier)
            }
        }
        return findings(conflicts, context: context) { edge in
            let on = runtimes[key(edge)] ?? []
            let note = " (for \(last); give --runtime for the command for yours)"
            return on.count == all.count
                ? (nil, " on every supported Python runtime (\(first) to \(last); no --runtime given)", note)
                : (.warning, " on \(on.joined(separator: ", ")) (no --runtime given)", note)
        }
    }

    /// What the layer has instead of what `edge` requires, as a phrase, or `nil` when it is fine.
    static func conflict(_ edge: DependencyResolution.Edge, context: LintContext) -> String? {
        let specifier = edge.requirement.specifier
        switch edge.outcome {
        case .image(let provider):
            guard let version = provider.version, !specifier.contains(version, prereleases: true) else { return nil }
            let where_ = context.image.sources[provider.source].path
            return "\(provider.displayName) is installed (\(provider.metadataPath) in \(where_))"
        case .runtime(let path, let versions?):
            guard !SpecifierOverlap.overlaps(specifier, versions) else { return nil }
            return
                "no layer provides it, and the runtime's own \(edge.requirement.name) in \(path) is in the range \(versions)"
        case .runtime, .missing:
            return nil
        }
    }

    /// One command for every conflict of `dependent` among `conflicting`: a clean reinstall
    /// of it and the layer's copies of its dependencies, each at the version the layer has,
    /// except the conflicting ones, which get the range `dependent` requires.
    static func fix(
        for dependent: InstalledDistribution, conflicting: [DependencyResolution.Edge], context: LintContext
    ) -> String {
        var changing: [String: String] = [:]
        for edge in conflicting where edge.dependent.folder == dependent.folder {
            changing[edge.requirement.normalizedName] = DependencyResolution.requirementText(edge.requirement)
        }
        return CleanReinstall.command([dependent], changing: changing, context: context)
    }
}
