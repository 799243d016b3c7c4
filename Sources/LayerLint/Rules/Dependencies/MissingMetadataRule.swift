/// D004: an importable package that no distribution's metadata describes.
struct MissingMetadataRule: Rule {
    static let description = RuleDescription(
        id: "D004", name: "missing-metadata", defaultSeverity: .warning,
        summary: "An importable package in a layer has no .dist-info (or .egg-info) describing it.",
        rationale: "A folder copied by hand (cp -r site-packages/requests python/) brings the code without its "
            + "metadata: nothing records its version or its dependencies, so neither layerlint nor pip can tell "
            + "what else it needs, and importlib.metadata.version() fails. Single-file modules (python/utils.py) are "
            + "taken to be the layer's own code and not reported.",
        fix: "install it with pip (pip install --target python requests) so that its .dist-info comes along",
        fires: "python/requests/ copied without requests-2.32.3.dist-info/",
        passes: "python/requests/ beside python/requests-2.32.3.dist-info/ (or a top_level.txt or RECORD naming it)")

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let image = context.image
        let claimed = Set(image.distributions.flatMap(\.importNames))
        return image.importNames.compactMap { name in
            let source = image.sources[name.source]
            guard source.root == "/opt/", name.kind != .module, !claimed.contains(name.name) else { return nil }
            let what = name.kind == .extensionModule ? "extension module" : "package"
            return Finding(
                rule: Self.description,
                message: "the \(what) \(name.name) is importable, but no .dist-info describes it: its version and "
                    + "dependencies are unknown, so missing dependencies cannot be found",
                archive: source.path, path: name.path,
                fix: "install the project that provides \(name.name) with pip (pip install --target python PROJECT) "
                    + "instead of copying its files, so that its .dist-info comes along")
        }
    }
}
