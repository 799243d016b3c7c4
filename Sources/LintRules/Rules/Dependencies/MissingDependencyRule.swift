import ImageModel
import PythonPackaging

/// D001: a requirement that applies on the target and that nothing provides.
struct MissingDependencyRule: Rule {
    static let description = RuleDescription(
        id: "D001", name: "missing-dependency", family: .dependencies, defaultSeverity: .error,
        summary:
            "A Requires-Dist (markers evaluated for the target) that no layer and no part of the runtime provides.",
        rationale:
            "Copying only the top package (pip install --no-deps, or a folder copied by hand) leaves out what it "
            + "imports; the function then fails at its first import with Runtime.ImportModuleError: No module named "
            + "'idna'. Markers are evaluated for the runtime's Python, the architecture and sys_platform linux, and "
            + "extras are followed only where a requirement asks for them. It is an error when importing the "
            + "package fails for want of the requirement (its code is run as Python would run it on import); a "
            + "warning when the import works without it (the package imports it only inside functions, under a "
            + "guard, or not at all), because then only the code that uses it fails.",
        fix: "install the package with its dependencies (pip install --target python requests, without --no-deps)",
        fires: "requests installed with --no-deps: idna, certifi and charset-normalizer are missing",
        passes: "the same layer with its dependencies, or a requirement whose marker is false on Lambda "
            + "(colorama; sys_platform == \"win32\")",
        needs: [.runtime, .dependencyResolution, .everyPythonWithoutRuntime, .importModel],
        examples: [
            .fires(
                "requests installed with --no-deps: idna, which it imports, is missing (urllib3 comes from the runtime)",
                [
                    .members(
                        .distribution(
                            "requests", "2.32.3", requires: ["urllib3<3,>=1.21.1", "idna<4,>=2.5"],
                            files: ["requests/__init__.py"],
                            code: ["requests/__init__.py": "import idna\n"]))
                ],
                findings: ["error python/requests-2.32.3.dist-info/METADATA"]),
            .fires(
                "a missing requirement nothing imports when the layer's modules are imported: a warning",
                [
                    .members(
                        .distribution("pkg", "1.0", requires: ["idna<4,>=2.5"], files: ["pkg/__init__.py"]))
                ],
                findings: ["warning python/pkg-1.0.dist-info/METADATA"]),
            .passes(
                "the same layer with idna, and a requirement whose marker is false on Lambda",
                [
                    .members(
                        .distribution(
                            "requests", "2.32.3", requires: ["idna<4,>=2.5", "colorama; sys_platform == \"win32\""],
                            files: ["requests/__init__.py"], code: ["requests/__init__.py": "import idna\n"])
                            + .distribution("idna", "3.10", files: ["idna/__init__.py"]))
                ]),
        ])

