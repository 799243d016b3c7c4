/// L002: the versioned site-packages folder of another Python, or `lib64/`.
struct WrongPythonPathRule: Rule {
    static let description = RuleDescription(
        id: "L002", name: "wrong-python-path", defaultSeverity: .error,
        summary:
            "Packages sit in python/lib/pythonX.Y/site-packages for a Python other than the runtime's, or in python/lib64/.",
        rationale: "Python searches only python/lib/pythonX.Y/site-packages with X.Y its own version, "
            + "and never lib64/; a layer built for python3.12 is invisible to a python3.11 function.",
        fix: "install with the runtime's Python version, or into python/ directly: "
            + "pip install -t build/python --python-version 3.11 --only-binary=:all: ...",
        fires: "python/lib/python3.12/site-packages/ in a layer for python3.11, or python/lib64/",
        passes: "python/lib/python3.11/site-packages/ for python3.11")

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let runtimeVersion = context.target.runtime?.python?.version
        return context.readableLayers.flatMap { input, archive, layout in
            layout.groups.compactMap { group -> Finding? in
                switch group.placement {
                case .lib64:
                    return Finding(
                        rule: Self.description,
                        message:
                            "python/lib64/ (\(TextFormatting.counted(group.files, "Python file"))) is never on sys.path; "
                            + "move its site-packages contents to python/",
                        archive: input.path, path: "python/lib64/")
                case .versionedSitePackages(let version):
                    // Without a target the version cannot be judged.
                    guard let runtimeVersion, version != runtimeVersion else { return nil }
                    return Finding(
                        rule: Self.description,
                        message: "python/lib/python\(version)/site-packages/ is searched only by Python \(version), "
                            + "but the runtime is Python \(runtimeVersion) (it looks in python/lib/python\(runtimeVersion)/site-packages/)",
                        archive: input.path, path: "python/lib/python\(version)/site-packages/")
                default:
                    return nil
                }
            }
        }
    }
}
