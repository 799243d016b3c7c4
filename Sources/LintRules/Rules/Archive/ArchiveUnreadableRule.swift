import ImageModel
import ZipArchive

/// Z001: the file is not a ZIP that can be listed.
struct ArchiveUnreadableRule: Rule {
    static let description = RuleDescription(
        id: "Z001", name: "archive-unreadable", family: .archive, defaultSeverity: .error,
        summary: "The file is not a readable ZIP archive (not a ZIP, truncated, a corrupt central directory), or a "
            + "member's data is corrupt (invalid deflate data, a wrong size or CRC-32).",
        rationale: "Lambda rejects the upload (\"Could not unzip uploaded file\"), or the layer cannot be extracted; "
            + "nothing in it will be importable. Members are checked in full with --verify (as unzip -t does); "
            + "without it, those layerlint reads anyway (metadata, binaries' headers).",
        fix: "rebuild the ZIP from the folder that holds python/: cd build && zip -r ../layer.zip python",
        fires: "a ZIP cut off by an interrupted download or copy (no end-of-central-directory record)",
        passes: "the same ZIP downloaded again in full",
        examples: [
            .fires(
                "a ZIP cut off in the middle (no end-of-central-directory record)",
                [.fixture("Fixtures/zip/hostile-truncated.zip")], findings: ["error -"]),
            .passes("a whole ZIP", [.members([.file("python/six.py", "# six\n")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let unreadable = context.layers.compactMap { input -> Finding? in
            guard case .failure(let error) = input.archive else { return nil }
            return Finding(rule: Self.description, message: error.description, archive: input.path, path: nil)
        }
        let corrupt = context.readableLayers.flatMap { layer in
            layer.corruptMembers.map { member in
                Finding(
                    rule: Self.description,
                    message:
                        "its data is corrupt: \(member.error.dataProblem ?? member.error.description); unzip -t and Lambda reject "
                        + "the archive",
                    archive: layer.input.path, path: layer.archive.entries[member.index].name,
                    fix: "rebuild the ZIP from the original files (cd build && zip -r ../layer.zip python), then test "
                        + "it: unzip -t layer.zip")
            }
        }
        return unreadable + corrupt
    }
}
