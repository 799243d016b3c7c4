import PythonPackaging
import PythonSource
import ZipArchive

/// The function's view of its code: the layers merged into `/opt` in order (a later layer's
/// file replaces an earlier one's), the function package in `/var/task` when given, and
/// what Python finds there on the target's `sys.path`: distributions and import names.
///
/// Only metadata members are read (METADATA, PKG-INFO, RECORD, top_level.txt,
/// requires.txt), in parallel when there are many.
package struct LayerImage: Sendable {
    /// One archive of the image and where Lambda extracts it.
    package struct Source: Sendable {
        /// The archive's path as the user gave it.
        package let path: String
        package let archive: Archive
        /// `/opt/` for layers, `/var/task/` for the function package.
        package let root: String

        /// Whether Lambda extracts it into `/opt` (a layer), not `/var/task`.
        package var isLayer: Bool { root == "/opt/" }
    }

    /// The index in `sources` of the function package, when one was given.
    package var functionPackageSource: Int? { sources.firstIndex { !$0.isLayer } }

    /// The layers' paths as the user gave them, in function order.
    package var layerPaths: [String] { sources.filter(\.isLayer).map(\.path) }

    /// Where one file of the image came from: an archive and the index of its entry (kept
    /// small, as the map holds one per member of every layer).
    package struct Origin: Sendable {
        /// Index into `sources`.
        package let source: Int
        /// Index into that archive's `entries`.
        package let index: Int

        package init(source: Int, index: Int) {
            self.source = source
            self.index = index
        }
    }

    /// The archives, in the order Lambda extracts them (layers in function order).
    package private(set) var sources: [Source]
    /// Every regular file of the image, from the source that wrote it last.
    package let files: ImageFiles

    /// The archive and entry an absolute path of the image comes from, or `nil`.
    package func origin(of absolutePath: String) -> Origin? { files.origin(of: absolutePath) }

    /// The archive and entry of `relativePath` inside the absolute folder `folder`.
    package func origin(of relativePath: Substring, in folder: String) -> Origin? {
        files.origin(of: relativePath, in: folder)
    }

    /// The folders Python searches, absolute, in order (`/var/task` when a function package
    /// is given, `/opt/python/lib/pythonX.Y/site-packages`, `/opt/python`). Without a Python
    /// version, every versioned site-packages folder present is searched.
    package let searchPath: [String]
    /// The distributions in the search path, in search order, then by folder name.
    package let distributions: [InstalledDistribution]
    /// The top-level names Python can import from the image, in search order.
    package let importNames: [ImportName]

    /// The metadata folders of distributions installed twice in one folder of one archive
    /// (two versions of a project side by side, as a second `pip install --upgrade --target` leaves them).
    package var installedTwice: Set<String> {
        var byPlace: [String: [String]] = [:]
        for distribution in distributions {
            let place = "\(distribution.source)\u{0}\(distribution.searchFolder)\u{0}\(distribution.normalizedName)"
            byPlace[place, default: []].append(distribution.folder)
        }
        return Set(byPlace.values.filter { $0.count > 1 }.joined())
    }

    /// The importable packages and extension modules that no distribution's metadata
    /// describes (folders copied in by hand), in search order.
    package var undescribedImportNames: [ImportName] {
        let claimed = Set(distributions.flatMap(\.importNames))
        return importNames.filter { $0.kind != .module && !claimed.contains($0.name) }
    }

    /// The image of a listing with its distributions read (by the opening stage).
    package init(_ listing: ImageListing, distributions: [InstalledDistribution]) {
        self.sources = listing.sources
        self.files = listing.files
        self.searchPath = listing.searchPath
        self.importNames = listing.importNames
        self.distributions = distributions
    }

    /// The same image over `archives` (one per source, in order): the same archives with
    /// their local headers read since.
    package func replacingArchives(_ archives: [Archive]) -> LayerImage {
        guard archives.count == sources.count else { return self }
        var image = self
        image.sources = zip(sources, archives).map { Source(path: $0.path, archive: $1, root: $0.root) }
        return image
    }

    /// Regular files with a name that means something in `/opt`: unsafe names (Z002) and
    /// backslash names (Z003) are reported by their own rules and not merged.
    package static func isUsable(_ entry: EntryInPlace) -> Bool {
        guard entry.fileType == .regular || entry.fileType == .symlink else { return false }
        return EntryName.isExtractedInPlace(rawName: entry.rawName, name: entry.name)
    }

    /// `3.10` → `[3, 10]`, for ordering versions numerically.
    package static func numbers(_ version: String) -> [Int] { version.split(separator: ".").map { Int($0) ?? 0 } }

    /// The entry a file of the image comes from.
    package func entry(_ origin: Origin) -> Entry { sources[origin.source].archive.entries[origin.index] }

    /// The distribution Python's `importlib.metadata` finds first for `normalizedName`.
    package func distribution(named normalizedName: String) -> InstalledDistribution? {
        distributions.first { $0.normalizedName == normalizedName }
    }

    /// `/opt/python/x.py` → the layer and member it came from, as a finding names it.
    package func location(of absolutePath: String) -> (archive: String, path: String)? {
        origin(of: absolutePath).map { (sources[$0.source].path, entry($0).name) }
    }

    /// The member path of `absolutePath` inside the archive of `source`.
    package func memberPath(_ absolutePath: String, in source: Int) -> String {
        String(absolutePath.dropFirst(sources[source].root.count))
    }

    /// The folder a distribution sits in, as a path inside its archive (`python`, or
    /// `python/lib/python3.11/site-packages`): where a pip line's `--target` points.
    /// `the layer` or `the function package`: where a fix installs beside `distribution`.
    package func installPlace(of distribution: InstalledDistribution) -> String {
        sources[distribution.source].isLayer ? "the layer" : "the function package"
    }

    package func installFolder(of distribution: InstalledDistribution) -> String {
        // The function package's own root (`/var/task`) is the folder the ZIP is made from.
        let folder = memberPath(distribution.searchFolder, in: distribution.source)
        return folder.isEmpty ? "." : folder
    }
}

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

