import PythonPackaging
import PythonSource
import ZipArchive

/// What the names of an image's archives say, before any member is read: the merged files,
/// the search path, the import names and the distribution folders whose metadata the
/// opening stage then reads.
package struct ImageListing: Sendable {
    package let sources: [LayerImage.Source]
    package let files: ImageFiles
    package let searchPath: [String]
    package let importNames: [ImportName]
    /// Absolute `.dist-info`/`.egg-info` paths (folders, or an `.egg-info` file) with their search folder.
    package let distributionFolders: [(path: String, searchFolder: String, isFile: Bool)]
    /// For each metadata file (absolute) that a later archive replaced, the earlier archives.
    package let replaced: [String: [Int]]

    /// Lists the image of `layers` (in function order) and an optional function package.
    ///
    /// - Parameter pythonVersion: the target's `3.11`, or `nil` when unknown.
    package init(
        layers: [(path: String, archive: Archive)], functionPackage: (path: String, archive: Archive)? = nil,
        pythonVersion: String?
    ) {
        var sources = layers.map { LayerImage.Source(path: $0.path, archive: $0.archive, root: "/opt/") }
        if let (path, archive) = functionPackage {
            sources.append(LayerImage.Source(path: path, archive: archive, root: "/var/task/"))
        }
        var files = ImageFiles()
        files.layers.reserveCapacity(layers.reduce(0) { $0 + $1.archive.entries.count })
        var replaced: [String: [Int]] = [:]
        var versions = Set<String>()
        // Which entries are usable, decided once for the map and the folder scan.
        var usable = sources.map { [Bool](repeating: false, count: $0.archive.entries.count) }
        for (index, source) in sources.enumerated() {
            let isLayer = source.isLayer
            source.archive.entries.forEachInPlace { entry in
                guard LayerImage.isUsable(entry) else { return }
                usable[index][entry.index] = true
                let key = entry.name
                let origin = LayerImage.Origin(source: index, index: entry.index)
                let earlier =
                    isLayer
                    ? files.layers.updateValue(origin, forKey: key) : files.task.updateValue(origin, forKey: key)
                if let earlier, earlier.source != index,
                    key.utf8HasSuffix("/METADATA") || key.utf8HasSuffix("/PKG-INFO")
                {
                    replaced[source.root + entry.name, default: []].append(earlier.source)
                }
                if isLayer, pythonVersion == nil, entry.name.utf8HasPrefix("python/lib/python"),
                    case .versionedSitePackages(let version) = PythonPlacement.classify(entry.name)
                {
                    versions.insert(version)
                }
            }
        }
        var searchPath: [String] = functionPackage == nil ? [] : ["/var/task"]
        let siteVersions =
            pythonVersion.map { [$0] }
            ?? versions.sorted { LayerImage.numbers($0).lexicographicallyPrecedes(LayerImage.numbers($1)) }
        searchPath += siteVersions.map { "/opt/python/lib/python\($0)/site-packages" }
        searchPath.append("/opt/python")
        self.sources = sources
        // Sorted here, while the image is built, for the folder queries of the stages after.
        files.layers.sortForPrefixQueries()
        files.task.sortForPrefixQueries()
        self.files = files
        self.searchPath = searchPath
        let scan = FolderScan(searchPath: searchPath, sources: sources, usable: usable)
        self.importNames = scan.importNames
        self.distributionFolders = scan.distributionFolders
        self.replaced = replaced
    }
}

/// Finds the import names and distribution folders directly inside each search folder.
private struct FolderScan {
    package var importNames: [ImportName] = []
    /// Absolute `.dist-info`/`.egg-info` paths (folders, or an `.egg-info` file) with their search folder.
    package var distributionFolders: [(path: String, searchFolder: String, isFile: Bool)] = []

    private struct Child {
        package var isFile: Bool
        package var hasInit = false
        package var hasCode = false
        /// The first archive in function order that has something under this name.
        package var source: Int
        package var entryIndex: Int
    }

    package init(searchPath: [String], sources: [LayerImage.Source], usable: [[Bool]]) {
        let perFolder = Self.children(searchPath: searchPath, sources: sources, usable: usable)
        classify(perFolder, searchPath: searchPath, sources: sources)
    }

