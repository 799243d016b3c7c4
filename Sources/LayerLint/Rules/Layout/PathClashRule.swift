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
        // One merged tree: for each path, the layers that have it as a file and as a folder.
        // Folder prefixes are found from the slashes of each name, and a prefix already
        // recorded for this layer ends the walk up (its own prefixes are there too).
        var files: [String: [Int]] = [:]
        var folders: [String: [Int]] = [:]
        func note(_ path: String, in layer: Int, as table: inout [String: [Int]]) -> Bool {
            if table[path]?.last == layer { return false }
            table[path, default: []].append(layer)
            return true
        }
        for (layer, item) in layers.enumerated() {
            for entry in item.archive.entries {
                let name = entry.name.hasSuffix("/") ? String(entry.name.dropLast()) : entry.name
                if entry.isDirectory {
                    _ = note(name, in: layer, as: &folders)
                } else {
                    _ = note(name, in: layer, as: &files)
                }
                var end = name.utf8.lastIndex(of: UInt8(ascii: "/"))
                while let slash = end {
                    let prefix = String(name[..<slash])
                    guard !prefix.isEmpty, note(prefix, in: layer, as: &folders) else { break }
                    end = name.utf8[..<slash].lastIndex(of: UInt8(ascii: "/"))
                }
            }
        }
        var findings: [Finding] = []
        for (path, fileLayers) in files {
            guard let folderLayers = folders[path] else { continue }
            // Each earlier/later pair where one has a file and the other a folder.
            let involved = Set(fileLayers + folderLayers).sorted()
            for later in involved {
                for earlier in involved where earlier < later {
                    let earlierIsFile = fileLayers.contains(earlier) && folderLayers.contains(later)
                    let earlierIsFolder = folderLayers.contains(earlier) && fileLayers.contains(later)
                    guard earlierIsFile || earlierIsFolder else { continue }
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
