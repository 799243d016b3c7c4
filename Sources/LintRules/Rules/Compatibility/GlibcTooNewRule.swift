import ImageModel
import PythonPackaging

/// C004: native code needing a newer glibc than the runtime's operating system has.
struct GlibcTooNewRule: Rule {
    static let description = RuleDescription(
        id: "C004", name: "glibc-too-new", family: .compatibility, defaultSeverity: .error,
        summary: "Native code needs a newer glibc (ELF symbol versions, or a manylinux tag) than the runtime's "
            + "operating system provides (2.26 on Amazon Linux 2, 2.34 on Amazon Linux 2023).",
        rationale: "A wheel tagged manylinux_2_28, or a library compiled on a recent distribution, needs symbols "
            + "Amazon Linux 2 does not have: the import fails with \"version `GLIBC_2.28' not found\"."
            + NativeEvidence.weighing,
        fix: "reinstall the package from a wheel for an older glibc (each finding gives the pip command, with "
            + "--platform manylinux2014 and the version pinned), build on Amazon Linux, or move the function to a "
            + "runtime on Amazon Linux 2023 (python3.12 or later)",
        fires: "a library needing GLIBC_2.28 in a layer for python3.11 (glibc 2.26)",
        passes: "the same library for python3.12 (glibc 2.34)", needs: [.runtime, .nativeBinaries, .importModel],
        examples: [
            .fires(
                "a module needing GLIBC_2.28 for python3.11 (Amazon Linux 2, glibc 2.26)",
                [
                    .members(.importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-glibc2.28.so"))
                ],
                runtime: "python3.11", findings: ["error python/pkg/_core.abi3.so"]),
            .passes(
                "the same module for python3.12 (glibc 2.34)",
                [
                    .members(.importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-glibc2.28.so"))
                ]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let runtime = context.target.runtime, let ceiling = context.glibcCeiling else { return [] }
        let ceilingText = "\(ceiling.major).\(ceiling.minor)"
        let system = runtime.operatingSystem
        let evidence = NativeEvidence(context) { binary in
            guard let needed = binary.loaderNeeds?.glibc, (needed.major, needed.minor) > (ceiling.major, ceiling.minor)
            else { return nil }
            return "GLIBC_\(needed.major).\(needed.minor)"
        }
        return evidence.findings(
            Self.description, context,
            repairs: { [installations = Installations(context)] in
                NativeEvidence.reinstalling($0, context: context, installations: installations)
            }
        ) { group in
            "\(NativeEvidence.subject(group)) linked against \(group.builtFor)\(NativeEvidence.example(group)), "
                + "newer than the glibc \(ceilingText) of \(runtime.identifier)'s \(system): the import fails with "
                + "\"version `\(group.builtFor.split(separator: ",").first ?? "")' not found\""
        }
            + evidence.wheelFindings(Self.description, context) { distribution, wheel in
                // The wheel installs where its oldest manylinux tag does.
                let needs = wheel.tags.compactMap { tag -> (Int, Int)? in
                    if case .manylinux(let major, let minor, _) = tag.platformKind { return (major, minor) }
                    return nil
                }
                guard needs.count == wheel.tags.count, let oldest = needs.min(by: { $0 < $1 }),
                    oldest > (ceiling.major, ceiling.minor)
                else { return nil }
                return "\(distribution.displayName) is a wheel for glibc \(oldest.0).\(oldest.1) or newer "
                    + "(WHEEL tag \(wheel.tags[0])), but \(runtime.identifier)'s \(system) has glibc \(ceilingText)"
            }
    }
}