/// The files of an image keyed by member name (the path under `/opt/` or `/var/task/`), so
/// that no absolute path is built per member; absolute paths are looked up without copying.
package struct ImageFiles: Sendable {
    package var layers = PathTable()
    package var task = PathTable()

    package func origin(of absolutePath: String) -> LayerImage.Origin? {
        guard let (table, member) = split(absolutePath) else { return nil }
        return table.value(prefix: member)
    }

    /// The origin of `relativePath` inside the absolute folder `folder`, without joining them.
    package func origin(of relativePath: Substring, in folder: String) -> LayerImage.Origin? {
        guard let (table, member) = split(folder + "/") else { return nil }
        return table.value(prefix: member, rest: relativePath)
    }

    /// The table holding the files under the absolute folder `folder`, and the folder's
    /// member path with a trailing slash (`python/`), for many lookups inside one folder.
    package func table(for folder: String) -> (table: PathTable, memberPrefix: [UInt8])? {
        split(folder + "/").map { ($0.0, Array($0.1.utf8)) }
    }

    /// Some file under the absolute folder `folder` (for a distribution folder without its
    /// metadata file), or `nil`.
    package func anyOrigin(under folder: String) -> LayerImage.Origin? {
        guard let (table, member) = split(folder + "/") else { return nil }
        return table.anyValue(withPrefix: member)
    }

    /// The table of the root an absolute path is under, and the path below that root.
    private func split(_ absolutePath: String) -> (PathTable, Substring)? {
        // Bytes, not Characters: a combining mark after the slash would join it into one.
        if absolutePath.utf8HasPrefix("/opt/") { return (layers, Substring(absolutePath.utf8.dropFirst(5))) }
        if absolutePath.utf8HasPrefix("/var/task/") { return (task, Substring(absolutePath.utf8.dropFirst(10))) }
        return nil
    }
}

/// A name Python can import at top level (`import requests`).
package struct ImportName: Sendable, Equatable {
    package enum Kind: String, Sendable {
        /// A folder with `__init__.py`.
        case package
        /// A folder of Python files without `__init__.py` (PEP 420).
        case namespacePackage = "namespace-package"
        case module
        /// A compiled extension module (`.so` with or without an ABI tag).
        case extensionModule = "extension-module"
    }

    package let name: String
    package let kind: Kind
    /// The search folder it is found in (absolute).
    package let folder: String
    /// Index into `LayerImage.sources` of the first archive that has it.
    package let source: Int
    /// Its member path in that archive: `python/requests/` or `python/six.py`.
    package let path: String
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
        let roots = sources.map(\.root)
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
