import Crypto
import Foundation

/// The SHA-256 of a file, in the two spellings layerlint needs.
public struct FileDigest: Equatable, Sendable {
    /// Lowercase hex, as in layerlint's JSON output.
    public let hex: String
    /// Base64, as Lambda's `CodeSha256` spells it.
    public let base64: String

    /// A digest made a piece at a time (a file read in chunks, so memory stays bounded for
    /// any size).
    public struct Hasher {
        private var hasher = SHA256()

        public init() {}

        public mutating func update(_ bytes: some DataProtocol) { hasher.update(data: bytes) }

        public func finalize() -> FileDigest { FileDigest(hasher.finalize()) }
    }

    /// The digest of bytes in memory.
    public static func sha256(of bytes: some DataProtocol) -> FileDigest {
        FileDigest(SHA256.hash(data: bytes))
    }

    private init(_ digest: SHA256.Digest) {
        let bytes = Array(digest)
        hex = bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
        base64 = Data(bytes).base64EncodedString()
    }
}

/// Pairs layer ZIPs with the layer-metadata files that describe them.
public enum LayerMatching {
    public struct Result: Equatable, Sendable {
        /// For each layer, by its index on the command line, the metadata that describes it.
        public var metadataByLayer: [Int: LayerVersionMetadata] = [:]
        /// Metadata whose `CodeSha256` is that of none of the layers: another ZIP, or one
        /// rebuilt since it was published.
        public var unmatched: [LayerVersionMetadata] = []
    }

    /// Matches by `Content.CodeSha256` (base64 of the ZIP's SHA-256) first; metadata without
    /// a digest (a `list-layer-versions` item) goes to the remaining layers in command-line
    /// order. Metadata whose digest no layer has is reported, never guessed onto a layer:
    /// it most likely describes a ZIP rebuilt since it was published.
    ///
    /// - Parameters:
    ///   - layerDigests: the base64 SHA-256 of each layer ZIP, in command-line order.
    ///   - metadata: the metadata files, in command-line order.
    public static func match(layerDigests: [String], metadata: [LayerVersionMetadata]) -> Result {
        var result = Result()
        var withoutDigest: [LayerVersionMetadata] = []
        for item in metadata {
            guard let digest = item.codeSha256 else {
                withoutDigest.append(item)
                continue
            }
            if let index = layerDigests.indices.first(where: {
                layerDigests[$0] == digest && result.metadataByLayer[$0] == nil
            }) {
                result.metadataByLayer[index] = item
            } else {
                result.unmatched.append(item)
            }
        }
        var free = layerDigests.indices.filter { result.metadataByLayer[$0] == nil }[...]
        for item in withoutDigest {
            guard let index = free.popFirst() else {
                result.unmatched.append(item)
                continue
            }
            result.metadataByLayer[index] = item
        }
        return result
    }
}
