import ZipArchive

extension Array where Element == Entry {
    /// Calls `body` with each entry in order, borrowed in place.
    ///
    /// `for entry in entries` copies each entry, retaining and releasing its four buffers;
    /// over the tens of thousands of entries of a large layer, once per rule, that cost more
    /// than the tests themselves.
    func forEachBorrowed(_ body: (borrowing Entry) -> Void) {
        withUnsafeBufferPointer { buffer in
            for index in buffer.indices { body(buffer[index]) }
        }
    }

    /// The indexes of the entries for which `isIncluded` holds, each tested in place.
    func indices(where isIncluded: (borrowing Entry) -> Bool) -> [Int] {
        withUnsafeBufferPointer { buffer in buffer.indices.filter { isIncluded(buffer[$0]) } }
    }
}
