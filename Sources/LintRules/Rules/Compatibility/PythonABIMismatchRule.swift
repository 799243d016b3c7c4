import ImageModel
import PythonPackaging

/// C003: extension modules or wheel tags for another CPython.
struct PythonABIMismatchRule: Rule {
    static let description = RuleDescription(
        id: "C003", name: "python-abi-mismatch", family: .compatibility, defaultSeverity: .error,
        summary: "Extension modules tagged for another CPython (cpython-312 in a python3.11 layer, cp312 wheel tags, "
            + "free-threaded 313t, PyPy).",
        rationale: "CPython loads only extension modules built for its own minor version (or the stable ABI, abi3); "
            + "a cp312 wheel in a python3.11 layer is invisible, and the import fails with No module named ..."
            + NativeEvidence.weighing,
        fix: "reinstall the package's wheel for the runtime's Python (each finding gives the command: rm -rf of "
            + "what the package installed, then pip install --python-version X.Y of the runtime, version pinned)",
        fires: "python/pydantic_core/_pydantic_core.cpython-312-x86_64-linux-gnu.so for python3.11",
        passes: "cpython-311 modules for python3.11, or abi3 modules built for 3.8 or later",
        needs: [.runtime, .nativeBinaries, .importModel],
        examples: [
            .fires(
                "a cpython-312 extension module for python3.11",
                [
                    .members(
                        .importedExtension(
                            "python/pkg/_core.cpython-312-x86_64-linux-gnu.so", "elf-x86_64-glibc2.2.5.so"))
                ],
                runtime: "python3.11", findings: ["error python/pkg/_core.cpython-312-x86_64-linux-gnu.so"]),
            .passes(
                "a cpython-311 module for python3.11",
                [
                    .members(
                        .importedExtension(
                            "python/pkg/_core.cpython-311-x86_64-linux-gnu.so", "elf-x86_64-glibc2.2.5.so"))
                ],
                runtime: "python3.11"),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let runtime = context.target.runtime, let python = context.python else { return [] }
        let evidence = NativeEvidence(context) { binary in
            guard let name = binary.extensionName else { return nil }
            if name.isPyPy { return "PyPy" }
            guard let version = name.pythonVersion, version != python.version || name.isFreeThreaded else { return nil }
            return "CPython \(version)\(name.isFreeThreaded ? " (free-threaded)" : "")"
        }
        let runtimeMinor = Int(python.version.split(separator: ".").last ?? "") ?? 0
        return evidence.findings(
            Self.description, context,
            repairs: { [installations = Installations(context)] in
                NativeEvidence.reinstalling($0, context: context, installations: installations)
            }
        ) { group in
            "\(NativeEvidence.subject(group)) built for \(group.builtFor)\(NativeEvidence.example(group)), but "
                + "\(runtime.identifier) runs CPython \(python.version), which does not load \(NativeEvidence.pronoun(group))"
        }
            + evidence.wheelFindings(Self.description, context) { distribution, wheel in
                // Loadable when some tag is pure (`none` ABI), or the runtime's ABI, or abi3 from an
                // earlier or equal version.
                let loadable = wheel.tags.contains { tag in
                    if tag.abi == "none" { return true }
                    if tag.isStableABI { return (tag.cpythonInterpreter?.minor ?? 0) <= runtimeMinor }
                    guard let abi = tag.cpythonABI else { return true }
                    return abi.major == 3 && abi.minor == runtimeMinor && !tag.isFreeThreadedABI
                }
                guard !loadable else { return nil }
                return "\(distribution.displayName) is a wheel for \(wheel.tags[0].interpreter) (WHEEL tag "
                    + "\(wheel.tags[0])), but \(runtime.identifier) runs CPython \(python.version)"
            }
    }
}
