/// String helpers shared by the rules and reports. The `utf8` tests are for the per-entry
/// loops over large archives, where Swift's Unicode-aware `hasPrefix` and `hasSuffix` cost
/// more than the work they guard.
extension String {
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
