import BinaryFormats
import ImageModel
import PythonPackaging

/// C001: native code or wheel tags for another CPU.
struct ArchitectureMismatchRule: Rule {
    static let description = RuleDescription(
        id: "C001", name: "architecture-mismatch", family: .compatibility, defaultSeverity: .error,
        summary: "Native code (ELF machine, or a wheel's platform tag) is for another CPU than the function's.",
        rationale: "A layer built on an x86_64 laptop for an arm64 (Graviton) function, or the reverse, holds "
            + "extension modules the function's Python cannot load; the import fails at the first cold start."
            + NativeEvidence.weighing,
        fix: "reinstall the package's wheel for the function's CPU (each finding gives the command: rm -rf of what "
            + "the package installed, then pip install --platform manylinux2014_aarch64 or manylinux2014_x86_64 "
            + "with the version pinned)",
        fires: "numpy's x86_64 .so files in a layer for an arm64 function",
        passes: "the same layer for an x86_64 function, or a pure-Python layer",
        needs: [.architecture, .nativeBinaries, .importModel],
        examples: [
            .fires(
                "an arm64 extension module, imported by its package, for an x86_64 function",
                [
                    .members(.importedExtension("python/pkg/_core.abi3.so", "elf-aarch64.so"))
                ],
                findings: ["error python/pkg/_core.abi3.so"]),
            .passes(
                "the same layer for an arm64 function",
                [
                    .members(.importedExtension("python/pkg/_core.abi3.so", "elf-aarch64.so"))
                ],
                architecture: "arm64"),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let target = context.target.architecture?.rawValue else { return [] }
        let evidence = NativeEvidence(context) { binary in
            guard case .elf(let header)? = binary.format, header.architecture != target else { return nil }
            return header.architecture
        }
        return evidence.findings(
            Self.description, context,
            repairs: { [installations = Installations(context)] in
                NativeEvidence.reinstalling($0, context: context, installations: installations)
            }
        ) { group in
            "\(NativeEvidence.subject(group)) built for \(group.builtFor)\(NativeEvidence.example(group)), but the "
                + "function runs on \(target): Python cannot load \(NativeEvidence.pronoun(group))"
        }
            + evidence.wheelFindings(Self.description, context) { distribution, wheel in
                let architectures = Set(
                    wheel.tags.compactMap { tag -> String? in
                        switch tag.platformKind {
                        case .manylinux(_, _, let architecture), .linux(let architecture),
                            .musllinux(_, _, let architecture):
                            return NativeEvidence.architecture(architecture)
                        default: return nil
                        }
                    })
                // Only when the tags name Linux CPUs, none of them the target's (pure wheels have `any`).
                guard !architectures.isEmpty, !architectures.contains(target),
                    !wheel.tags.contains(where: { $0.platformKind == .any })
                else { return nil }
                return "\(distribution.displayName) is a wheel for \(architectures.sorted().joined(separator: ", ")) "
                    + "(WHEEL tag \(wheel.tags[0])), but the function runs on \(target)"
            }
    }
}
