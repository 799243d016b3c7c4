import ImageModel

/// D004: an importable package that no distribution's metadata describes.
struct MissingMetadataRule: Rule {
    static let description = RuleDescription(
        id: "D004", name: "missing-metadata", family: .dependencies, defaultSeverity: .warning,
        summary: "An importable package in a layer has no .dist-info (or .egg-info) describing it; an error when "
            + "importing it fails on a module nothing provides.",
        rationale: "A folder copied by hand (cp -r site-packages/requests python/) brings the code without its "
            + "metadata: nothing records its version or its dependencies, so neither layerlint nor pip can tell "
            + "what else it needs, and importlib.metadata.version() fails. Single-file modules (python/utils.py) are "
            + "taken to be the layer's own code and not reported. When importing the package fails because what it "
            + "imports was not copied with it (the hand-copied requests, which imports idna), it is an error that "
            + "names the missing modules.",
        fix: "replace the copy by a pip install of its project, so that its .dist-info comes along; each finding "
            + "gives the command where the project is known, else the command that finds it on the machine the "
            + "files were copied from",
        fires: "python/requests/ copied without requests-2.32.3.dist-info/",
        passes: "python/requests/ beside python/requests-2.32.3.dist-info/ (or a top_level.txt or RECORD naming it)",
        needs: [.importModel],
        examples: [
            .fires(
                "a package copied without its .dist-info", [.members([.file("python/requests/__init__.py")])],
                findings: ["warning python/requests/"]),
            .passes(
                "the package beside its .dist-info",
                [.members(.distribution("requests", "2.32.3", files: ["requests/__init__.py"]))]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let image = context.image
        return image.undescribedImportNames.compactMap { name in
            let source = image.sources[name.source]
            guard source.isLayer else { return nil }
            let what = name.kind == .extensionModule ? "extension module" : "package"
            if let (module, place) = context.imports.flatMap({ Self.missingImport(of: name.name, in: $0) }) {
                return Finding(
                    rule: Self.description, severity: .error,
                    message: "the \(what) \(name.name) has no .dist-info, and importing it fails: \(place) imports "
                        + "\(module), which nothing on the sys.path provides (what it needs was not copied with it)",
                    archive: source.path, path: name.path, fix: Self.fix(name, context: context))
            }
            return Finding(
                rule: Self.description,
                message: "the \(what) \(name.name) is on the sys.path, but no .dist-info describes it: its version and "
                    + "dependencies are unknown, so missing dependencies cannot be found",
                archive: source.path, path: name.path, fix: Self.fix(name, context: context))
        }
    }

    /// The module of another project whose absence makes importing `name` fail, with the
    /// statement that imports it (`python/requests/packages.py line 9`).
    static func missingImport(of name: String, in model: ImportModel) -> (module: String, place: String)? {
        guard let failure = model.module(name)?.failure else { return nil }
        let (links, cause) = model.chain(of: failure)
        guard case .notFound(let module, let foreign)? = cause, foreign.isEmpty,
            module.prefix(while: { $0 != "." }) != name, let last = links.last
        else { return nil }
        return (module, "\(last.file?.member ?? last.module) line \(last.line)")
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
