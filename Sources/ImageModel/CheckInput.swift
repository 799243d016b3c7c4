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

    package init(
        path: String, role: Role, digest: FileDigest?, archive: Result<Archive, ArchiveError>,
        metadata: LayerVersionMetadata? = nil
    ) {
        self.path = path
        self.role = role
        self.digest = digest
        self.archive = archive
        self.metadata = metadata
    }

    /// The same input with its archive's local headers read (see `Archive.readingLocalHeaders()`).
    package func readingLocalHeaders() -> CheckInput {
        CheckInput(
            path: path, role: role, digest: digest, archive: archive.map { $0.readingLocalHeaders() },
            metadata: metadata)
    }

    /// The same input with matched layer metadata.
    package func with(metadata: LayerVersionMetadata?) -> CheckInput {
        CheckInput(path: path, role: role, digest: digest, archive: archive, metadata: metadata)
    }
}