    /// The first of D001-D003, which share the resolution: it makes it while other rules run.

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let nowhere =
            context.functionPackage == nil ? "no layer provides" : "neither the layers nor the function package provide"
        guard let resolution = context.dependencies else { return everyPython(context, nowhere: nowhere) }
        let missing = resolution.edges.filter { if case .missing = $0.outcome { return true } else { return false } }
        let copies = Self.copies(in: context.image)
        return Self.grouped(missing).map { edges in
            let failing = context.imports.flatMap { Self.failingImport(of: edges, in: $0) }
            let severity: Severity? = context.imports == nil || failing != nil ? nil : .warning
            let pronoun = edges.count == 1 ? "it" : "them"
            let consequence: String
            if let failing {
                consequence = "; importing \(failing.module) fails" + failing.place
            } else if context.imports == nil {
                consequence = ""
            } else if edges[0].dependent.importNames.isEmpty {
                consequence =
                    "; \(edges[0].dependent.name) has no module of its own, so no import fails for want of \(pronoun)"
            } else {
                consequence =
                    "; importing \(Self.names(edges[0].dependent)) works without \(pronoun) (imported only inside "
                    + "functions, under a guard, or not at all), so only the code that uses \(pronoun) fails"
            }
            return finding(edges, context: context, copies: copies, severity: severity) {
                "\($0) requires \($1), which \(nowhere)" + consequence
            }
        }
    }

    /// `requests`, or `a, b and c`: the names a distribution is imported by.
    static func names(_ distribution: InstalledDistribution) -> String {
        let names = distribution.importNames.isEmpty ? [distribution.name] : distribution.importNames
        return names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
    }

    /// The first of the dependent's import names whose import fails because a missing
    /// requirement's module is not there, with where (` (python/requests/packages.py line 9:
    /// __import__(package))`).
    static func failingImport(of edges: [DependencyResolution.Edge], in model: ImportModel)
        -> (module: String, place: String)?
    {
        let wanted = Set(edges.map(\.requirement.normalizedName))
        for name in edges[0].dependent.importNames {
            guard let failure = model.module(name)?.failure else { continue }
            let (links, cause) = model.chain(of: failure)
            guard case .notFound(let module, _)? = cause else { continue }
            let top = String(module.prefix { $0 != "." })
            let project = KnownProjects.project(importing: top).map(PackageName.normalize) ?? PackageName.normalize(top)
            guard wanted.contains(project) || wanted.contains(PackageName.normalize(top)) else { continue }
            let place = links.last.map { " (\($0.file?.member ?? $0.module) line \($0.line) imports \(top))" } ?? ""
            return (name, place)
        }
        return nil
    }

    /// The packages copied in without their metadata (D004 reports them), by normalized
    /// name, with their member path: a missing requirement may be one of them.
    static func copies(in image: LayerImage) -> [String: String] {
        var copies: [String: String] = [:]
        for name in image.undescribedImportNames { copies[PackageName.normalize(name.name)] = name.path }
        return copies
    }

    /// Missing requirements of one dependent (and extra): one cause, one finding, one pip
    /// line. `also` adds to what must be shared (the runtimes they are missing on).
    static func grouped(
        _ edges: [DependencyResolution.Edge], also: (DependencyResolution.Edge) -> String = { _ in "" }
    ) -> [[DependencyResolution.Edge]] {
        var order: [String] = []
        var groups: [String: [DependencyResolution.Edge]] = [:]
        for edge in edges {
            let key = edge.dependent.folder + "\u{0}" + DependencyResolution.describe(edge) + "\u{0}" + also(edge)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(edge)
        }
        return order.compactMap { groups[$0] }
    }

    /// The finding for one dependent's missing requirements: `message` gets the dependent
    /// and the requirements as a phrase; the fix installs them all into the dependent's
    /// folder, followed by `fixNote`.
    func finding(
        _ edges: [DependencyResolution.Edge], context: LintContext, copies: [String: String],
        severity: Severity? = nil, fixNote: String = "", message: (String, String) -> String
    ) -> Finding {
        let first = edges[0]
        let wanted = edges.map { DependencyResolution.requirementText($0.requirement) }
        let listed =
            wanted.count == 1 ? wanted[0] : wanted.dropLast().joined(separator: ", ") + " and " + (wanted.last ?? "")
        // A requirement whose package was copied in without its metadata (D004 reports the copy).
        let copied = edges.compactMap { copies[$0.requirement.normalizedName] }
        let copyNote =
            copied.isEmpty
            ? ""
            : "; \(copied.joined(separator: " and ")) \(copied.count == 1 ? "is" : "are") there, copied without "
                + "\(copied.count == 1 ? "its" : "their") .dist-info (D004)"
        return Finding(
            rule: Self.description, severity: severity,
            message: message(DependencyResolution.describe(first), listed) + copyNote,
            archive: context.image.sources[first.dependent.source].path, path: first.dependent.metadataPath,
            fix: "add \(wanted.count == 1 ? "it" : "them") to \(context.image.installPlace(of: first.dependent)): "
                + PipCommand.install(
                    wanted, target: context.image.installFolder(of: first.dependent), context: context,
                    keepingInstalled: true)
                + fixNote,
            repairs: context.image.sources[first.dependent.source].isLayer
                ? [
                    .install(
                        edges.map {
                            Installations.adding($0.requirement, folder: context.image.installFolder(of: first.dependent))
                        })
                ] : [])
    }

    /// Without a runtime: what is missing on every supported Python runtime is an error; what
    /// is missing on some of them only (a marker on the Python version) is a warning naming
    /// them. One finding per dependent and set of runtimes.
    func everyPython(_ context: LintContext, nowhere: String) -> [Finding] {
        let all = context.everyPython.map(\.runtime.identifier)
        guard let first = all.first, let last = all.last else { return [] }
        // Each missing requirement once (in the order first met), with the runtimes it is missing on.
        var edges: [DependencyResolution.Edge] = []
        var runtimes: [String: [String]] = [:]
        func key(_ edge: DependencyResolution.Edge) -> String {
            edge.dependent.folder + "\u{0}" + DependencyResolution.describe(edge) + "\u{0}"
                + DependencyResolution.requirementText(edge.requirement)
        }
        for (runtime, resolution) in context.everyPython {
            for edge in resolution.edges {
                guard case .missing = edge.outcome else { continue }
                if runtimes[key(edge)] == nil { edges.append(edge) }
                runtimes[key(edge), default: []].append(runtime.identifier)
            }
        }
        let copies = Self.copies(in: context.image)
        return Self.grouped(edges, also: { runtimes[key($0)]?.joined(separator: ",") ?? "" }).map { group in
            let on = runtimes[key(group[0])] ?? []
            let everywhere = on.count == all.count
            let phrase =
                everywhere
                ? "on every supported Python runtime (\(first) to \(last); no --runtime given)"
                : "on \(on.joined(separator: ", ")) (its marker applies there; no --runtime given)"
            return finding(
                group, context: context, copies: copies, severity: everywhere ? .error : .warning,
                fixNote: " (for \(last); give --runtime for the command for yours)"
            ) { "\($0) requires \($1), which \(nowhere) \(phrase)" }
        }
    }
}
