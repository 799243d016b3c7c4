import ImageModel
import ZipArchive

/// Z004: the same name twice.
struct DuplicateEntryRule: Rule {
    static let description = RuleDescription(
        id: "Z004", name: "duplicate-entry", family: .archive, defaultSeverity: .warning,
        summary: "The same entry name appears more than once in the archive.",
        rationale: "Which copy ends up in /opt depends on the extractor, so the layer may not contain what "
            + "was tested; it usually means a build step appended to an old ZIP.",
        fix: "delete the ZIP and build it again from scratch instead of updating it (zip -r adds to an existing file)",
        fires: "python/dup.py stored twice with different contents",
        passes: "every name stored once",
        examples: [
            .fires(
                "one name stored twice with different contents",
                [.members([.file("python/dup.py", "A = 1\n"), .file("python/dup.py", "A = 2\n")])],
                findings: ["warning python/dup.py"]),
            .passes("every name once", [.members([.file("python/a.py"), .file("python/b.py")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        AnomalyFindings.findings([.duplicateName], rule: Self.description, in: context)
    }
}
