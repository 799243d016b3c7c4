/// L001: importable code outside `python/`.
struct OutsideRuntimeFolderRule: Rule {
    static let description = RuleDescription(
        id: "L001", name: "outside-runtime-folder", defaultSeverity: .error,
        summary: "Python code or package metadata sits outside python/ (e.g. requests/ or site-packages/ at the root).",
        rationale: "Lambda extracts layers into /opt and Python imports only from /opt/python and "
            + "/opt/python/lib/pythonX.Y/site-packages; anything else is never found "
            + "(\"No module named 'requests'\").",
        fix: "install into a python/ folder and zip that folder: "
            + "pip install -t build/python requests && cd build && zip -r ../layer.zip python",
        fires: "requests/__init__.py at the root of the ZIP", passes: "python/requests/__init__.py")

    init() {}

    /// More top-level items than this outside python/ are reported as one finding: the ZIP
    /// was made from inside the install folder, and one finding per package would bury the cause.
    static let groupingThreshold = 3

    func check(_ context: LintContext) -> [Finding] {
        context.readableLayers.flatMap { input, archive, layout -> [Finding] in
            let outside = layout.groups.compactMap { group -> (topLevel: String, files: Int)? in
                guard case .outside(let topLevel) = group.placement else { return nil }
                return (topLevel, group.files)
            }
            if outside.count > Self.groupingThreshold {
                let names = outside.map(\.topLevel).sorted()
                let files = outside.reduce(0) { $0 + $1.files }
                return [
                    Finding(
                        rule: Self.description,
                        message: "\(outside.count) top-level items with Python code are outside python/ "
                            + "(\(names.prefix(4).joined(separator: ", ")), and \(names.count - 4) more; "
                            + "\(TextFormatting.counted(files, "Python file"))), so Python on Lambda never imports "
                            + "them: the ZIP was made from inside the install folder",
                        archive: input.path, path: names[0])
                ]
            }
            return outside.map { topLevel, files in
                let what =
                    topLevel.hasSuffix("/") ? "\(topLevel) (\(TextFormatting.counted(files, "Python file")))" : topLevel
                let siteHint = topLevel == "site-packages/" ? "; its contents belong directly in python/" : ""
                return Finding(
                    rule: Self.description,
                    message: "\(what) is outside python/, so Python on Lambda never imports it\(siteHint)",
                    archive: input.path, path: topLevel)
            }
        }
    }
}
