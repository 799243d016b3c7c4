import ImageModel
import ZipArchive

/// Z007: compression methods other than stored and deflate.
struct UnsupportedCompressionRule: Rule {
    static let description = RuleDescription(
        id: "Z007", name: "unsupported-compression", family: .archive, defaultSeverity: .error,
        summary: "An entry uses a compression method other than stored or deflate (bzip2, LZMA, Zstandard, ...).",
        rationale: "Only stored and deflate are read by every unzipper; extraction of other methods may fail.",
        fix: "rebuild the ZIP with deflate (zip's default; in Python, zipfile.ZIP_DEFLATED)",
        fires: "a ZIP written with zipfile.ZIP_BZIP2", passes: "the same files written with ZIP_DEFLATED",
        examples: [
            .fires(
                "members compressed with bzip2", [.fixture("Fixtures/zip/python-bzip2.zip")],
                findings: ["error python/bz.py"]),
            .passes("stored and deflated members", [.members([.file("python/six.py")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        AnomalyFindings.findings([.unsupportedCompression], rule: Self.description, in: context)
    }
}
