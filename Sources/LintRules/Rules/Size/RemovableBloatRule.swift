import ImageModel

/// S004: bytes a layer could lose without changing what the function runs.
struct RemovableBloatRule: Rule {
    static let description = RuleDescription(
        id: "S004", name: "removable-bloat", family: .size, defaultSeverity: .info,
        summary: "Tests, bytecode caches, __MACOSX/, .DS_Store, documentation and static libraries: bytes that "
            + "could go.",
        rationale: "Every byte counts against the 250 MB unzipped limit and the cold start's download; packages "
            + "ship their test suites, and Finder adds __MACOSX/ and .DS_Store to ZIPs it makes.",
        fix: "leave them out when zipping: zip -r layer.zip python -x '*/__pycache__/*' '*/tests/*' '*.a' "
            + "'*/__MACOSX/*' '*.DS_Store'",
        fires: "a layer with 3 MB of numpy/tests and pandas/tests",
        passes: "a layer of modules and their data files only",
        examples: [
            .fires(
                "the files macOS Finder adds to a ZIP",
                [.members([.file("python/six.py"), .file("__MACOSX/python/._six.py"), .file("python/.DS_Store")])],
                findings: ["info -"]),
            .passes(
                "modules and their data files only",
                [.members([.file("python/six.py"), .file("python/pkg/data.json")])]),
        ])

    /// Report only when at least this much could go, or when there is Finder junk at all.
    static let threshold: UInt64 = 1 << 20

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        context.readableLayers.compactMap { layer in
            let (input, archive) = (layer.input, layer.archive)
            let bytes = RemovableFiles.tally(archive)
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
