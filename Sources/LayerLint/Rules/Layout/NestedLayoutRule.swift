/// L003: `python/` one folder too deep.
struct NestedLayoutRule: Rule {
    static let description = RuleDescription(
        id: "L003", name: "nested-layout", defaultSeverity: .error,
        summary:
            "python/ is one folder too deep: build/python/..., python/python/..., or a whole virtualenv copied in.",
        rationale: "The ZIP's top level becomes /opt, so build/python/ ends up as /opt/build/python and "
            + "python/python/ as /opt/python/python, neither of which Python searches.",
        fix: "zip from inside the folder that holds python/: cd build && zip -r ../layer.zip python",
        fires: "build/python/requests/__init__.py, python/python/requests/__init__.py, or "
            + "python/venv/lib/python3.11/site-packages/requests/__init__.py",
        passes: "python/requests/__init__.py")

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        context.readableLayers.flatMap { input, archive, layout in
            layout.groups.compactMap { group -> Finding? in
                guard case .nested(let prefix, let kind) = group.placement else { return nil }
                let files = TextFormatting.counted(group.files, "Python file")
                let message: String
                let fix: String
                switch kind {
                case .parentFolder:
                    let parent = prefix.split(separator: "/").first.map(String.init) ?? prefix
                    message = "\(prefix) (\(files)) is extracted to /opt/\(prefix), not /opt/python/"
                    fix = "zip from inside \(parent)/: cd \(parent) && zip -r ../layer.zip python"
                case .doublePython:
                    message =
                        "python/python/ (\(files)) is extracted to /opt/python/python/, which Python does not search"
                    fix = "zip the inner folder: cd python && zip -r ../layer.zip python"
                case .virtualenv:
                    message =
                        "\(prefix) is a whole virtualenv (\(files)); only its site-packages would be importable, "
                        + "and not from there"
                    fix =
                        "install the packages directly: pip install -t build/python -r requirements.txt, then zip build/python"
                }
                return Finding(rule: Self.description, message: message, archive: input.path, path: prefix, fix: fix)
            }
        }
    }
}
