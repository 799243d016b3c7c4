/// String helpers shared by the rules and reports. The `utf8` tests are for the per-entry
/// loops over large archives, where Swift's Unicode-aware `hasPrefix` and `contains` cost more
/// than the work they guard.
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

    /// Whether the UTF-8 bytes contain `needle` (ASCII), without Foundation or String
    /// searching: the per-entry tests of large archives are hot loops.
    func utf8Contains(_ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0 else { return true }
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: count)
        return utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.count >= count else { return false }
            var index = 0
            let last = bytes.count - count
            while index <= last {
                if bytes[index] == pattern[0] && bytes[index..<(index + count)].elementsEqual(pattern) { return true }
                index += 1
            }
            return false
        }
            ?? Array(utf8).withUnsafeBufferPointer { bytes in
                bytes.count >= count
                    && (0...(bytes.count - count)).contains { bytes[$0..<($0 + count)].elementsEqual(pattern) }
            }
    }

    /// Whether the UTF-8 bytes start with `prefix` (ASCII).
    func utf8HasPrefix(_ prefix: StaticString) -> Bool {
        utf8.starts(with: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
    }

    /// Whether the UTF-8 bytes end with `suffix` (ASCII).
    func utf8HasSuffix(_ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        return utf8.count >= count
            && utf8.suffix(count).elementsEqual(UnsafeBufferPointer(start: suffix.utf8Start, count: count))
    }
}
