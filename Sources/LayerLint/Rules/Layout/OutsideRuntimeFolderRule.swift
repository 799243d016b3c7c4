/// L001: importable code outside `python/`.
public struct OutsideRuntimeFolderRule: Rule {
    public static let description = RuleDescription(
        id: "L001", name: "outside-runtime-folder", defaultSeverity: .error,
        summary: "Python code or package metadata sits outside python/ (e.g. requests/ or site-packages/ at the root).",
        rationale: "Lambda extracts layers into /opt and Python imports only from /opt/python and "
            + "/opt/python/lib/pythonX.Y/site-packages; anything else is never found "
            + "(\"No module named 'requests'\").",
        fix: "install into a python/ folder and zip that folder: "
            + "pip install -t build/python requests && cd build && zip -r ../layer.zip python",
        fires: "requests/__init__.py at the root of the ZIP", passes: "python/requests/__init__.py",
        needsTarget: false)

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        context.readableLayers.flatMap { input, archive, layout in
            layout.groups.compactMap { group in
                guard case .outside(let topLevel) = group.placement else { return nil }
                let what =
                    topLevel.hasSuffix("/")
                    ? "\(topLevel) (\(TextFormatting.counted(group.files, "Python file")))" : topLevel
                let siteHint = topLevel == "site-packages/" ? "; its contents belong directly in python/" : ""
                return Finding(
                    rule: Self.description,
                    message: "\(what) is outside python/, so Python on Lambda never imports it\(siteHint)",
                    archive: input.path, path: topLevel)
            }
        }
    }
}
