import ImageModel

/// L003: `python/` one folder too deep.
struct NestedLayoutRule: Rule {
    static let description = RuleDescription(
        id: "L003", name: "nested-layout", family: .layout, defaultSeverity: .error,
        summary:
            "python/ is one folder too deep: build/python/..., python/python/..., or a whole virtualenv copied in.",
        rationale: "The ZIP's top level becomes /opt, so build/python/ ends up as /opt/build/python and "
            + "python/python/ as /opt/python/python, neither of which Python searches.",
        fix: "zip from inside the folder that holds python/ (cd build && zip -r ../layer.zip python); the finding "
            + "gives the commands that repair an extracted copy",
        fires: "build/python/requests/__init__.py, python/python/requests/__init__.py, or "
            + "python/venv/lib/python3.11/site-packages/requests/__init__.py",
        passes: "python/requests/__init__.py",
        examples: [
            .fires(
                "python/ one folder too deep", [.members([.file("build/python/requests/__init__.py")])],
                findings: ["error build/python/"]),
            .passes("python/ at the root", [.members([.file("python/requests/__init__.py")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        context.readableLayers.flatMap { layer in
            let (input, archive, layout) = (layer.input, layer.archive, layer.layout)
            return layout.groups.compactMap { group -> Finding? in
                guard case .nested(let prefix, let kind) = group.placement else { return nil }
                let files = TextFormatting.counted(group.files, "Python file")
                let message: String
                let fix: String
                let repair: Repair
                switch kind {
                case .parentFolder:
                    let parent = prefix.split(separator: "/").first.map(String.init) ?? prefix
                    message = "\(prefix) (\(files)) is extracted to /opt/\(prefix), not /opt/python/"
                    let parentHoldsOnlyPython = archive.entries.allSatisfy {
                        !$0.name.hasPrefix(parent + "/") || $0.name == parent + "/" || $0.name.hasPrefix(prefix)
                    }
                    let hasPython = archive.entries.contains { $0.name.hasPrefix("python/") }
                    var steps =
                        hasPython
                        ? ["cp -R \(parent)/python/. python/", "rm -r \(parent)/python"]
                        : ["mv \(parent)/python python"]
                    if parentHoldsOnlyPython { steps.append("rmdir \(parent)") }
                    repair = .mergeContents(
                        of: parent + "/python", into: "python", removing: parentHoldsOnlyPython ? parent : parent + "/python")
                    fix =
                        "zip from inside \(parent)/ (cd \(parent) && zip -r ../layer.zip python), or in the folder "
                        + "you zip: " + steps.joined(separator: " && ")
                case .doublePython:
                    message =
                        "python/python/ (\(files)) is extracted to /opt/python/python/, which Python does not search"
                    fix =
                        "zip the inner folder (cd python && zip -r ../layer.zip python), or in the folder you zip: "
                        + "mv python/python/* python/ && rmdir python/python"
                    repair = .mergeContents(of: "python/python", into: "python", removing: "python/python")
                case .virtualenv:
                    message =
                        "\(prefix) is a whole virtualenv (\(files)); only its site-packages would be importable, "
                        + "and not from there"
                    let sitePackages = Self.sitePackages(of: group.example, in: prefix)
                    let makePython = prefix.hasPrefix("python/") ? "" : "mkdir -p python && "
                    fix =
                        "move its site-packages into python/ and drop the rest: \(makePython)mv \(sitePackages)/* "
                        + "python/ && rm -rf \(prefix.dropLast())"
                    repair = .mergeContents(of: sitePackages, into: "python", removing: String(prefix.dropLast()))
                }
                return Finding(rule: Self.description, message: message, archive: input.path, path: prefix, fix: fix,
                    repairs: [repair])
            }
        }
    }

    /// `python/venv/lib/python3.11/site-packages`: the site-packages folder of the
    /// virtualenv at `prefix` that `example` sits in.
    static func sitePackages(of example: String, in prefix: String) -> String {
        let rest = example.dropFirst(prefix.count).split(separator: "/")
        return prefix + rest.prefix(3).joined(separator: "/")
    }
}
