import ImageModel

/// L007: a path that is a file in one layer and a folder in another.
struct PathClashRule: Rule {
    static let description = RuleDescription(
        id: "L007", name: "path-clash", family: .layout, defaultSeverity: .error,
        summary: "A path is a file in one layer and a folder in another.",
        rationale: "Lambda merges layers into /opt in order; a file cannot replace a folder or the reverse, and the "
            + "function update fails with \"Lambda layer conversion failed\".",
        fix: "rename one of them, or build the two layers from one environment so that they agree",
        fires: "python/utils as a file in the first layer and python/utils/__init__.py in the second",
        passes: "the same file in both layers (the later one wins)",
        examples: [
            .fires(
                "a file in one layer where another layer has a folder",
                [.members([.file("python/utils")]), .members([.file("python/utils/__init__.py")])],
                findings: ["error python/utils"]),
            .passes(
                "the same file in both layers (the later one wins)",
                [.members([.file("python/utils.py")]), .members([.file("python/utils.py")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let layers = context.readableLayers
        guard layers.count > 1 else { return [] }
        // One merged tree of path components: each node is a path, with the layers that
        // have it as a file and as a folder. A name is walked one component at a time from
        // the root, so the work is the total bytes of the names, however deep (a 65,535-byte
        // name of 32,767 folders used to build every one of its prefixes as a string).
        // Names listed one after another mostly share their folders: the folders of the
        // previous name that the next one shares (up to a common slash) are taken as they are.
        var tree = MergedTree()
        for (layer, item) in layers.enumerated() {
            var previous: [UInt8] = []
            // For each folder of the previous name: the offset of the slash that ends it, its node.
            var previousFolders: [(slash: Int, node: Int)] = []
            for entry in item.archive.entries {
                var bytes = Array(entry.name.utf8)
                if bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
                var common = 0
                while common < bytes.count && common < previous.count && bytes[common] == previous[common] {
                    common += 1
                }
                var folders = previousFolders.prefix { $0.slash < common }
                var node = folders.last?.node ?? 0
                var start = folders.last.map { $0.slash + 1 } ?? 0
                while true {
                    let end = bytes[start...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.count
                    let component = String(decoding: bytes[start..<end], as: UTF8.self)
                    node = tree.child(of: node, named: component)
                    guard end < bytes.count else {
                        tree.note(node, in: layer, asFile: !entry.isDirectory)
                        break
                    }
                    tree.note(node, in: layer, asFile: false)
                    folders.append((end, node))
                    start = end + 1
                }
                previous = bytes
                previousFolders = Array(folders)
            }
        }
        var findings: [Finding] = []
        for node in tree.clashes() {
            let path = tree.path(of: node)
            let (fileLayers, folderLayers) = (tree.fileLayers[node], tree.folderLayers[node])
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
                            archive: layers[later].input.path, path: path,
                            subject: layers[earlier].input.path.split(separator: "/").last.map(String.init)))
                }
            }
        }
        return findings
    }
}

/// The paths of several layers as one tree of components.
private struct MergedTree {
    private struct Key: Hashable {
        let parent: Int
        let name: String
    }
    private var children: [Key: Int] = [:]
    private var parents: [Int] = [-1]
    private var names: [String] = [""]
    /// Per node, the layers that have it as a file and as a folder, in layer order.
    private(set) var fileLayers: [[Int]] = [[]]
    private(set) var folderLayers: [[Int]] = [[]]

    /// The node for `name` inside `parent`, made when new.
    mutating func child(of parent: Int, named name: String) -> Int {
        let key = Key(parent: parent, name: name)
        if let known = children[key] { return known }
        let node = parents.count
        children[key] = node
        parents.append(parent)
        names.append(name)
        fileLayers.append([])
        folderLayers.append([])
        return node
    }

    mutating func note(_ node: Int, in layer: Int, asFile: Bool) {
        if asFile {
            if fileLayers[node].last != layer { fileLayers[node].append(layer) }
        } else if folderLayers[node].last != layer {
            folderLayers[node].append(layer)
        }
    }

    /// The nodes that are a file in one layer and a folder in some layer.
    func clashes() -> [Int] {
        fileLayers.indices.filter { !fileLayers[$0].isEmpty && !folderLayers[$0].isEmpty }
    }

    /// The node's path, its components joined by `/`.
    func path(of node: Int) -> String {
        var parts: [String] = []
        var current = node
        while current > 0 {
            parts.append(names[current])
            current = parents[current]
        }
        return parts.reversed().joined(separator: "/")
    }
}
