import ZipArchive

/// Totals over one archive's listing for `inspect`: bytes per package and entries per
/// first path component. Names are compared as bytes, in place.
package enum ListingTotals {
    /// Files and bytes per package folder (`python/requests/`), largest first.
    package static func packageSizes(_ archive: Archive) -> [(
        name: String, files: Int, uncompressed: UInt64, compressed: UInt64
    )] {
        var totals: [String: (files: Int, uncompressed: UInt64, compressed: UInt64)] = [:]
        // A package's members come together: its running total is kept in hand until the
        // package changes, so the dictionary is touched once per run, not once per entry.
        var current: (name: String, files: Int, uncompressed: UInt64, compressed: UInt64)?
        func flush() {
            guard let current else { return }
            let known = totals[current.name, default: (0, 0, 0)]
            totals[current.name] = (
                known.files + current.files, known.uncompressed &+ current.uncompressed,
                known.compressed &+ current.compressed
            )
        }
        archive.entries.forEachInPlace { entry in
            guard !entry.isDirectory else { return }
            var name = entry.name
            name.withUTF8 { bytes in
                let package = UnsafeBufferPointer(rebasing: bytes[..<PackagePath.prefixLength(of: bytes)])
                if let known = current?.name, known.utf8Equals(package) {
                    current?.files += 1
                    current?.uncompressed &+= entry.uncompressedSize
                    current?.compressed &+= entry.compressedSize
                } else {
                    flush()
                    current = (
                        String(decoding: package, as: UTF8.self), 1, entry.uncompressedSize, entry.compressedSize
                    )
                }
            }
        }
        flush()
        return totals.map { ($0.key, $0.value.files, $0.value.uncompressed, $0.value.compressed) }
            .sorted { ($0.uncompressed, $1.name) > ($1.uncompressed, $0.name) }
    }

    /// First path components with how many entries each holds, in order of first appearance.
    package static func topLevel(_ archive: Archive) -> [(name: String, entries: Int)] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        // Runs of entries under one first component are counted before the dictionary is touched.
        var current: (name: String, entries: Int)?
        func flush() {
            guard let current else { return }
            if counts[current.name] == nil { order.append(current.name) }
            counts[current.name, default: 0] += current.entries
        }
        archive.entries.forEachInPlace { entry in
            var name = entry.name
            name.withUTF8 { bytes in
                let end = bytes.firstIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? bytes.count
                let first = UnsafeBufferPointer(rebasing: bytes[..<end])
                if let known = current?.name, known.utf8Equals(first) {
                    current?.entries += 1
                } else {
                    flush()
                    current = (String(decoding: first, as: UTF8.self), 1)
                }
            }
        }
        flush()
        return order.map { ($0, counts[$0] ?? 0) }
    }
}
