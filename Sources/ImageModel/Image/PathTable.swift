#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

import ZipArchive

/// A map from member names (UTF-8 paths) to where the file came from, built for the one
/// job the image has: tens of thousands of inserts, then lookups of paths that are often
/// made of two pieces (a folder and a name inside it).
///
/// A lookup hashes the pieces' bytes as if they were one string, so no joined path is ever
/// built, and compares bytes, not Unicode-normalized text: a ZIP holds bytes, and two names
/// that differ in bytes are two files on Lambda's file system.
package struct PathTable: Sendable {
    private var keys: [String] = []
    private var values: [LayerImage.Origin] = []
    private var hashes: [UInt64] = []
    /// Open addressing with linear probing: an index into `keys`, or -1 for an empty slot.
    private var slots: [Int32] = []
    /// Indexes of the keys in byte order, for prefix queries: made by `sortForPrefixQueries()`
    /// once the table is built (in the opening stage, so no query needs a lock), emptied by
    /// a change.
    private var order: [Int32] = []

    /// How many names the table holds.
    package var count: Int { keys.count }

    /// Reserves room for `count` names, so that building the table never rehashes.
    package mutating func reserveCapacity(_ count: Int) {
        keys.reserveCapacity(count)
        values.reserveCapacity(count)
        hashes.reserveCapacity(count)
        if Self.slotCount(for: count) > slots.count { rehash(slotCount: Self.slotCount(for: count)) }
    }

    /// Sets the value of `key`, returning the value it replaces.
    @discardableResult
    package mutating func updateValue(_ value: LayerImage.Origin, forKey key: String) -> LayerImage.Origin? {
        var key = key
        let hash = key.withUTF8 { Self.hash($0, UnsafeRawBufferPointer(start: nil, count: 0)) }
        if let index = key.withUTF8({ find($0, UnsafeBufferPointer(start: nil, count: 0), hash: hash).index }) {
            defer { values[index] = value }
            return values[index]
        }
        order = []
        if Self.slotCount(for: keys.count + 1) > slots.count { rehash(slotCount: Self.slotCount(for: keys.count + 1)) }
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
        slots[slot] = Int32(keys.count)
        keys.append(key)
        values.append(value)
        hashes.append(hash)
        return nil
    }

    /// The value of the name `prefix` + `rest`, or `nil`.
    package func value(prefix: Substring, rest: Substring = "") -> LayerImage.Origin? {
        var prefix = prefix
        var rest = rest
        return prefix.withUTF8 { head in
            rest.withUTF8 { tail in
                find(head, tail, hash: Self.hash(UnsafeRawBufferPointer(head), UnsafeRawBufferPointer(tail))).index
            }
        }
        .map { values[$0] }
    }

    /// The value of the name made of the bytes of `head` then `tail`, or `nil`.
    package func value(_ head: UnsafeBufferPointer<UInt8>, _ tail: UnsafeBufferPointer<UInt8>) -> LayerImage.Origin? {
        find(head, tail, hash: Self.hash(UnsafeRawBufferPointer(head), UnsafeRawBufferPointer(tail))).index
            .map { values[$0] }
    }

    /// Every name and value, in the order the names were first inserted.
    package var elements: Zip2Sequence<[String], [LayerImage.Origin]> { zip(keys, values) }

    /// Sorts the keys for `anyValue(withPrefix:)`; called when the table is complete.
    package mutating func sortForPrefixQueries() {
        order = (0..<Int32(keys.count)).sorted { keys[Int($0)].utf8.lexicographicallyPrecedes(keys[Int($1)].utf8) }
    }

    /// The value of some key that starts with `prefix` (the first in byte order), or nil: a
    /// binary search over the sorted keys, so that a query per distribution folder costs
    /// log n, not n (a table changed since it was sorted is searched key by key).
    package func anyValue(withPrefix prefix: Substring) -> LayerImage.Origin? {
        guard order.count == keys.count else {
            let match = keys.indices.filter { keys[$0].utf8.starts(with: prefix.utf8) }
                .min { keys[$0].utf8.lexicographicallyPrecedes(keys[$1].utf8) }
            return match.map { values[$0] }
        }
        var (low, high) = (0, order.count)
        while low < high {
            let middle = (low + high) / 2
            if keys[Int(order[middle])].utf8.lexicographicallyPrecedes(prefix.utf8) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low < order.count, keys[Int(order[low])].utf8.starts(with: prefix.utf8) else { return nil }
        return values[Int(order[low])]
    }

    private func find(_ head: UnsafeBufferPointer<UInt8>, _ tail: UnsafeBufferPointer<UInt8>, hash: UInt64)
        -> (index: Int?, slot: Int)
    {
        guard !slots.isEmpty else { return (nil, 0) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return (nil, slot) }
            if hashes[index] == hash && Self.equal(keys[index], head, tail) { return (index, slot) }
            slot = (slot + 1) & mask
        }
    }

    private static func equal(_ key: String, _ head: UnsafeBufferPointer<UInt8>, _ tail: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        let utf8 = key.utf8
        guard utf8.count == head.count + tail.count else { return false }
        return utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return head.isEmpty && tail.isEmpty }
            func same(_ offset: Int, _ part: UnsafeBufferPointer<UInt8>) -> Bool {
                guard let start = part.baseAddress else { return true }  // empty
                return memcmp(base + offset, start, part.count) == 0
            }
            return same(0, head) && same(head.count, tail)
        } ?? (utf8.prefix(head.count).elementsEqual(head) && utf8.dropFirst(head.count).elementsEqual(tail))
    }

    /// The keyed hash of the bytes of `head` then `tail` (names in a hostile layer cannot be
    /// chosen to collide in the low bits the probe sequence starts from).
    private static func hash(_ head: UnsafeRawBufferPointer, _ tail: UnsafeRawBufferPointer) -> UInt64 {
        var hash = KeyedHash()
        hash.add(head)
        hash.add(tail)
        return hash.finish()
    }

    private static func hash(_ head: UnsafeBufferPointer<UInt8>, _ tail: UnsafeRawBufferPointer) -> UInt64 {
        hash(UnsafeRawBufferPointer(head), tail)
    }

    /// Slots for `count` names: a power of two at least twice as many.
    private static func slotCount(for count: Int) -> Int {
        var slots = 16
        while slots < count * 2 { slots <<= 1 }
        return slots
    }

    private mutating func rehash(slotCount: Int) {
        slots = [Int32](repeating: -1, count: slotCount)
        let mask = slotCount - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}
