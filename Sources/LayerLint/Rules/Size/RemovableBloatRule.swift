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
        // Most names are none of these; one byte scan rules them out before any splitting.
        guard mayBeBloat(name) else { return nil }
        let parts = name.split(separator: "/")
        guard let file = parts.last else { return nil }
        if parts.first == "__MACOSX" || file == ".DS_Store" { return "macOS Finder files" }
        if parts.contains("__pycache__") || file.hasSuffix(".pyc") { return "bytecode caches" }
        if parts.dropLast().contains(where: { $0 == "tests" || $0 == "test" }) && parts.count > 2 {
            return "test suites"
        }
        if file.hasSuffix(".a") { return "static libraries" }
        if parts.dropLast().contains(where: { $0 == "docs" || $0 == "doc" }) { return "documentation" }
        return nil
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
