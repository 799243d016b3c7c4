import ImageModel
import ZipArchive

/// P002: directories others cannot enter.
struct UntraversableDirectoryRule: Rule {
    static let description = RuleDescription(
        id: "P002", name: "untraversable-directory", family: .permissions, defaultSeverity: .error,
        summary: "Directories whose Unix mode does not let others enter them.",
        rationale: "A folder without the execute bit for others (0700, 0750) hides everything below it from the "
            + "function's user: imports from it fail with Permission denied.",
        fix: "chmod -R o+rX python before zipping",
        fires: "python/vendor/ with mode 0700", passes: "mode 0755",
        examples: [
            .fires(
                "a folder others cannot enter",
                [.members([.folder("python/pkg/", mode: 0o700), .file("python/pkg/a.py")])],
                findings: ["error python/pkg/"]),
            .passes("a folder with 0755", [.members([.folder("python/pkg/", mode: 0o755), .file("python/pkg/a.py")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        // One finding per archive (a layer zipped with 0600 files has thousands), listing each.
        context.readableLayers.compactMap { layer in
            ModeFindings.finding(
                Self.description, input: layer.input, archive: layer.archive, kind: "directories",
                action: ("enter", "be entered")
            ) { entry in entry.isDirectory && (entry.unixMode.map { $0 & 0o001 == 0 } ?? false) }
        }
    }
}
