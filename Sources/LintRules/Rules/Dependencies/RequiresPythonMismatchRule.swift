import ImageModel
import PythonPackaging

/// D008: a distribution whose Requires-Python excludes the runtime's Python.
struct RequiresPythonMismatchRule: Rule {
    static let description = RuleDescription(
        id: "D008", name: "requires-python-mismatch", family: .dependencies, defaultSeverity: .error,
        summary: "A distribution's Requires-Python excludes the runtime's Python version.",
        rationale: "pip honours Requires-Python only for the Python it runs on; a layer built with Python 3.12 on a "
            + "laptop for a python3.9 function gets releases that use syntax or modules 3.9 does not have.",
        fix: "build the layer for the runtime's Python: pip install --target python --python-version 3.9 "
            + "--only-binary=:all: ...",
        fires: "requests 2.34.2 (Requires-Python >=3.10) in a layer for python3.9",
        passes: "the same layer for python3.11", needs: [.runtime],
        examples: [
            .fires(
                "a distribution that needs a newer Python",
                [.members(.distribution("pkg", "1.0", requiresPython: ">=3.13", files: ["pkg/__init__.py"]))],
                findings: ["error python/pkg-1.0.dist-info/METADATA"]),
            .passes(
                "one the runtime's Python satisfies",
                [.members(.distribution("pkg", "1.0", requiresPython: ">=3.9", files: ["pkg/__init__.py"]))]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let runtime = context.target.runtime, let python = context.python else { return [] }
        // A specifier that admits some patch release of X.Y is not a mismatch: Lambda runs a late patch.
        let candidates = ["\(python.version).0", "\(python.version).99"].compactMap { try? Version($0) }
        let image = context.image
        let installations = Installations(context)
        return image.distributions.compactMap { distribution in
            guard let metadata = distribution.metadata, let required = metadata.requiresPython,
                !candidates.contains(where: { required.contains($0, prereleases: true) })
            else { return nil }
            return Finding(
                rule: Self.description,
                message:
                    "\(distribution.displayName) requires Python \(metadata.requiresPythonText ?? required.description) "
                    + "but \(runtime.identifier) runs Python \(python.version)",
                archive: image.sources[distribution.source].path, path: distribution.metadataPath,
                fix: "install a release that supports Python \(python.version): pip install --target python "
                    + "--python-version \(python.version) --only-binary=:all: \(distribution.name)",
                repairs: installations.layerRepair(distribution, pinned: false))
        }
    }
}
