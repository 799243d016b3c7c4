/// A ZIP archive opened for inspection: its central directory, parsed and checked.
///
/// Opening reads the end record, the central directory and each member's local header,
/// and nothing else; member data is read only on request, through `contents(of:)` and
/// `prefix(of:count:)`. Structural problems that still allow a listing are returned in
/// `anomalies`; an archive that cannot be listed at all throws.
public struct Archive: Sendable {
    /// The path the archive was opened from, or the name given for in-memory bytes.
    public let path: String
    /// Size of the whole file in bytes.
    public let fileSize: Int
    /// Central-directory entries, in central-directory order.
    public let entries: [Entry]
    public let anomalies: [Anomaly]
    public let comment: [UInt8]
    /// Whether a ZIP64 end record was found and used.
    public let isZip64: Bool
    /// Offset of the central directory in the file.
    public let centralDirectoryOffset: Int
    /// Size of the central directory as the end record states it.
    public let centralDirectorySize: UInt64
    /// The entry count the end record declares.
    public let declaredEntryCount: UInt64
    /// Bytes in front of the archive proper (a self-extractor stub) that shift every offset.
    public let prependedBytes: Int
    /// Whether every member's local header has been read: always, unless the archive was
    /// opened with `init(centralDirectoryAt:)` and `readingLocalHeaders()` was not called yet.
    public let hasReadLocalHeaders: Bool

    let storage: ByteStorage
    /// For a folder listed as an archive (`init(folderAt:)`): its root; `nil` for a ZIP.
    let folder: FolderListing?
    /// Where each member's data starts, by entry index, once the local headers are read;
    /// -1 where the local header is missing or out of bounds. Kept beside `entries`, not in
    /// them, so that reading the headers of a listing does not copy it.
    let dataOffsets: [Int]

    /// Opens the archive at `path`, read with positioned reads (see `ByteStorage`).
    ///
    /// - Throws: `ArchiveError.cannotOpen` when the file cannot be read at all; another
    ///   `ArchiveError` when it is not a ZIP or its central directory cannot be listed.
    public init(path: String) throws(ArchiveError) {
        self = try Archive(centralDirectoryAt: path).readingLocalHeaders()
    }

    /// Opens the archive at `path` reading its end record and central directory, but not
    /// yet its members' local headers, so that a caller with other work to do on the
    /// listing can have `readingLocalHeaders()` run on another thread meanwhile.
    ///
    /// Until then `anomalies` lacks the checks that need the local headers (duplicate
    /// names, header disagreements, overlaps, bounds, compression ratios) and each member
    /// read finds its data through its own local header.
    ///
    /// - Throws: the errors of `init(path:)`, which all come from the central directory.
    public init(centralDirectoryAt path: String) throws(ArchiveError) {
        try self.init(storage: ByteStorage.load(path: path), path: path)
    }

    /// Opens an archive held in memory; `name` is used in messages.
    public init(bytes: some Collection<UInt8>, name: String) throws(ArchiveError) {
        self = try Archive(centralDirectoryOf: bytes, name: name).readingLocalHeaders()
    }

    /// `init(centralDirectoryAt:)` for bytes held in memory (tests and the fuzzer).
    init(centralDirectoryOf bytes: some Collection<UInt8>, name: String) throws(ArchiveError) {
        try self.init(storage: ByteStorage(copying: bytes), path: name)
    }

    private init(storage: ByteStorage, path: String) throws(ArchiveError) {
        let view = ByteView(storage: storage)
        let end = try EndOfCentralDirectory.locate(in: view, path: path)
        let directory = try CentralDirectory(view: view, end: end, path: path)
        // Read with `pread`, a file that shrinks under the reader only reads short.
        guard !view.shortRead else {
            throw .corruptCentralDirectory(
                path: path, reason: "the file changed while it was read: it is shorter than when it was opened")
        }
        self.storage = storage
        self.folder = nil
        self.path = path
        self.fileSize = view.count
        self.entries = directory.entries
        self.anomalies = end.anomalies + directory.anomalies
        self.comment = end.comment
        self.isZip64 = end.zip64RecordOffset != nil
        self.centralDirectoryOffset = directory.offset
        self.centralDirectorySize = end.centralDirectorySize
        self.declaredEntryCount = end.totalEntries
        self.prependedBytes = directory.prependedBytes
        self.hasReadLocalHeaders = false
        self.dataOffsets = []
    }

    private init(_ archive: Archive, dataOffsets: [Int], anomalies: [Anomaly]) {
        self.storage = archive.storage
        self.folder = archive.folder
        self.path = archive.path
        self.fileSize = archive.fileSize
        self.entries = archive.entries
        self.dataOffsets = dataOffsets
        self.anomalies = anomalies
        self.comment = archive.comment
        self.isZip64 = archive.isZip64
        self.centralDirectoryOffset = archive.centralDirectoryOffset
        self.centralDirectorySize = archive.centralDirectorySize
        self.declaredEntryCount = archive.declaredEntryCount
        self.prependedBytes = archive.prependedBytes
        self.hasReadLocalHeaders = true
    }

    /// A listed folder (`init(folderAt:)`): its entries, no ZIP structure.
    init(folder: FolderListing, entries: [Entry], totalSize: UInt64) {
        self.storage = ByteStorage(copying: [UInt8]())
        self.folder = folder
        self.path = folder.root
        self.fileSize = Int(clamping: totalSize)
        self.entries = entries
        self.anomalies = []
        self.comment = []
        self.isZip64 = false
        self.centralDirectoryOffset = 0
        self.centralDirectorySize = 0
        self.declaredEntryCount = UInt64(entries.count)
        self.prependedBytes = 0
        self.hasReadLocalHeaders = true
        self.dataOffsets = []
    }

    /// The archive with every local header read: each entry knows where its data starts,
    /// and `anomalies` has the structural checks. Returns the archive itself when that was
    /// done already.
    public func readingLocalHeaders() -> Archive {
        guard !hasReadLocalHeaders else { return self }
        let structural = StructuralChecks.run(
            entries: entries, storage: storage, directoryOffset: centralDirectoryOffset,
            prependedBytes: prependedBytes)
        return Archive(self, dataOffsets: structural.dataOffsets, anomalies: anomalies + structural.anomalies)
    }

    /// Offset of the member's first data byte in the file, known once the local headers
    /// have been read (`nil` before, and for a member whose local header is missing or out
    /// of bounds).
    public func dataOffset(of entry: Entry) -> Int? {
        guard entry.index >= 0, entry.index < dataOffsets.count, dataOffsets[entry.index] >= 0 else { return nil }
        return dataOffsets[entry.index]
    }

    /// Sum of the entries' compressed sizes.
    public var compressedSize: UInt64 {
        entries.reduce(0) { $0 &+ $1.compressedSize }
    }

    /// Sum of the entries' declared uncompressed sizes (what extraction would write).
    public var uncompressedSize: UInt64 {
        entries.reduce(0) { $0 &+ $1.uncompressedSize }
    }
}
