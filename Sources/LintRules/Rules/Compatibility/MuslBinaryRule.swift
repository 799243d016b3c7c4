import ImageModel
import PythonPackaging

/// C005: binaries for musl libc (Alpine), which Lambda does not use.
struct MuslBinaryRule: Rule {
    static let description = RuleDescription(
        id: "C005", name: "musl-binary", family: .compatibility, defaultSeverity: .error,
        summary: "Native code built for musl libc (Alpine Linux, musllinux wheels).",
        rationale: "Lambda's operating systems use glibc; a layer built in an Alpine container holds modules that "
            + "need libc.musl-*.so.1 and fail to load."
            + NativeEvidence.weighing,
        fix: "reinstall the package from a glibc (manylinux) wheel (each finding gives the pip command), or build "
            + "in an Amazon Linux container instead of Alpine",
        fires: "an extension module needing libc.musl-x86_64.so.1, or a musllinux_1_2 wheel",
        passes: "manylinux wheels", needs: [.nativeBinaries, .importModel],
        examples: [
            .fires(
                "an extension module built for musl libc",
                [
                    .members(.importedExtension("python/pkg/_core.abi3.so", "elf-musl-x86_64.so"))
                ],
                findings: ["error python/pkg/_core.abi3.so"]),
            .passes(
                "a manylinux (glibc) build",
                [
                    .members(.importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-glibc2.2.5.so"))
                ]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let evidence = NativeEvidence(context) { binary in
            if binary.loaderNeeds?.needsMusl == true { return "musl libc" }
            if case .linux(_, let libc)? = binary.extensionName?.platform, libc == "musl" { return "musl libc" }
            return nil
        }
        return evidence.findings(
            Self.description, context,
            repairs: { [installations = Installations(context)] in
                NativeEvidence.reinstalling($0, context: context, installations: installations)
            }
        ) { group in
            "\(NativeEvidence.subject(group)) built for \(group.builtFor)\(NativeEvidence.example(group)); "
                + "Lambda's Linux uses glibc"
        }
            + evidence.wheelFindings(Self.description, context) { distribution, wheel in
                let musl = wheel.tags.allSatisfy {
                    if case .musllinux = $0.platformKind { return true } else { return false }
                }
                guard musl else { return nil }
                return "\(distribution.displayName) is a musllinux wheel (WHEEL tag \(wheel.tags[0])); "
                    + "Lambda's Linux uses glibc"
            }
    }
}
