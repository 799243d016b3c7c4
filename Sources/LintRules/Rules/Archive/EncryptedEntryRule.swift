import ImageModel
import ZipArchive

/// Z006: encrypted members.
struct EncryptedEntryRule: Rule {
    static let description = RuleDescription(
        id: "Z006", name: "encrypted-entry", family: .archive, defaultSeverity: .error,
        summary: "An entry is encrypted (a password-protected ZIP).",
        rationale: "Lambda has no password: the layer cannot be extracted.",
        fix: "rebuild the ZIP without a password (no -e or -P for zip)",
        fires: "a ZIP made with zip -P secret", passes: "the same ZIP made without -P",
        examples: [
            .fires(
                "a ZIP made with zip -P", [.fixture("Fixtures/zip/infozip-encrypted.zip")],
                findings: ["error python/secret.py"]),
            .passes("the same files without a password", [.members([.file("python/six.py")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        AnomalyFindings.findings([.encryptedEntry], rule: Self.description, in: context)
    }
}
