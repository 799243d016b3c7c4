/// Z001: the file is not a ZIP that can be listed.
struct ArchiveUnreadableRule: Rule {
    static let description = RuleDescription(
        id: "Z001", name: "archive-unreadable", defaultSeverity: .error,
        summary: "The file is not a readable ZIP archive: not a ZIP, truncated, or with a corrupt central directory.",
        rationale: "Lambda rejects the upload, or the layer cannot be extracted; nothing in it will be importable.",
        fix: "rebuild the ZIP from the folder that holds python/: cd build && zip -r ../layer.zip python",
        fires: "a ZIP cut off by an interrupted download or copy (no end-of-central-directory record)",
        passes: "the same ZIP downloaded again in full")

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        context.layers.compactMap { input in
            guard case .failure(let error) = input.archive else { return nil }
            return Finding(rule: Self.description, message: error.description, archive: input.path, path: nil)
        }
    }
}
