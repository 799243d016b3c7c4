/// L007: a path that is a file in one layer and a folder in another.
struct PathClashRule: Rule {
    static let description = RuleDescription(
        id: "L007", name: "path-clash", defaultSeverity: .error,
        summary: "A path is a file in one layer and a folder in another.",
        rationale: "Lambda merges layers into /opt in order; a file cannot replace a folder or the reverse, and the "
            + "function update fails with \"Lambda layer conversion failed\".",
        fix: "rename one of them, or build the two layers from one environment so that they agree",
        fires: "python/utils as a file in the first layer and python/utils/__init__.py in the second",
        passes: "the same file in both layers (the later one wins)")

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let layers = context.readableLayers
        guard layers.count > 1 else { return [] }
        // For each layer, its files and the folders they imply.
        let shapes = layers.map { _, archive, _ -> (files: Set<String>, folders: Set<String>) in
            var files = Set<String>()
            var folders = Set<String>()
            for entry in archive.entries {
                let name = entry.name.hasSuffix("/") ? String(entry.name.dropLast()) : entry.name
                if entry.isDirectory { folders.insert(name) } else { files.insert(name) }
                var parts = name.split(separator: "/").dropLast()
                while !parts.isEmpty {
                    folders.insert(parts.joined(separator: "/"))
                    parts = parts.dropLast()
                }
            }
            return (files, folders)
        }
        var findings: [Finding] = []
        for later in shapes.indices {
            for earlier in shapes.indices where earlier < later {
                let clashes = shapes[earlier].files.intersection(shapes[later].folders)
                    .union(shapes[earlier].folders.intersection(shapes[later].files))
                for path in clashes.sorted() {
                    let earlierIsFile = shapes[earlier].files.contains(path)
                    findings.append(
                        Finding(
                            rule: Self.description,
                            message:
                                "\(path) is a \(earlierIsFile ? "file" : "folder") in \(layers[earlier].input.path) "
                                + "but a \(earlierIsFile ? "folder" : "file") here; Lambda cannot merge the two layers",
                            archive: layers[later].input.path, path: path))
                }
            }
        }
        return findings
    }
}
