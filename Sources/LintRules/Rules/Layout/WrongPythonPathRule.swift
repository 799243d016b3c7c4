import ImageModel
import PythonPackaging

/// L002: the versioned site-packages folder of another Python, or `lib64/`.
struct WrongPythonPathRule: Rule {
    static let description = RuleDescription(
        id: "L002", name: "wrong-python-path", family: .layout, defaultSeverity: .error,
        summary:
            "Packages sit in python/lib/pythonX.Y/site-packages for a Python other than the runtime's, or in python/lib64/.",
        rationale: "Python searches only python/lib/pythonX.Y/site-packages with X.Y its own version, "
            + "and never lib64/; a layer built for python3.12 is invisible to a python3.11 function.",
        fix: "install the same packages again for the runtime's Python into its folder, or move lib64's contents "
            + "where Python looks (the finding gives the commands)",
        fires: "python/lib/python3.12/site-packages/ in a layer for python3.11, or python/lib64/",
        passes: "python/lib/python3.11/site-packages/ for python3.11",
        examples: [
            .fires(
                "another Python's site-packages", [.members([.file("python/lib/python3.11/site-packages/six.py")])],
                findings: ["error python/lib/python3.11/site-packages/"]),
            .passes(
                "the runtime's own site-packages, or python/",
                [.members([.file("python/lib/python3.12/site-packages/six.py"), .file("python/yaml/__init__.py")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let runtimeVersion = context.target.runtime?.python?.version
        return context.readableLayers.enumerated().flatMap { index, layer in
            let (input, layout) = (layer.input, layer.layout)
            return layout.groups.compactMap { group -> Finding? in
                switch group.placement {
                case .lib64:
                    let from = Self.lib64SitePackages(group.example)
                    let into = runtimeVersion.map { "python/lib/python\($0)/site-packages" } ?? "python"
                    return Finding(
                        rule: Self.description,
                        message:
                            "python/lib64/ (\(TextFormatting.counted(group.files, "Python file"))) is never on sys.path",
                        archive: input.path, path: "python/lib64/",
                        fix: "move its contents where Python looks: mkdir -p \(into) && mv \(from)/* \(into)/ "
                            + "&& rm -r python/lib64",
                        repairs: [.mergeContents(of: from, into: "python", removing: "python/lib64")])
                case .versionedSitePackages(let version):
                    // Without a target the version cannot be judged.
                    guard let runtimeVersion, version != runtimeVersion else { return nil }
                    return Finding(
                        rule: Self.description,
                        message: "python/lib/python\(version)/site-packages/ is searched only by Python \(version), "
                            + "but the runtime is Python \(runtimeVersion) (it looks in python/lib/python\(runtimeVersion)/site-packages/)",
                        archive: input.path, path: "python/lib/python\(version)/site-packages/",
                        repairs: Self.repairs(from: version, source: index, context: context))
                default:
                    return nil
                }
            }
        }
    }

    /// The other Python's site-packages moved into python/ (which every Python searches),
    /// and each distribution in it installed again for the runtime's Python: its compiled
    /// modules, bytecode and markers were for the other one. Editable installs are on no
    /// index: they are moved, and L004 says how to install them.
    static func repairs(from version: String, source: Int, context: LintContext) -> [Repair] {
        let tree = "python/lib/python\(version)"
        let folder = tree + "/site-packages"
        // One pass over the folder's members: its top-level items (to find a distribution's
        // package by its name when its RECORD is not read: the folder is not on the sys.path,
        // so the image may not hold its distributions), its `.dist-info` folders (pip writes
        // `name-version.dist-info`), and `__editable__.orders-1.0.pth`, which marks orders 1.0
        // as an editable install.
        var items = Set<String>()
        var stems: [String] = []
        var editable = Set<String>()
        for entry in context.image.sources[source].archive.entries where entry.name.hasPrefix(folder + "/") {
            let rest = entry.name.dropFirst(folder.count + 1)
            let item = rest.prefix { $0 != "/" }
            if !item.isEmpty { items.insert(String(item)) }
            if item.count < rest.count, item.hasSuffix(".dist-info") {
                stems.append(String(item.dropLast(".dist-info".count)))
            }
            if rest.hasPrefix("__editable__."), rest.hasSuffix(".pth") {
                editable.insert(String(rest.dropFirst("__editable__.".count).dropLast(".pth".count)))
            }
        }
        let facts = Installations(context)
        var installations: [Installation] = []
        var seen = Set<String>()
        var byMetadataFolder: [String: InstalledDistribution] = [:]
        for distribution in context.image.distributions where distribution.source == source {
            byMetadataFolder[context.image.memberPath(distribution.folder, in: source)] = distribution
        }
        for stem in stems {
            guard !editable.contains(stem), seen.insert(stem).inserted, let dash = stem.firstIndex(of: "-") else {
                continue
            }
            let name = String(stem[..<dash])
            let metadataFolder = folder + "/" + stem + ".dist-info"
            let known = byMetadataFolder[metadataFolder]
            installations.append(
                Installation(
                    name: name, pinned: String(stem[stem.index(after: dash)...]),
                    specifiers: facts.specifiers(for: PackageName.normalize(name), source: source),
                    folder: folder,
                    replacing: known.map { facts.members(of: $0) }
                        ?? Self.guessedMembers(of: name, in: folder, items: items) + [metadataFolder]))
        }
        // In name order, whichever order the layer lists them in (a ZIP's, a folder's).
        installations.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var repairs: [Repair] = [.mergeContents(of: folder, into: "python", removing: tree)]
        if !installations.isEmpty { repairs.append(.install(installations)) }
        return repairs
    }

    /// The package or module of a project named like it (`charset_normalizer/` for
    /// charset-normalizer, `six.py`), when the folder has one.
    static func guessedMembers(of project: String, in folder: String, items: Set<String>) -> [String] {
        let name = PackageName.normalize(project).replacingOccurrences(of: "-", with: "_")
        return [name, name + ".py"].filter { items.contains($0) }.map { folder + "/" + $0 }
    }

    /// `python/lib64/python3.11/site-packages` when the example file sits in one, else `python/lib64`.
    static func lib64SitePackages(_ example: String) -> String {
        let parts = example.split(separator: "/")
        if parts.count > 4, PythonPlacement.pythonVersion(String(parts[2])) != nil, parts[3] == "site-packages" {
            return parts[0..<4].joined(separator: "/")
        }
        return "python/lib64"
    }
}
