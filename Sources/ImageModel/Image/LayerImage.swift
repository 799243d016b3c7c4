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
