/// D004: an importable package that no distribution's metadata describes.
struct MissingMetadataRule: Rule {
    static let description = RuleDescription(
        id: "D004", name: "missing-metadata", defaultSeverity: .warning,
        summary: "An importable package in a layer has no .dist-info (or .egg-info) describing it.",
        rationale: "A folder copied by hand (cp -r site-packages/requests python/) brings the code without its "
            + "metadata: nothing records its version or its dependencies, so neither layerlint nor pip can tell "
            + "what else it needs, and importlib.metadata.version() fails. Single-file modules (python/utils.py) are "
            + "taken to be the layer's own code and not reported.",
        fix: "replace the copy by a pip install of its project, so that its .dist-info comes along; each finding "
            + "gives the command where the project is known, else the command that finds it on the machine the "
            + "files were copied from",
        fires: "python/requests/ copied without requests-2.32.3.dist-info/",
        passes: "python/requests/ beside python/requests-2.32.3.dist-info/ (or a top_level.txt or RECORD naming it)")

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let image = context.image
        return image.undescribedImportNames.compactMap { name in
            let source = image.sources[name.source]
            guard source.isLayer else { return nil }
            let what = name.kind == .extensionModule ? "extension module" : "package"
            return Finding(
                rule: Self.description,
                message: "the \(what) \(name.name) is importable, but no .dist-info describes it: its version and "
                    + "dependencies are unknown, so missing dependencies cannot be found",
                archive: source.path, path: name.path, fix: Self.fix(name, context: context))
        }
    }

    /// A clean install of the project where the import name says which one it is; else how
    /// to find the project where the files came from.
    static func fix(_ name: ImportName, context: LintContext) -> String {
        let folder = context.image.memberPath(name.folder, in: name.source)
        let copy = name.path.hasSuffix("/") ? String(name.path.dropLast()) : name.path
        guard let project = KnownProjects.requirement(importing: name.name, source: name.source, image: context.image)
        else {
            let lookup = KnownProjects.lookupCommand(importing: name.name)
            return "find the project that provides \(name.name) where the files were copied from (\(lookup) "
                + "prints it there), then replace \(copy) with a pip install of that project into \(folder); if it "
                + "is your own code, it needs no metadata"
        }
        return "replace the copy with an install of \(project): rm -rf \(PipCommand.shellQuoted(copy)) && "
            + PipCommand.install([project], target: folder, context: context, keepingInstalled: true)
    }
}
