import ImageModel
import ZipArchive

/// P001: files others cannot read.
struct UnreadableFileRule: Rule {
    static let description = RuleDescription(
        id: "P001", name: "unreadable-file", family: .permissions, defaultSeverity: .error,
        summary: "Files whose Unix mode does not let others read them.",
        rationale: "Lambda extracts layers and the function package keeping the modes in the ZIP and runs the "
            + "function as a user that owns none of the files: a module that is not world-readable (0600, 0640) "
            + "fails with Permission denied (a ZIP written by Python's zipfile.writestr gets 0600 unless told).",
        fix: "make the files world-readable before zipping: chmod -R o+rX python && zip -r layer.zip python",
        fires: "python/secret_config.py with mode 0600", passes: "mode 0644, or an archive without Unix modes",
        examples: [
            .fires(
                "a file only its owner can read", [.members([.file("python/secret.py", mode: 0o600)])],
                findings: ["error python/secret.py"]),
            .passes("a file everyone can read", [.members([.file("python/open.py", mode: 0o644)])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        // One finding per archive (a layer zipped with 0600 files has thousands), listing each;
        // the function package's code is read by the same user.
        let function = context.functionPackage.flatMap { input in (try? input.archive.get()).map { (input, $0) } }
        return (context.readableLayers.map { ($0.input, $0.archive) } + (function.map { [$0] } ?? [])).compactMap {
            input, archive in
            ModeFindings.finding(
                Self.description, input: input, archive: archive, kind: "files", action: ("read", "be read")
            ) { entry in
                entry.fileType == .regular && Entry.othersCannotRead(mode: entry.unixMode)
            }
        }
    }
}
