/// String helpers shared by the rules and reports. The `utf8` tests are for the per-entry
/// loops over large archives, where Swift's Unicode-aware `hasPrefix` and `hasSuffix` cost
/// more than the work they guard.
extension String {
    /// Without leading and trailing spaces and tabs.
    func strippingBlanks() -> String {
        let bytes = utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        // Blanks are ASCII, so the bounds found in bytes are character boundaries.
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return "" }
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return self }
        return String(Substring(bytes[first...last]))
    }

    /// Whether the UTF-8 bytes start with `prefix` (ASCII).
    func utf8HasPrefix(_ prefix: StaticString) -> Bool {
        utf8Matches(prefix) { bytes, count in 0 }
    }

    /// Whether the UTF-8 bytes end with `suffix` (ASCII).
    func utf8HasSuffix(_ suffix: StaticString) -> Bool {
        utf8Matches(suffix) { bytes, count in bytes - count }
    }

    /// Whether `literal` occurs at the offset `start` gives (from the byte count and the
    /// literal's length), compared in the contiguous bytes: the generic comparisons of a
    /// `UTF8View` cost more than the per-entry tests they serve.
    private func utf8Matches(_ literal: StaticString, at start: (Int, Int) -> Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        let pattern = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard bytes.count >= count else { return false }
            let offset = start(bytes.count, count)
            for index in 0..<count where bytes[offset + index] != pattern[index] { return false }
            return true
        }
        return utf8.withContiguousStorageIfAvailable(matches) ?? Array(utf8).withUnsafeBufferPointer(matches)
    }
}
