import ZipArchive

extension LayerImage {
    /// The files `distribution`'s RECORD lists that the image lacks, and how many of its
    /// rows name a file that must be there (compiled bytecode and files outside the search
    /// folder need not be); `nil` without a RECORD. A METADATA already known to be missing
    /// is not counted again.
    package func missingFiles(listedIn distribution: InstalledDistribution) -> (listed: Int, missing: [String])? {
        guard let record = distribution.record else { return nil }
        var listed = 0
        var missing: [String] = []
        let reportedMetadata =
            distribution.metadataProblem == nil ? nil : sources[distribution.source].root + distribution.metadataPath
        let folder = distribution.searchFolder
        guard let (table, memberPrefix) = files.table(for: folder) else { return nil }
        memberPrefix.withUnsafeBufferPointer { prefix in
            // By index: only the path of each row is needed, read as bytes.
            for row in record.indices {
                var recorded = record[row].path
                let found = recorded.withUTF8 { bytes -> Bool? in
                    switch RecordPath.shape(of: bytes) {
                    case .ignored: return nil
                    case .plain where reportedMetadata == nil: return table.value(prefix, bytes) != nil
                    case .plain, .irregular:
                        guard let path = RecordPath.resolve(Substring(decoding: bytes, as: UTF8.self)) else {
                            return nil
                        }
                        if let reportedMetadata, folder + "/" + path == reportedMetadata { return nil }
                        return origin(of: path, in: folder) != nil
                    }
                }
                guard let found else { continue }
                listed += 1
                if !found { missing.append(String(recorded)) }
            }
        }
        return (listed, missing)
    }
}

extension LayerImage {
    /// The distribution whose RECORD lists the member `memberPath` of the archive `source`,
    /// or `nil`: which project installed a file (a loose `_cffi_backend.so` is cffi's).
    package func distribution(owning memberPath: String, in source: Int) -> InstalledDistribution? {
        let absolute = sources[source].root + memberPath
        return distributions.first { distribution in
            guard distribution.source == source, let record = distribution.record,
                absolute.hasPrefix(distribution.searchFolder + "/")
            else { return false }
            let relative = absolute.dropFirst(distribution.searchFolder.count + 1)
            return record.contains { RecordPath.resolve($0.path) == relative }
        }
    }
}

/// A path as a RECORD row writes it, relative to the distribution's search folder.
package enum RecordPath {
    package enum Shape { case plain, irregular, ignored }

    /// One pass over a RECORD path: `.ignored` when absolute or compiled bytecode (`.pyc`),
    /// `.plain` when a relative path with no `.`, `..` or empty segment and no `__pycache__`
    /// (as nearly every row is), `.irregular` otherwise (`resolve` decides).
    package static func shape(of bytes: UnsafeBufferPointer<UInt8>) -> Shape {
        guard let first = bytes.first else { return .irregular }
        if first == UInt8(ascii: "/") { return .ignored }
        let count = bytes.count
        if count >= 4, bytes[count - 4] == UInt8(ascii: "."), bytes[count - 3] == UInt8(ascii: "p"),
            bytes[count - 2] == UInt8(ascii: "y"), bytes[count - 1] == UInt8(ascii: "c")
        {
            return .ignored
        }
        var length = 0
        var dots = true
        for index in 0..<count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "/") {
                if length == 0 || (dots && length <= 2) { return .irregular }
                length = 0
                dots = true
                continue
            }
            if byte == UInt8(ascii: "_"), bytes.holds("__pycache__", at: index) { return .irregular }
            length += 1
            dots = dots && byte == UInt8(ascii: ".")
        }
        return length == 0 || (dots && length <= 2) ? .irregular : .plain
    }

    /// Whether a path has a `.`, `..` or empty segment.
    package static func hasDotOrEmptySegment(_ bytes: Substring.UTF8View) -> Bool {
        // The current segment's length, and whether it is all dots so far.
        var length = 0
        var dots = true
        for byte in bytes {
            if byte == UInt8(ascii: "/") {
                if length == 0 || (dots && length <= 2) { return true }
                length = 0
                dots = true
            } else {
                length += 1
                dots = dots && byte == UInt8(ascii: ".")
            }
        }
        return length == 0 || (dots && length <= 2)
    }

    /// A RECORD path made plain (relative to the distribution's search folder, without `.`
    /// or empty segments), or `nil` when the file need not be there: it leaves the folder
    /// (`../../bin/normalizer`), is absolute, or is compiled bytecode (`.pyc`, `__pycache__/`),
    /// which people rightly leave out.
    package static func resolve(_ recordPath: Substring) -> Substring? {
        let bytes = recordPath.utf8
        guard bytes.first != UInt8(ascii: "/"), !bytes.reversed().starts(with: "cyp.".utf8) else { return nil }
        // Fast path: a plain relative path (no "." or ".." segment, no empty one, no cache folder).
        if !bytes.isEmpty, !Self.hasDotOrEmptySegment(bytes), !Self.hasCacheSegment(bytes) {
            return recordPath
        }
        var parts: [Substring] = []
        for part in recordPath.split(separator: "/") {
            if part == "." { continue }
            if part == ".." || part == "__pycache__" { return nil }
            parts.append(part)
        }
        return parts.isEmpty ? nil : Substring(parts.joined(separator: "/"))
    }

    /// Whether the path contains `__pycache__`.
    package static func hasCacheSegment(_ bytes: Substring.UTF8View) -> Bool {
        let needle = "__pycache__".utf8
        var start = bytes.startIndex
        while let found = bytes[start...].firstIndex(of: UInt8(ascii: "_")) {
            if bytes[found...].starts(with: needle) { return true }
            start = bytes.index(after: found)
        }
        return false
    }
}
