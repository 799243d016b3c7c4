import ImageModel

/// D005: a distribution whose metadata is missing or whose RECORD lists files the layers lack.
struct IncompleteDistributionRule: Rule {
    static let description = RuleDescription(
        id: "D005", name: "incomplete-distribution", family: .dependencies, defaultSeverity: .error,
        summary: "Files listed in a distribution's RECORD are missing from the layers, or its METADATA is missing.",
        rationale: "Trimming a layer by hand (deleting \"unneeded\" modules to fit the size limit) or a partial copy "
            + "leaves a package that imports until it reaches the deleted file. Compiled caches (.pyc) and files "
            + "outside the package's folder (console scripts in bin/) are not required.",
        fix: "reinstall the same version over it instead of deleting parts (each finding gives the pip command, "
            + "with --upgrade --force-reinstall --no-deps for the target)",
        fires: "urllib3's RECORD lists urllib3/fields.py, which the layer does not have",
        passes: "every file of RECORD present, with the __pycache__ folders removed", needs: [.installedFiles],
        examples: [
            .fires(
                "RECORD lists a module the layer does not have",
                [
                    .members(
                        .distribution(
                            "urllib3", "2.2.3", files: ["urllib3/__init__.py"], missing: ["urllib3/fields.py"]))
                ],
                findings: ["error python/urllib3-2.2.3.dist-info/RECORD"]),
            .passes(
                "every file of RECORD present (bytecode caches may go)",
                [
                    .members(
                        .distribution(
                            "urllib3", "2.2.3", files: ["urllib3/__init__.py", "urllib3/fields.py"],
                            missing: ["urllib3/__pycache__/fields.cpython-312.pyc"]))
                ]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let image = context.image
        var findings: [Finding] = []
        let installedTwice = image.installedTwice
        let installations = Installations(context)
        for distribution in image.distributions {
            let archive = image.sources[distribution.source].path
            let folderName = distribution.folder.split(separator: "/").last.map(String.init) ?? distribution.folder
            // A metadata file whose data is corrupt is Z001's finding (one cause, one finding).
            let metadataIsCorrupt = distribution.corruptMembers.contains { source, member in
                image.sources[source].archive.entries[member.index].name == distribution.metadataPath
            }
            if let problem = distribution.metadataProblem, !metadataIsCorrupt {
                findings.append(
                    Finding(
                        rule: Self.description,
                        message:
                            "\(folderName): \(problem); Python's importlib.metadata and pip cannot see \(distribution.name)",
                        archive: archive, path: distribution.metadataPath,
                        fix: "reinstall it: " + Self.reinstall(distribution, context: context),
                        repairs: installations.layerRepair(distribution, pinned: true)))
            }
            if let problem = distribution.recordProblem {
                findings.append(
                    Finding(
                        rule: Self.description, severity: .warning, message: "\(folderName): \(problem)",
                        archive: archive, path: distribution.recordPath))
            }
            // A second version in the same folder explains the missing files: D006 reports both.
            guard !installedTwice.contains(distribution.folder),
                let (listed, missing) = image.missingFiles(listedIn: distribution), !missing.isEmpty
            else { continue }
            let shown = missing.prefix(3).joined(separator: ", ") + (missing.count > 3 ? ", ..." : "")
            findings.append(
                Finding(
                    rule: Self.description,
                    message: "\(distribution.displayName): \(missing.count) of the \(listed) files its RECORD lists "
                        + "\(missing.count == 1 ? "is" : "are") missing: \(shown)",
                    archive: archive, path: distribution.recordPath,
                    fix: "reinstall it: " + Self.reinstall(distribution, context: context),
                        repairs: installations.layerRepair(distribution, pinned: true)))
        }
        return findings
    }

    /// The same version of `distribution` installed again over it, for the target, into its folder.
    static func reinstall(_ distribution: InstalledDistribution, context: LintContext) -> String {
        PipCommand.install(
            ["--force-reinstall", "--no-deps", distribution.pinnedRequirement],
            target: context.image.installFolder(of: distribution), context: context)
    }
}
