import ImageModel

/// D006: one project installed twice (two versions, or two layers).
struct DuplicateDistributionRule: Rule {
    static let description = RuleDescription(
        id: "D006", name: "duplicate-distribution", family: .dependencies, defaultSeverity: .warning,
        summary: "One project is installed more than once: two versions, or the same one in two layers.",
        rationale: "Python imports the copy it finds first on sys.path; in one folder, two versions' files are merged "
            + "into a mix of both. Layers built separately often each carry urllib3 or six, and the function runs "
            + "whichever comes first, not the one its packages were resolved with.",
        fix: "build the layers from one pip install, or remove the copy that should not be there; for two versions "
            + "in one folder, the finding gives the command that removes both and installs the one whose files are there",
        fires: "urllib3 1.26.20 in one layer and urllib3 2.2.3 in another, or both in one folder after a second pip "
            + "install --upgrade --target",
        passes: "each project once in the merged layers",
        examples: [
            .fires(
                "urllib3 1.26.20 in one layer and 2.2.3 in another",
                [
                    .members(.distribution("urllib3", "1.26.20", files: ["urllib3/__init__.py"])),
                    .members(.distribution("urllib3", "2.2.3", files: ["urllib3/__init__.py"])),
                ],
                findings: ["warning python/urllib3-2.2.3.dist-info/METADATA"]),
            .passes(
                "each project once in the merged layers",
                [
                    .members(.distribution("urllib3", "2.2.3", files: ["urllib3/__init__.py"])),
                    .members(.distribution("six", "1.16.0", files: ["six.py"])),
                ]),
        ])

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
                        archive: archive, path: distribution.metadataPath,
                        subject: image.sources[earlier].path.split(separator: "/").last.map(String.init)))
            }
            guard let winner = first[distribution.normalizedName] else {
                first[distribution.normalizedName] = distribution
                continue
            }
            let winnerArchive = image.sources[winner.source].path
            if winner.searchFolder == distribution.searchFolder, winner.source == distribution.source {
                findings.append(Self.installedTwice(winner, distribution, context: context))
                continue
            }
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

    /// Two versions of one project in one folder of one layer: a second `pip install
    /// --upgrade --target` replaced the package's files and left the old `.dist-info`. One
    /// finding, with what follows from it (the stale RECORD's missing files, which D005 then
    /// leaves to this rule), and a fix that removes both and installs the one whose files
    /// are there.
    static func installedTwice(
        _ first: InstalledDistribution, _ second: InstalledDistribution, context: LintContext
    ) -> Finding {
        let image = context.image
        let missing = [first, second].map { image.missingFiles(listedIn: $0)?.missing ?? [] }
        // The stale one: the one whose RECORD lists files that are gone, else the older.
        let staleIndex: Int
        if missing[0].isEmpty != missing[1].isEmpty {
            staleIndex = missing[0].isEmpty ? 1 : 0
        } else if let a = first.version, let b = second.version {
            staleIndex = a < b ? 0 : 1
        } else {
            staleIndex = 0
        }
        let stale = staleIndex == 0 ? first : second
        let kept = staleIndex == 0 ? second : first
        let folder = image.installFolder(of: kept)
        var message =
            "\(kept.name) is installed twice in \(folder)/ (\(stale.versionText ?? "?") and "
            + "\(kept.versionText ?? "?")): a second pip install --upgrade --target replaced its files but left "
            + "\(stale.name)-\(stale.versionText ?? "?")'s metadata behind"
        let gone = missing[staleIndex]
        if gone.isEmpty {
            message += "; importlib.metadata, pip and layerlint may report either version"
        } else {
            let shown = gone.prefix(2).joined(separator: ", ") + (gone.count > 2 ? ", ..." : "")
            message +=
                ", whose RECORD lists \(TextFormatting.counted(gone.count, "file")) that are gone (\(shown)); the "
                + "files are \(kept.displayName)'s, but importlib.metadata, pip and layerlint may report either version"
        }
        let archive = image.sources[kept.source].path
        return Finding(
            rule: description, message: message, archive: archive, path: stale.metadataPath,
            fix: "remove both and install \(kept.displayName) once: "
                + CleanReinstall.command(
                    [kept], alsoRemoving: [image.memberPath(stale.folder, in: stale.source)], context: context),
            paths: [stale.metadataPath, kept.metadataPath])
    }
}
