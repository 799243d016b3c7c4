import BinaryFormats
import ImageModel
import PythonPackaging

/// C002: macOS or Windows binaries (Mach-O, PE, `.pyd`, `macosx`/`win` wheel tags).
struct ForeignOSBinaryRule: Rule {
    static let description = RuleDescription(
        id: "C002", name: "foreign-os-binary", family: .compatibility, defaultSeverity: .error,
        summary: "Native code built for macOS or Windows (Mach-O, PE/.pyd, macosx or win wheel tags).",
        rationale: "pip install on a Mac or a Windows machine fetches wheels for that machine; Lambda runs Linux, so "
            + "every compiled module of such a layer fails to import (\"invalid ELF header\")."
            + NativeEvidence.weighing,
        fix: "reinstall the package's Linux wheel (each finding gives the command: rm -rf of what the package "
            + "installed, then pip install --platform manylinux2014_x86_64 or manylinux2014_aarch64 with the version "
            + "pinned), or build in a Linux container",
        fires: "python/pydantic_core/_pydantic_core.cpython-312-darwin.so (Mach-O) or a .pyd",
        passes: "the same packages installed from manylinux wheels", needs: [.nativeBinaries, .importModel],
        examples: [
            .fires(
                "a macOS (Mach-O) extension module",
                [
                    .members(.importedExtension("python/pkg/_core.cpython-312-darwin.so", "macho-arm64.o"))
                ],
                findings: ["error python/pkg/_core.cpython-312-darwin.so"]),
            .passes(
                "the module built for Linux",
                [
                    .members(.importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-glibc2.2.5.so"))
                ]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        let evidence = NativeEvidence(context) { binary in
            switch binary.format {
            case .machO(let header)?: return "macOS (Mach-O, \(header.architectures.joined(separator: "+")))"
            case .pe(let header)?: return "Windows (PE, \(header.architecture))"
            default: return binary.extensionName?.platform == .macOS ? "macOS" : nil
            }
        }
        return evidence.findings(
            Self.description, context,
            repairs: { [installations = Installations(context)] in
                NativeEvidence.reinstalling($0, context: context, installations: installations)
            }
        ) { group in
            "\(NativeEvidence.subject(group)) built for \(group.builtFor)\(NativeEvidence.example(group)); "
                + "Lambda runs Linux and cannot load \(NativeEvidence.pronoun(group))"
        }
            + evidence.wheelFindings(Self.description, context) { distribution, wheel in
                let foreign = wheel.tags.allSatisfy { tag in
                    switch tag.platformKind {
                    case .macOS, .windows: return true
                    default: return false
                    }
                }
                guard foreign else { return nil }
                return "\(distribution.displayName) is a wheel for \(wheel.tags[0].platform) (WHEEL tag "
                    + "\(wheel.tags[0])); Lambda runs Linux"
            }
    }
}
