/// A structural oddity of an archive that did not stop it from being listed.
///
/// Anomalies are data: the reader reports them and keeps going, and the linter turns
/// them into findings. Each has a stable kebab-case `kind`, a sentence for a person, and
/// the entry it concerns when there is one.
public struct Anomaly: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        /// Two central-directory entries with the same name.
        case duplicateName = "duplicate-name"
        /// Two members whose bytes overlap (the overlapping-file zip bomb), or a member
        /// whose bytes run into the central directory.
        case overlappingEntries = "overlapping-entries"
        /// The local header says something else than the central directory.
        case localHeaderMismatch = "local-header-mismatch"
        /// No local header where the central directory says one is.
        case localHeaderMissing = "local-header-missing"
        /// A member's header or bytes lie past the end of the archive.
        case offsetOutOfBounds = "offset-out-of-bounds"
        /// The end record's entry count differs from the entries in the central directory.
        case entryCountMismatch = "entry-count-mismatch"
        /// The central directory is not exactly where, or as large as, the end record says.
        case centralDirectoryMisplaced = "central-directory-misplaced"
        /// The end record's comment length does not end at the end of the file.
        case commentLengthMismatch = "comment-length-mismatch"
        /// A ZIP64 locator whose record could not be found.
        case zip64RecordMissing = "zip64-record-missing"
        /// The archive claims to span several disks.
        case multiDisk = "multi-disk"
        /// A member is encrypted.
        case encryptedEntry = "encrypted-entry"
        /// A member uses a method other than stored or deflate.
        case unsupportedCompression = "unsupported-compression"
        /// An extra field whose length runs past the end of the extra data, or a ZIP64 or
        /// Unicode Path field that cannot be decoded.
        case corruptExtraField = "corrupt-extra-field"
        /// A name flagged as UTF-8 that is not valid UTF-8.
        case invalidName = "invalid-name"
        /// A stored member whose compressed and uncompressed sizes differ.
        case inconsistentSizes = "inconsistent-sizes"
        /// A member that inflates to far more than its compressed size.
        case suspiciousCompressionRatio = "suspicious-compression-ratio"
    }

    public let kind: Kind
    public let message: String
    /// The decoded name of the entry concerned, or `nil` for the archive as a whole.
    public let path: String?
    /// The central-directory index of the entry concerned.
    public let entryIndex: Int?

    public init(kind: Kind, message: String, path: String? = nil, entryIndex: Int? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.entryIndex = entryIndex
    }
}
