import ZipArchive

/// Files a layer could lose without changing what the function runs: bytecode caches, test
/// suites, documentation, static libraries and the files macOS Finder adds to a ZIP (S004
/// reports them). A query of the layer's listing; names are classified by their bytes.
package enum RemovableFiles {
    /// The bytes and files of each category in `archive` (regular members only). Bytecode
    /// with `keepingCacheTag` in its name (`.cpython-312.`, the runtime's own) is not counted:
    /// Lambda cannot write bytecode to /opt, so without it each cold start compiles again.
    package static func tally(_ archive: Archive, keepingCacheTag: String? = nil) -> [String: (total: UInt64, files: Int)] {
        var bytes: [String: (total: UInt64, files: Int)] = [:]
        archive.entries.forEachInPlace { entry in
            guard !entry.isDirectory, let category = category(of: entry.name) else { return }
            if category == "bytecode caches", let tag = keepingCacheTag, entry.name.contains(tag) { return }
            bytes[category, default: (0, 0)].total &+= entry.uncompressedSize
            bytes[category, default: (0, 0)].files += 1
        }
        return bytes
    }

    package static func category(of name: String) -> String? {
        // Most names are none of these; one byte scan rules them out before any other.
        guard mayBeBloat(name) else { return nil }
        var name = name
        return name.withUTF8 { bytes in
            // The name's non-empty components, one pass: the first, the last (the file), how
            // many, and which of the folders before the file are caches, tests or docs.
            var first: Range<Int>?
            var last: Range<Int>?
            var count = 0
            var inCache = false
            var inTests = false
            var inDocs = false
            func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
                range.count == literal.utf8CodeUnitCount && bytes.holds(literal, at: range.lowerBound)
            }
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                defer { start = index + 1 }
                guard index > start else { continue }
                if let folder = last {
                    inCache = inCache || equals(folder, "__pycache__")
                    inTests = inTests || equals(folder, "tests") || equals(folder, "test")
                    inDocs = inDocs || equals(folder, "docs") || equals(folder, "doc")
                }
                if first == nil { first = start..<index }
                last = start..<index
                count += 1
            }
            guard let first, let file = last else { return nil }
            let fileBytes = UnsafeBufferPointer(rebasing: bytes[file])
            if equals(first, "__MACOSX") || equals(file, ".DS_Store") { return "macOS Finder files" }
            if inCache || equals(file, "__pycache__") || fileBytes.holdsSuffix(".pyc") { return "bytecode caches" }
            if inTests && count > 2 { return "test suites" }
            if fileBytes.holdsSuffix(".a") { return "static libraries" }
            if inDocs { return "documentation" }
            return nil
        }
    }

    /// Whether `name` holds `__`, `.DS_Store`, `test` or `doc`, or ends in `.a` or `.pyc`:
    /// the names `category(of:)` could put in a category, found in one pass over the bytes.
    package static func mayBeBloat(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            for index in bytes.indices {
                switch bytes[index] {
                case UInt8(ascii: "_"): if bytes.holds("__", at: index) { return true }
                case UInt8(ascii: "."): if bytes.holds(".DS_Store", at: index) { return true }
                case UInt8(ascii: "t"): if bytes.holds("test", at: index) { return true }
                case UInt8(ascii: "d"): if bytes.holds("doc", at: index) { return true }
                default: break
                }
            }
            return bytes.holdsSuffix(".a") || bytes.holdsSuffix(".pyc")
        }
    }
}
