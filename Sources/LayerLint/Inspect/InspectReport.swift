import ImageModel
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

    /// A report on an archive that was listed.
    public init(archive: Archive) {
        self.path = archive.path
        self.archive = archive
        self.failure = nil
        self.image = LayerOpening.image(layers: [(archive.path, archive)], pythonVersion: nil)
        self.binaries = NativeScan.scan([(archive.path, archive)], detail: .dynamicSection).first ?? []
    }

    /// A report on an archive that could not be listed.
    public init(path: String, failure: ArchiveError) {
        self.path = path
        self.archive = nil
        self.failure = failure
        self.image = nil
        self.binaries = []
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
