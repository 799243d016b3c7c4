/// A hash of bytes fed in pieces (a name split in two hashes as the joined name does),
/// through Swift's `Hasher`: SipHash with a seed chosen per process, so that names in a
/// hostile archive cannot be chosen to collide, as they can for an unkeyed hash such as
/// FNV-1a. For the open-addressing tables of names (the duplicate-name check, the image's
/// path table), which compare equal hashes in full.
public struct KeyedHash {
    private var hasher = Hasher()

    public init() {}

    /// Adds the bytes of `bytes`.
    public mutating func add(_ bytes: UnsafeRawBufferPointer) { hasher.combine(bytes: bytes) }

    /// The hash of what was added.
    public func finish() -> UInt64 { UInt64(bitPattern: Int64(hasher.finalize())) }

    /// The hash of `bytes` alone.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = KeyedHash()
        hash.add(bytes)
        return hash.finish()
    }
}