    /// The first path component under each search folder, in each archive in function order
    /// (the first archive that has something under a name decides where it comes from), with
    /// whether it is a file, a package with `__init__` and whether it holds code.
    private static func children(searchPath: [String], sources: [LayerImage.Source], usable: [[Bool]])
        -> [[String: Child]]
    {
        var perFolder = [[String: Child]](repeating: [:], count: searchPath.count)
        // Each archive in function order, its entries in order: files of one package come
        // together, so the child being built is kept in hand until the name changes.
        for (sourceIndex, source) in sources.enumerated() {
            // The search folders inside this archive, relative to its root, deepest first.
            let prefixes = searchPath.enumerated().compactMap { index, folder -> SearchPrefix? in
                let full = folder + "/"
                guard full.hasPrefix(source.root) else { return nil }
                let prefix = Array(full.utf8.dropFirst(source.root.utf8.count))
                return SearchPrefix(index: index, bytes: prefix, isPythonRoot: prefix == Array("python/".utf8))
            }.sorted { $0.bytes.count > $1.bytes.count }
            var current: (folder: Int, first: String, child: Child)?
            func flush() {
                if let current { perFolder[current.folder][current.first] = current.child }
                current = nil
            }
            let entries = source.archive.entries
            // By index, reading only the name, and over its raw bytes: this runs once per entry
            // of every layer, before anything else can start.
            for entryIndex in entries.indices where usable[sourceIndex][entryIndex] {
                var entryName = entries[entryIndex].name
                entryName.withUTF8 { bytes in
                    guard let (folderIndex, prefixLength) = Self.folder(of: bytes, prefixes: prefixes) else { return }
                    let rest = UnsafeBufferPointer(rebasing: bytes[prefixLength...])
                    let slash = rest.firstIndex(of: UInt8(ascii: "/"))
                    let firstBytes = UnsafeBufferPointer(rebasing: rest[..<(slash ?? rest.endIndex)])
                    guard !firstBytes.isEmpty else { return }
                    if current?.folder != folderIndex
                        || current.map({ !$0.first.utf8Equals(firstBytes) }) ?? true
                    {
                        flush()
                        let first = String(decoding: firstBytes, as: UTF8.self)
                        current = (
                            folderIndex, first,
                            perFolder[folderIndex][first]
                                ?? Child(isFile: slash == nil, source: sourceIndex, entryIndex: entryIndex)
                        )
                    }
                    guard let slash, var child = current?.child else { return }
                    child.isFile = false
                    // Once a folder is known to be a package with code, its other files change nothing.
                    guard !(child.hasInit && child.hasCode) else {
                        current?.child = child
                        return
                    }
                    let inside = UnsafeBufferPointer(rebasing: rest[(slash + 1)...])
                    let isPython = inside.holdsSuffix(".py")
                    let isShared = inside.holdsSuffix(".so")
                    if inside.holdsPrefix("__init__.")
                        && ((isPython && inside.count == 11) || (inside.holdsSuffix(".pyc") && inside.count == 12)
                            || isShared)
                    {
                        child.hasInit = true
                    }
                    if isPython || isShared { child.hasCode = true }
                    current?.child = child
                }
            }
            flush()
        }
        return perFolder
    }

    /// The import names and distribution folders among the children of each search folder.
    private mutating func classify(
        _ perFolder: [[String: Child]], searchPath: [String], sources: [LayerImage.Source]
    ) {
        let roots = sources.map(\.root)
        // One name per folder (six.py beside six.pyc), found in a set, not by scanning the list.
        var seenNames = Set<String>()
        for (folderIndex, folder) in searchPath.enumerated() {
            for (name, child) in perFolder[folderIndex].sorted(by: { $0.key < $1.key }) {
                let entryPath = sources[child.source].archive.entries[child.entryIndex].name
                let memberPath = String((folder + "/" + name).dropFirst(roots[child.source].count))
                let lower = name.lowercased()
                if lower.hasSuffix(".dist-info") || lower.hasSuffix(".egg-info") {
                    distributionFolders.append((folder + "/" + name, folder, child.isFile))
                    continue
                }
                let kind: ImportName.Kind
                let stem: String
                if child.isFile {
                    let pieces = name.split(separator: ".")
                    guard pieces.count >= 2, let last = pieces.last else { continue }
                    if last == "py" || last == "pyc" {
                        kind = .module
                    } else if last == "so" {
                        kind = .extensionModule
                    } else {
                        continue
                    }
                    stem = String(pieces[0])
                    if last == "pyc" && pieces.count > 2 { continue }
                } else {
                    // `pip install --target` puts console scripts (jp.py) in bin/: not a package.
                    guard name != "__pycache__", name != "bin" else { continue }
                    if child.hasInit {
                        kind = .package
                    } else if child.hasCode {
                        kind = .namespacePackage
                    } else {
                        continue
                    }
                    stem = name
                }
                guard PythonNames.isName(stem), seenNames.insert(folder + "\u{0}" + stem).inserted else { continue }
                importNames.append(
                    ImportName(
                        name: stem, kind: kind, folder: folder, source: child.source,
                        path: child.isFile ? entryPath : memberPath + "/"))
            }
        }
    }

    /// A search folder as a member-name prefix of one archive (`python/`), and whether it is
    /// the archive's `python/` itself, where other folders are excluded.
    package struct SearchPrefix {
        package var index: Int
        package var bytes: [UInt8]
        package var isPythonRoot: Bool
    }

    /// The search folder (index, and the length of its prefix) that holds `name`, a member
    /// name relative to its archive's root; the deepest prefix wins. Under `python/`, other
    /// Pythons' site-packages, `lib64/`, `python/python/` and copied virtualenvs are never searched.
    package static func folder(of bytes: UnsafeBufferPointer<UInt8>, prefixes: [SearchPrefix]) -> (Int, Int)? {
        for prefix in prefixes where bytes.count > prefix.bytes.count && bytes.bytesStart(with: prefix.bytes) {
            if prefix.isPythonRoot {
                let start = prefix.bytes.count
                if bytes.holds("lib/python", at: start) || bytes.holds("lib64/", at: start)
                    || bytes.holds("python/", at: start)
                {
                    return nil
                }
                // A virtualenv copied inside python/ (python/venv/lib/python3.11/site-packages/...).
                if let slash = bytes[start...].firstIndex(of: UInt8(ascii: "/")),
                    bytes.holds("lib/python", at: slash + 1),
                    case .nested = PythonPlacement.classify(String(decoding: bytes, as: UTF8.self)) ?? .pythonRoot
                {
                    return nil
                }
            }
            return (prefix.index, prefix.bytes.count)
        }
        return nil
    }
}
