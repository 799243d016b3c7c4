import ImageModel

/// D007: a layer that bundles part of the runtime's own boto3 stack.
struct ShadowsRuntimeRule: Rule {
    static let description = RuleDescription(
        id: "D007", name: "shadows-runtime", family: .dependencies, defaultSeverity: .info,
        summary: "The layer bundles boto3, botocore, s3transfer, urllib3 or another package the runtime provides, "
            + "overriding the runtime's copy (a partial boto3/botocore/s3transfer set is a warning).",
        rationale: "Layers come before the runtime on sys.path, so a bundled copy wins. That is how you pin an SDK "
            + "version, and it costs size; but boto3 without its matching botocore (or the reverse) runs with the "
            + "runtime's other half, a pairing nobody tested.",
        fix: "bundle boto3, botocore and s3transfer together, or none of them: each finding gives the pip command that "
            + "adds the missing part in the version that matches the one in the layer",
        fires: "a layer with botocore 1.35 but not boto3 (warning); a layer with urllib3 (info)",
        passes: "a layer with none of the runtime's packages", needs: [.runtime],
        examples: [
            .fires(
                "botocore 1.35 without boto3",
                [.members(.distribution("botocore", "1.35.0", files: ["botocore/__init__.py"]))],
                findings: ["warning python/botocore-1.35.0.dist-info/METADATA"]),
            .fires(
                "urllib3, which the runtime has too",
                [.members(.distribution("urllib3", "2.2.3", files: ["urllib3/__init__.py"]))],
                findings: ["info python/urllib3-2.2.3.dist-info/METADATA"]),
            .passes(
                "none of the runtime's packages", [.members(.distribution("pkg", "1.0", files: ["pkg/__init__.py"]))]),
        ])

    static let sdk = ["boto3", "botocore", "s3transfer"]

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let python = context.python else { return [] }
        let image = context.image
        var findings: [Finding] = []
        for (index, source) in image.sources.enumerated() where source.isLayer {
            // Each project once, in its newest version there (a second copy is D006's finding).
            var bundled: [InstalledDistribution] = []
            for distribution in image.distributions
            where distribution.source == index && python.providedDistributions.contains(distribution.normalizedName) {
                guard let earlier = bundled.firstIndex(where: { $0.normalizedName == distribution.normalizedName })
                else {
                    bundled.append(distribution)
                    continue
                }
                if let newer = distribution.version, let older = bundled[earlier].version, older < newer {
                    bundled[earlier] = distribution
                }
            }
            guard let firstBundled = bundled.first else { continue }
            let names = bundled.map(\.displayName).joined(separator: ", ")
            let sdk = Self.sdk.filter { name in bundled.contains { $0.normalizedName == name } }
            let partial = !sdk.isEmpty && sdk.count < Self.sdk.count
            let missingSDK = Self.sdk.filter { !sdk.contains($0) }
            var message =
                "the layer bundles \(names), overriding the runtime's own copies in \(python.runtimePackagesPath)"
            if partial {
                message +=
                    "; it has \(sdk.joined(separator: " and ")) but not \(missingSDK.joined(separator: " or ")), "
                    + "so the runtime's \(missingSDK.joined(separator: " and ")) will run with it"
            }
            findings.append(
                Finding(
                    rule: Self.description, severity: partial ? .warning : .info, message: message,
                    archive: source.path, path: firstBundled.metadataPath,
                    fix: partial
                        ? Self.completion(of: bundled.filter { Self.sdk.contains($0.normalizedName) }, context: context)
                        : "nothing to do if you meant to pin these versions; otherwise leave them out of the layer"))
        }
        return findings
    }

    /// The command that completes a partial SDK: a clean reinstall of the parts the layer
    /// has, at their versions, with boto3 added where it is missing (pip then picks the boto3
    /// that accepts that botocore, and the s3transfer boto3 needs). Since 1.33, boto3 and
    /// botocore share their minor version, which keeps pip from trying every boto3 release.
    static func completion(of present: [InstalledDistribution], context: LintContext) -> String {
        var changing: [String: String] = [:]
        if !present.contains(where: { $0.normalizedName == "boto3" }) {
            changing["boto3"] = "boto3"
            if let botocore = present.first(where: { $0.normalizedName == "botocore" })?.version,
                botocore.release.count >= 2, botocore.release[0] == 1, botocore.release[1] >= 33
            {
                let minor = botocore.release[1]
                changing["boto3"] = "boto3>=1.\(minor),<1.\(minor + 1)"
            }
        }
        return "add what is missing in the matching version: "
            + CleanReinstall.command(present, changing: changing, context: context)
    }
}
