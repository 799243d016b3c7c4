/// Why an archive, or one of its members, could not be read.
///
/// Opening errors are split in two: `cannotOpen` means the file itself could not be read
/// (missing, a directory, no permission), which a command reports as a failure to run;
/// every other case means the bytes are not a readable ZIP, which is a finding about the input.
public enum ArchiveError: Error, Equatable, Sendable {
    /// The file could not be opened or read at all.
    case cannotOpen(path: String, reason: String)
    /// No end-of-central-directory record: not a ZIP, or cut off before its end.
    case notAZipArchive(path: String, reason: String)
    /// The end record points at a central directory that is not there or not well formed.
    case corruptCentralDirectory(path: String, reason: String)

    /// The member is encrypted; layerlint never decrypts.
    case encryptedEntry(name: String)
    /// The member uses a compression method other than stored (0) or deflate (8).
    case unsupportedCompression(name: String, method: UInt16)
    /// The member would inflate to more than the caller allowed.
    case entryTooLarge(name: String, size: UInt64, limit: Int)
    /// The member's bytes cannot be reached or decoded.
    case corruptEntry(name: String, reason: String)
    /// The inflated bytes do not have the CRC-32 the central directory records.
    case checksumMismatch(name: String, expected: UInt32, actual: UInt32)
}

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ArchiveError {
    /// Whether the error is about a member's data itself (invalid or cut-off deflate data, a
    /// wrong size or CRC-32), which `unzip -t` and Lambda's extraction reject, rather than
    /// about the archive's structure or a member layerlint chooses not to read.
    public var isCorruptData: Bool { dataProblem != nil }

    /// What is wrong with a member's data, without the member's name (for a report that
    /// names it already), or `nil` when the error is not about the data (`isCorruptData`).
    public var dataProblem: String? {
        switch self {
        case .corruptEntry(_, let reason): return reason
        case .checksumMismatch(_, let expected, let actual):
            return "its CRC-32 is \(hex32(actual)) but the central directory records \(hex32(expected))"
        default: return nil
        }
    }
}

extension ArchiveError: LocalizedError {
    public var errorDescription: String? { description }
}

extension ArchiveError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open \(path): \(reason)"
        case .notAZipArchive(let path, let reason):
            return "\(path) is not a readable ZIP archive: \(reason)"
        case .corruptCentralDirectory(let path, let reason):
            return "\(path) has a corrupt central directory: \(reason)"
        case .encryptedEntry(let name):
            return "\(name) is encrypted and cannot be read"
        case .unsupportedCompression(let name, let method):
            return "\(name) uses compression method \(method) (\(CompressionMethod.displayName(of: method))); "
                + "only stored and deflate can be read"
        case .entryTooLarge(let name, let size, let limit):
            return "\(name) would inflate to \(size) bytes, more than the limit of \(limit) bytes"
        case .corruptEntry(let name, let reason):
            return "\(name) cannot be read: \(reason)"
        case .checksumMismatch(let name, _, _):
            return "\(name) is corrupt: " + (dataProblem ?? "")
        }
    }
}

func hex32(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
