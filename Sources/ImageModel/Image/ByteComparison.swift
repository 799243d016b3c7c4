#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte comparisons for the per-entry loops: `memcmp` instead of the generic
/// `elementsEqual` and `starts(with:)`, which walk iterators byte by byte.
extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether the bytes of `literal` occur at `offset`; `false` where they would run past
    /// either end.
    package func holds(_ literal: StaticString, at offset: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard offset >= 0, offset <= count - length else { return false }
        guard length > 0, let base = baseAddress else { return true }
        return memcmp(base + offset, literal.utf8Start, length) == 0
    }

    /// Whether the bytes start with `literal`.
    package func holdsPrefix(_ literal: StaticString) -> Bool { holds(literal, at: 0) }

    /// Whether the bytes end with `literal`.
    package func holdsSuffix(_ literal: StaticString) -> Bool { holds(literal, at: count - literal.utf8CodeUnitCount) }

    /// Whether both hold the same bytes.
    package func bytesEqual(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        count == other.count && bytesMatch(other, at: 0)
    }

    /// Whether the bytes start with `prefix`.
    package func bytesStart(with prefix: [UInt8]) -> Bool {
        prefix.count <= count && prefix.withUnsafeBufferPointer { bytesMatch($0, at: 0) }
    }

    /// Whether `other` occurs at `offset` (which must leave room for it).
    private func bytesMatch(_ other: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard let base = baseAddress, let start = other.baseAddress else { return other.isEmpty }
        return memcmp(base + offset, start, other.count) == 0
    }
}

extension String {
    /// Whether the string's UTF-8 bytes are `bytes`, compared in contiguous memory.
    package func utf8Equals(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.bytesEqual(bytes) } ?? utf8.elementsEqual(bytes)
    }
}
