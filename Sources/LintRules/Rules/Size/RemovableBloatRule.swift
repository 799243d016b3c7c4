import ImageModel

/// S004: bytes a layer could lose without changing what the function runs.
struct RemovableBloatRule: Rule {
    static let description = RuleDescription(
        id: "S004", name: "removable-bloat", defaultSeverity: .info,
        summary: "Tests, bytecode caches, __MACOSX/, .DS_Store, documentation and static libraries: bytes that "
            + "could go.",
        rationale: "Every byte counts against the 250 MB unzipped limit and the cold start's download; packages "
            + "ship their test suites, and Finder adds __MACOSX/ and .DS_Store to ZIPs it makes.",
        fix: "leave them out when zipping: zip -r layer.zip python -x '*/__pycache__/*' '*/tests/*' '*.a' "
            + "'*/__MACOSX/*' '*.DS_Store'",
        fires: "a layer with 3 MB of numpy/tests and pandas/tests",
        passes: "a layer of modules and their data files only")

    /// Report only when at least this much could go, or when there is Finder junk at all.
    static let threshold: UInt64 = 1 << 20

    init() {}

    static func category(of name: String) -> String? {
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
    static func mayBeBloat(_ name: String) -> Bool {
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

    func check(_ context: LintContext) -> [Finding] {
        context.readableLayers.compactMap { input, archive, _ in
            var bytes: [String: (total: UInt64, files: Int)] = [:]
            archive.entries.forEachInPlace { entry in
                guard !entry.isDirectory, let category = Self.category(of: entry.name) else { return }
                bytes[category, default: (0, 0)].total &+= entry.uncompressedSize
                bytes[category, default: (0, 0)].files += 1
            }
            let total = bytes.values.reduce(UInt64(0)) { $0 &+ $1.total }
            guard total >= Self.threshold || bytes["macOS Finder files"] != nil else { return nil }
            let parts = bytes.sorted { $0.value.total > $1.value.total }.map {
                "\($0.key) \(TextFormatting.grouped($0.value.total)) (\(TextFormatting.counted($0.value.files, "file")))"
            }
            return Finding(
                rule: Self.description,
                message: "\(TextFormatting.grouped(total)) of the \(TextFormatting.grouped(archive.uncompressedSize)) "
                    + "unzipped bytes could go: \(parts.joined(separator: ", "))",
                archive: input.path, path: nil)
        }
    }
}
