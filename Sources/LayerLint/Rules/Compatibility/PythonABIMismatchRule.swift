import PythonPackaging

/// C003: extension modules or wheel tags for another CPython.
public struct PythonABIMismatchRule: Rule {
    public static let description = RuleDescription(
        id: "C003", name: "python-abi-mismatch", defaultSeverity: .error,
        summary: "Extension modules tagged for another CPython (cpython-312 in a python3.11 layer, cp312 wheel tags, "
            + "free-threaded 313t, PyPy).",
        rationale: "CPython loads only extension modules built for its own minor version (or the stable ABI, abi3); "
            + "a cp312 wheel in a python3.11 layer is invisible, and the import fails with No module named ...",
        fix: "install for the runtime's Python: pip install --platform manylinux2014_x86_64 --only-binary=:all: "
            + "--python-version 3.11 --target python PACKAGE",
        fires: "python/pydantic_core/_pydantic_core.cpython-312-x86_64-linux-gnu.so for python3.11",
        passes: "cpython-311 modules for python3.11, or abi3 modules built for 3.8 or later", needs: .runtime)

    public static let readsNativeBinaries = true

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let runtime = context.target.runtime, let python = context.python else { return [] }
        var evidence = NativeEvidence()
        for (layer, binaries) in context.binaries.enumerated() {
            for binary in binaries {
                guard let name = binary.extensionName else { continue }
                if name.isPyPy {
                    evidence.add(layer: layer, binary: binary, builtFor: "PyPy")
                } else if let version = name.pythonVersion, version != python.version || name.isFreeThreaded {
                    evidence.add(
                        layer: layer, binary: binary,
                        builtFor: "CPython \(version)\(name.isFreeThreaded ? " (free-threaded)" : "")")
                }
            }
        }
        var findings = evidence.groups.map { group in
            Finding(
                rule: Self.description,
                message:
                    "\(NativeEvidence.subject(group)) built for \(group.builtFor)\(NativeEvidence.example(group)), but "
                    + "\(runtime.identifier) runs CPython \(python.version), which does not load \(NativeEvidence.pronoun(group))",
                archive: group.archive, path: group.files[0],
                fix: NativeEvidence.fix(group, context: context))
        }
        let runtimeMinor = Int(python.version.split(separator: ".").last ?? "") ?? 0
        for distribution in context.image.distributions where context.image.sources[distribution.source].root == "/opt/"
        {
            guard let wheel = distribution.wheel, !wheel.tags.isEmpty,
                !evidence.covers(layer: distribution.source, names: distribution.importNames)
            else { continue }
            // Loadable when some tag is pure (`none` ABI), or the runtime's ABI, or abi3 from an
            // earlier or equal version.
            let loadable = wheel.tags.contains { tag in
                if tag.abi == "none" { return true }
                if tag.isStableABI { return (tag.cpythonInterpreter?.minor ?? 0) <= runtimeMinor }
                guard let abi = tag.cpythonABI else { return true }
                return abi.major == 3 && abi.minor == runtimeMinor && !tag.isFreeThreadedABI
            }
            guard !loadable else { continue }
            findings.append(
                Finding(
                    rule: Self.description,
                    message: "\(distribution.displayName) is a wheel for \(wheel.tags[0].interpreter) (WHEEL tag "
                        + "\(wheel.tags[0])), but \(runtime.identifier) runs CPython \(python.version)",
                    archive: context.image.sources[distribution.source].path, path: distribution.wheelPath,
                    fix: NativeEvidence.pipLine(project: distribution.name, context: context)))
        }
        return findings
    }
}
