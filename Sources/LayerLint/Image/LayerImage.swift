import Dispatch
import PythonPackaging
import ZipArchive

/// The function's view of its code: the layers merged into `/opt` in order (a later layer's
/// file replaces an earlier one's), the function package in `/var/task` when given, and
/// what Python finds there on the target's `sys.path`: distributions and import names.
///
/// Only metadata members are read (METADATA, PKG-INFO, RECORD, top_level.txt,
/// requires.txt), in parallel when there are many.
public struct LayerImage: Sendable {
    /// One archive of the image and where Lambda extracts it.
    public struct Source: Sendable {
        /// The archive's path as the user gave it.
        public let path: String
        public let archive: Archive
        /// `/opt/` for layers, `/var/task/` for the function package.
        public let root: String
    }

    /// Where one file of the image came from.
    public struct Origin: Sendable {
        /// Index into `sources`.
        public let source: Int
        public let entry: Entry
    }

    /// The archives, in the order Lambda extracts them (layers in function order).
    public let sources: [Source]
    /// Every regular file of the image by absolute path, from the source that wrote it last.
    public let files: [String: Origin]
    /// The folders Python searches, absolute, in order (`/var/task` when a function package
    /// is given, `/opt/python/lib/pythonX.Y/site-packages`, `/opt/python`). Without a Python
    /// version, every versioned site-packages folder present is searched.
    public let searchPath: [String]
    /// The distributions in the search path, in search order, then by folder name.
    public let distributions: [InstalledDistribution]
    /// The top-level names Python can import from the image, in search order.
    public let importNames: [ImportName]

    /// Builds the image of `layers` (in function order) and an optional function package.
    ///
    /// - Parameter pythonVersion: the target's `3.11`, or `nil` when unknown.
    public init(
        layers: [(path: String, archive: Archive)], functionPackage: (path: String, archive: Archive)? = nil,
        pythonVersion: String?
    ) {
        var sources = layers.map { Source(path: $0.path, archive: $0.archive, root: "/opt/") }
        if let (path, archive) = functionPackage {
            sources.append(Source(path: path, archive: archive, root: "/var/task/"))
        }
        var files: [String: Origin] = [:]
        var replaced: [String: [Int]] = [:]
        var versions = Set<String>()
        for (index, source) in sources.enumerated() {
            for entry in source.archive.entries where Self.isUsable(entry) {
                let path = source.root + entry.name
                if let earlier = files.updateValue(Origin(source: index, entry: entry), forKey: path),
                    earlier.source != index, path.hasSuffix("/METADATA") || path.hasSuffix("/PKG-INFO")
                {
                    replaced[path, default: []].append(earlier.source)
                }
                if source.root == "/opt/", pythonVersion == nil, entry.name.hasPrefix("python/lib/python"),
                    case .versionedSitePackages(let version) = PythonPlacement.classify(entry.name)
                {
                    versions.insert(version)
                }
            }
        }
        var searchPath: [String] = functionPackage == nil ? [] : ["/var/task"]
        let siteVersions =
            pythonVersion.map { [$0] }
            ?? versions.sorted { Self.numbers($0).lexicographicallyPrecedes(Self.numbers($1)) }
        searchPath += siteVersions.map { "/opt/python/lib/python\($0)/site-packages" }
        searchPath.append("/opt/python")
        self.sources = sources
        self.files = files
        self.searchPath = searchPath
        let scan = FolderScan(files: files, searchPath: searchPath, roots: sources.map(\.root))
        self.importNames = scan.importNames
        self.distributions = DistributionReader.read(
            scan.distributionFolders, files: files, sources: sources, replaced: replaced)
    }

    /// Regular files with a name that means something in `/opt`: unsafe names (Z002) and
    /// backslash names (Z003) are reported by their own rules and not merged.
    static func isUsable(_ entry: Entry) -> Bool {
        guard entry.fileType == .regular || entry.fileType == .symlink else { return false }
        return !entry.rawName.contains(UInt8(ascii: "\\"))
            && UnsafePathRule.problem(rawName: entry.rawName, name: entry.name) == nil
    }

    /// `3.10` → `[3, 10]`, for ordering versions numerically.
    static func numbers(_ version: String) -> [Int] { version.split(separator: ".").map { Int($0) ?? 0 } }

    /// The distribution Python's `importlib.metadata` finds first for `normalizedName`.
    public func distribution(named normalizedName: String) -> InstalledDistribution? {
        distributions.first { $0.normalizedName == normalizedName }
    }

    /// `/opt/python/x.py` → the layer and member it came from, as a finding names it.
    public func location(of absolutePath: String) -> (archive: String, path: String)? {
        files[absolutePath].map { (sources[$0.source].path, $0.entry.name) }
    }

