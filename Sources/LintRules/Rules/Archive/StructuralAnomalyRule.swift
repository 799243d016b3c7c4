import ImageModel
import ZipArchive

/// Z008: everything else that is structurally wrong with an archive that still lists.
struct StructuralAnomalyRule: Rule {
    static let description = RuleDescription(
        id: "Z008", name: "structural-anomaly", family: .archive, defaultSeverity: .error,
        summary: "The archive is structurally inconsistent: overlapping members, local headers that disagree with "
            + "the central directory, offsets past the end, a wrong entry count, a member of 1 MiB or more that "
            + "inflates over 1,000 times its compressed size (over 100 times from 256 MiB; deflate tops out near 1,032 "
            + "times, on long runs of one byte).",
        rationale: "Different extractors resolve such archives differently, so what Lambda extracts may not be what "
            + "you tested; overlapping members and extreme ratios are the marks of zip bombs.",
        fix: "rebuild the ZIP from the source folder with a standard tool (zip -r, or Python's shutil.make_archive)",
        fires: "two central-directory entries that share one local header (an overlapping-file bomb)",
        passes: "a ZIP written once by zip -r",
        examples: [
            .fires(
                "two entries sharing one local header (an overlapping-file bomb)",
                [.fixture("Fixtures/zip/hostile-overlap.zip")],
                findings: ["error python/b.py", "error python/b.py"]),
            .passes("a ZIP written once", [.members([.file("python/six.py")])]),
        ])

    static let kinds: Set<Anomaly.Kind> = Set(Anomaly.Kind.allCases).subtracting([
        .duplicateName, .encryptedEntry, .unsupportedCompression,
    ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        AnomalyFindings.findings(Self.kinds, rule: Self.description, in: context)
    }
}
