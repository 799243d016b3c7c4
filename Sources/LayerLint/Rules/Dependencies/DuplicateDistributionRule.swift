/// D006: one project installed twice (two versions, or two layers).
struct DuplicateDistributionRule: Rule {
    static let description = RuleDescription(
        id: "D006", name: "duplicate-distribution", defaultSeverity: .warning,
        summary: "One project is installed more than once: two versions, or the same one in two layers.",
        rationale: "Python imports the copy it finds first on sys.path; in one folder, two versions' files are merged "
            + "into a mix of both. Layers built separately often each carry urllib3 or six, and the function runs "
            + "whichever comes first, not the one its packages were resolved with.",
        fix: "build the layers from one pip install, or remove the copy that should not be there",
        fires: "urllib3 1.26.20 in one layer and urllib3 2.2.3 in another",
        passes: "each project once in the merged layers")

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let image = context.image
        var findings: [Finding] = []
        var first: [String: InstalledDistribution] = [:]
        for distribution in image.distributions {
            let archive = image.sources[distribution.source].path
            for earlier in distribution.replacedIn {
                findings.append(
                    Finding(
                        rule: Self.description,
                        message: "\(distribution.displayName) is also in \(image.sources[earlier].path); this "
                            + "layer's copy replaces it file by file, and the two may differ",
                        archive: archive, path: distribution.metadataPath))
            }
            guard let winner = first[distribution.normalizedName] else {
                first[distribution.normalizedName] = distribution
                continue
            }
            let winnerArchive = image.sources[winner.source].path
            let message: String
            if winner.searchFolder == distribution.searchFolder {
                message =
                    "\(distribution.displayName) and \(winner.displayName) (\(winnerArchive)) are both in "
                    + "\(winner.searchFolder): their files share one folder, so the code is a mix of the two"
            } else {
                message =
                    "\(distribution.displayName) is hidden by \(winner.displayName) in \(winner.searchFolder) "
                    + "(\(winnerArchive)), which comes first on sys.path"
            }
            findings.append(
                Finding(rule: Self.description, message: message, archive: archive, path: distribution.metadataPath))
        }
        return findings
    }
}