    /// The member path of `absolutePath` inside the archive of `source`.
    func memberPath(_ absolutePath: String, in source: Int) -> String {
        String(absolutePath.dropFirst(sources[source].root.count))
    }
}

/// A name Python can import at top level (`import requests`).
public struct ImportName: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A folder with `__init__.py`.
        case package
        /// A folder of Python files without `__init__.py` (PEP 420).
        case namespacePackage = "namespace-package"
        case module
        /// A compiled extension module (`.so` with or without an ABI tag).
        case extensionModule = "extension-module"
    }

    public let name: String
    public let kind: Kind
    /// The search folder it is found in (absolute).
    public let folder: String
    /// Index into `LayerImage.sources` of the first archive that has it.
    public let source: Int
    /// Its member path in that archive: `python/requests/` or `python/six.py`.
    public let path: String
}

/// Finds the import names and distribution folders directly inside each search folder.
private struct FolderScan {
    var importNames: [ImportName] = []
    /// Absolute `.dist-info`/`.egg-info` paths (folders, or an `.egg-info` file) with their search folder.
    var distributionFolders: [(path: String, searchFolder: String, isFile: Bool)] = []

    private struct Child {
        var isFile: Bool
        var hasInit = false
        var hasCode = false
        /// The first archive in function order that has something under this name.
        var source: Int
        var entryName: String
    }

    init(files: [String: LayerImage.Origin], searchPath: [String], roots: [String]) {
        var perFolder = [[String: Child]](repeating: [:], count: searchPath.count)
        for (path, origin) in files {
            guard let folder = Self.searchFolder(of: path, in: searchPath),
                let folderIndex = searchPath.firstIndex(of: folder)
            else { continue }
            let rest = path.utf8.dropFirst(folder.utf8.count + 1)
            let slash = rest.firstIndex(of: UInt8(ascii: "/"))
            guard let first = String(rest[..<(slash ?? rest.endIndex)]), !first.isEmpty else { continue }
            let isFile = slash == nil
            var child =
                perFolder[folderIndex][first]
                ?? Child(isFile: isFile, source: origin.source, entryName: origin.entry.name)
            if let slash {
                child.isFile = false
                let inside = rest[rest.index(after: slash)...]
                if inside.elementsEqual("__init__.py".utf8) || inside.elementsEqual("__init__.pyc".utf8)
                    || (inside.starts(with: "__init__.".utf8) && inside.reversed().starts(with: "os.".utf8))
                {
                    child.hasInit = true
                }
                if inside.reversed().starts(with: "yp.".utf8) || inside.reversed().starts(with: "os.".utf8) {
                    child.hasCode = true
                }
            }
            if origin.source < child.source {
                child.source = origin.source
                child.entryName = origin.entry.name
            }
            perFolder[folderIndex][first] = child
        }
        for (folderIndex, folder) in searchPath.enumerated() {
            for (name, child) in perFolder[folderIndex].sorted(by: { $0.key < $1.key }) {
                let entryPath = child.entryName
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
                guard Self.isIdentifier(stem), !importNames.contains(where: { $0.name == stem && $0.folder == folder })
                else { continue }
                importNames.append(
                    ImportName(
                        name: stem, kind: kind, folder: folder, source: child.source,
                        path: child.isFile ? entryPath : memberPath + "/"))
            }
        }
    }

    /// The search folder that holds `path` directly or below it, without belonging to a
    /// deeper search folder (`/opt/python/lib/python3.11/site-packages/x` is not in `/opt/python`)
    /// or to a versioned folder of another Python.
    static func searchFolder(of path: String, in searchPath: [String]) -> String? {
        // Search folders are few; the deepest one that holds the path wins.
        var best: String?
        var bestLength = 0
        for folder in searchPath {
            let length = folder.utf8.count
            guard length > bestLength, path.utf8.count > length + 1, path.hasPrefix(folder),
                path.utf8[path.utf8.index(path.utf8.startIndex, offsetBy: length)] == UInt8(ascii: "/")
            else { continue }
            best = folder
            bestLength = length
        }
        guard let best else { return nil }
        if best == "/opt/python" {
            // Other Pythons' site-packages, lib64, python/python/ and copied virtualenvs are never searched.
            let rest = path.dropFirst("/opt/python/".count)
            if rest.hasPrefix("lib/python") || rest.hasPrefix("lib64/") || rest.hasPrefix("python/") { return nil }
            if let slash = rest.utf8.firstIndex(of: UInt8(ascii: "/")),
                rest.utf8[rest.utf8.index(after: slash)...].starts(with: "lib/python".utf8),
                case .nested = PythonPlacement.classify(String(path.dropFirst("/opt/".count))) ?? .pythonRoot
            {
                return nil
            }
        }
        return best
    }

    /// A Python identifier (ASCII letters, digits and `_`, not starting with a digit; other
    /// Unicode letters are allowed as Python allows them).
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
