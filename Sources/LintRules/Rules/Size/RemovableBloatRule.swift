import ImageModel

/// S004: bytes a layer could lose without changing what the function runs.
struct RemovableBloatRule: Rule {
    static let description = RuleDescription(
        id: "S004", name: "removable-bloat", family: .size, defaultSeverity: .info,
        summary: "Tests, another Python's bytecode, __MACOSX/, .DS_Store, documentation and static libraries: "
            + "bytes that could go.",
        rationale: "Every byte counts against the 250 MB unzipped limit and the cold start's download; packages "
            + "ship their test suites, and Finder adds __MACOSX/ and .DS_Store to ZIPs it makes. Bytecode the "
            + "runtime's own Python compiled is not counted: Lambda cannot write to /opt, so without it every cold "
            + "start compiles the modules again (seconds for a package such as pandas). It works either way, so "
            + "this is information, never an error.",
        fix: "Finder files can go: zip -r layer.zip python -x '*/__MACOSX/*' '*.DS_Store'; another Python's "
            + "bytecode goes with layerlint fix (L006). Keep the __pycache__ of the runtime's own Python. Tests, "
            + "documentation and static libraries are listed in their distribution's RECORD, so leaving them out "
            + "makes D005 findings: drop them only when the size limit requires it, and keep the modules a package "
            + "imports",
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
            let tag = context.target.runtime?.python.map { ".cpython-" + $0.version.replacingOccurrences(of: ".", with: "") + "." }
            let bytes = RemovableFiles.tally(archive, keepingCacheTag: tag)
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
