import ImageModel
import LambdaPlatform
import OpeningStage
import ZipArchive

/// What `layerlint inspect` shows about one archive: a summary, the distributions and import
/// names Python would find in it, the entries, and the structural anomalies, or why the
/// archive could not be listed at all.
public struct InspectReport: Sendable {
    public static let schemaVersion = 1

    public let path: String
    public let archive: Archive?
    public let failure: ArchiveError?
    /// The archive as a layer on its own, for any Python version (`python/` and every
    /// `python/lib/pythonX.Y/site-packages/` in it).
    package let image: LayerImage?
    /// Its native binaries (extension modules, shared libraries, executables).
    package let binaries: [NativeBinary]
    /// Where Lambda's loader finds each library its binaries need, on each operating system
    /// of the bundled catalog (the layer alone, with the default LD_LIBRARY_PATH), in the
    /// catalog's order.
    package let libraries: [(system: String, loading: LibraryLoading)]

    /// A report on an archive that was listed.
    public init(archive: Archive) {
        self.path = archive.path
        self.archive = archive
        self.failure = nil
        self.image = LayerOpening.image(layers: [(archive.path, archive)], pythonVersion: nil)
        let binaries = NativeScan.scan([(archive.path, archive)], detail: .dynamicSection).first ?? []
        self.binaries = binaries
        self.libraries = image.map { Self.libraries(image: $0, binaries: binaries) } ?? []
    }

    /// The loader model of the archive on its own for each operating system whose libraries
    /// the bundled catalog lists, for the CPU of its first ELF binary.
    static func libraries(image: LayerImage, binaries: [NativeBinary]) -> [(system: String, loading: LibraryLoading)] {
        guard binaries.contains(where: { $0.dynamic != nil }), let catalog = try? RuntimeCatalog.bundled() else {
            return []
        }
        let cpu = binaries.lazy.compactMap { $0.format?.architectures.first }.first
        let architecture: Architecture = cpu == "aarch64" ? .arm64 : .x86_64
        var byFile: [ImportModel.FileRef: NativeBinary] = [:]
        for binary in binaries { byFile[ImportModel.FileRef(source: 0, member: binary.path)] = binary }
        return catalog.operatingSystems.compactMap { system in
            system.nativeLibraries.map { native in
                (
                    system.name,
                    LibraryLoading(
                        image: image, binaries: byFile, system: native, architecture: architecture,
                        searchPath: native.loaderPath, listingNeeds: true)
                )
            }
        }
    }

    /// Where each library `binary` needs is found, on each operating system: the member that
    /// provides it, `system`, or `nil` (not found).
    package func resolutions(of binary: NativeBinary) -> [(library: String, places: [(system: String, found: String?)])] {
        let file = ImportModel.FileRef(source: 0, member: binary.path)
        guard let needed = binary.dynamic?.neededLibraries else { return [] }
        return needed.enumerated().map { index, library in
            let places = libraries.map { system, loading -> (system: String, found: String?) in
                let need = loading.needs[file].flatMap { $0.indices.contains(index) ? $0[index] : nil }
                switch need?.place {
                case .image(let found)?: return (system, found.member)
                case .system?: return (system, "system")
                case nil: return (system, nil)
                }
            }
            return (library, places)
        }
    }

    /// A report on an archive that could not be listed.
    public init(path: String, failure: ArchiveError) {
        self.path = path
        self.archive = nil
        self.failure = failure
        self.image = nil
        self.binaries = []
        self.libraries = []
    }

    /// Bytes per package (the first folder under the layer's Python folder, or the top-level
    /// folder for the rest: `lib`, `bin`), largest first.
    public var sizes: [(name: String, files: Int, uncompressed: UInt64, compressed: UInt64)] {
        archive.map(ListingTotals.packageSizes) ?? []
    }

    /// Opens `path` and reports on it.
    ///
    /// - Throws: `ArchiveError.cannotOpen` when the file itself cannot be read; every other
    ///   problem becomes part of the report.
    public static func make(path: String) throws(ArchiveError) -> InspectReport {
        let listed: Result<Archive, ArchiveError>
        do {
            listed = .success(try LayerOpening.isFolder(path) ? Archive(folderAt: path) : Archive(path: path))
        } catch {
            if case .cannotOpen = error { throw error }
            listed = .failure(error)
        }
        switch listed {
        case .success(let archive): return InspectReport(archive: archive)
        case .failure(let failure): return InspectReport(path: path, failure: failure)
        }
    }

    /// Whether the archive is unreadable or has anomalies (exit status 1).
    public var hasProblems: Bool {
        failure != nil || !(archive?.anomalies.isEmpty ?? true)
    }

    /// First path components with how many entries each holds, in order of first appearance.
    public var topLevel: [(name: String, entries: Int)] {
        archive.map(ListingTotals.topLevel) ?? []
    }
}

/// What `layerlint inspect` shows for the archives it was given: one report each, in layer
/// order, and for several, their merged `/opt`.
public struct InspectReports: Sendable {
    public let reports: [InspectReport]
    /// The merged view, when more than one archive was given.
    public let merged: MergedView?

    /// Opens each of `paths` and reports on it.
    ///
    /// - Throws: `ArchiveError.cannotOpen` when a file itself cannot be read.
    public init(paths: [String]) throws(ArchiveError) {
        reports = try paths.map { path throws(ArchiveError) in try InspectReport.make(path: path) }
        merged =
            reports.count > 1
            ? MergedView(reports.compactMap { report in report.image.map { (report.path, $0) } }) : nil
    }

    /// Whether an archive is unreadable or has anomalies (exit status 1).
    public var hasProblems: Bool { reports.contains { $0.hasProblems } }
}
