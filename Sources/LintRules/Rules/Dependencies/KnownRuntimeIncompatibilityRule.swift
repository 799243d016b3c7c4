import ImageModel
import PythonPackaging

/// D009: a version known to fail on the target runtime, from the runtime catalog.
struct KnownRuntimeIncompatibilityRule: Rule {
    static let description = RuleDescription(
        id: "D009", name: "known-runtime-incompatibility", family: .dependencies, defaultSeverity: .error,
        summary: "A distribution version known to break on the runtime (e.g. urllib3 2 where Python's OpenSSL is "
            + "older than 1.1.1), from the runtime catalog.",
        rationale: "Some failures depend on the runtime's build rather than on metadata: python3.8 and python3.9 "
            + "run on Amazon Linux 2 with OpenSSL 1.0.2, and urllib3 2 refuses to import there. The catalog "
            + "records each case with its source.",
        fix: "pin a compatible version, or move the function to a newer runtime",
        fires: "urllib3 2.2.3 in a layer for python3.9",
        passes: "urllib3 1.26.20 for python3.9, or urllib3 2.2.3 for python3.11", needs: [.runtime],
        examples: [
            .fires(
                "urllib3 2.2.3 for python3.9 (Amazon Linux 2's OpenSSL 1.0.2)",
                [.members(.distribution("urllib3", "2.2.3", files: ["urllib3/__init__.py"]))], runtime: "python3.9",
                findings: ["error python/urllib3-2.2.3.dist-info/METADATA"]),
            .passes(
                "urllib3 1.26.20 for python3.9",
                [.members(.distribution("urllib3", "1.26.20", files: ["urllib3/__init__.py"]))], runtime: "python3.9"),
            .passes(
                "urllib3 2.2.3 for python3.11",
                [.members(.distribution("urllib3", "2.2.3", files: ["urllib3/__init__.py"]))], runtime: "python3.11"),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let runtime = context.target.runtime, let python = context.python else { return [] }
        let image = context.image
        var findings: [Finding] = []
        for known in python.incompatibilities {
            guard let versions = try? SpecifierSet(known.versions),
                let distribution = image.distribution(named: known.distribution),
                let version = distribution.version, versions.contains(version, prereleases: true)
            else { continue }
            findings.append(
                Finding(
                    rule: Self.description,
                    message: "\(distribution.displayName) does not work on \(runtime.identifier): \(known.reason)",
                    archive: image.sources[distribution.source].path, path: distribution.metadataPath,
                    fix: known.fix))
        }
        return findings
    }
}
