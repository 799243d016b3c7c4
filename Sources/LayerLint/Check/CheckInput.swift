import LambdaPlatform
import ZipArchive

/// One file `check` was given, as the report lists it under `inputs`.
public struct CheckInput: Sendable {
    public enum Role: String, Sendable {
        case layer
        case functionPackage = "function"
    }

    public let path: String
    public let role: Role
    /// The file's SHA-256 (hex for the report, base64 to compare with Lambda's CodeSha256),
    /// or `nil` when it was not asked for (`--hash`) and no layer metadata had to be matched.
    public let digest: FileDigest?
    /// The archive, or why it could not be listed.
    public let archive: Result<Archive, ArchiveError>
    /// The layer-metadata file matched to this layer, if any.
    public let metadata: LayerVersionMetadata?

    init(
        path: String, role: Role, digest: FileDigest?, archive: Result<Archive, ArchiveError>,
        metadata: LayerVersionMetadata? = nil
    ) {
        self.path = path
        self.role = role
        self.digest = digest
        self.archive = archive
        self.metadata = metadata
    }

    /// Opens `path` (central directory and local headers) and, when `hashing`, hashes it;
    /// one input at a time, for tests. `check` opens its inputs through `LayerOpening`.
    ///
    /// - Throws: `CheckError` when the file cannot be read at all (a corrupt ZIP is not an
    ///   error here: it is reported, and will be finding Z001).
    static func load(path: String, role: Role, hashing: Bool = false) throws(CheckError) -> CheckInput {
        let archive = try LayerOpening.list(path)
        let digest = try hashing ? LayerOpening.digest(of: path) : nil
        return CheckInput(path: path, role: role, digest: digest, archive: archive.map { $0.readingLocalHeaders() })
    }

    /// The same input with its archive's local headers read (see `Archive.readingLocalHeaders()`).
    func readingLocalHeaders() -> CheckInput {
        CheckInput(
            path: path, role: role, digest: digest, archive: archive.map { $0.readingLocalHeaders() },
            metadata: metadata)
    }

    /// The same input with matched layer metadata.
    func with(metadata: LayerVersionMetadata?) -> CheckInput {
        CheckInput(path: path, role: role, digest: digest, archive: archive, metadata: metadata)
    }
}
