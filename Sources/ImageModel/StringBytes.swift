/// String helpers shared by the rules and reports. The `utf8` tests are for the per-entry
/// loops over large archives, where Swift's Unicode-aware `hasPrefix` and `hasSuffix` cost
/// more than the work they guard.
extension String {
    /// Without leading and trailing spaces and tabs.
    package func strippingBlanks() -> String {
        let bytes = utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        // Blanks are ASCII, so the bounds found in bytes are character boundaries.
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return "" }
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return self }
        return String(Substring(bytes[first...last]))
    }

    /// Whether the UTF-8 bytes start with `prefix`.
    package func utf8HasPrefix(_ prefix: StaticString) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.holdsPrefix(prefix) }
            ?? Array(utf8).withUnsafeBufferPointer { $0.holdsPrefix(prefix) }
    }

    /// Whether the UTF-8 bytes end with `suffix`.
    package func utf8HasSuffix(_ suffix: StaticString) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.holdsSuffix(suffix) }
            ?? Array(utf8).withUnsafeBufferPointer { $0.holdsSuffix(suffix) }
    }
}
