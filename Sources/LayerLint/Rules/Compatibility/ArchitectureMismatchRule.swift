import BinaryFormats
import PythonPackaging

/// C001: native code or wheel tags for another CPU.
public struct ArchitectureMismatchRule: Rule {
    public static let description = RuleDescription(
        id: "C001", name: "architecture-mismatch", defaultSeverity: .error,
        summary: "Native code (ELF machine, or a wheel's platform tag) is for another CPU than the function's.",
        rationale: "A layer built on an x86_64 laptop for an arm64 (Graviton) function, or the reverse, holds "
            + "extension modules the function's Python cannot load; the import fails at the first cold start.",
        fix: "install wheels for the function's architecture: pip install --platform manylinux2014_aarch64 "
            + "--only-binary=:all: --python-version 3.12 --target python PACKAGE",
        fires: "numpy's x86_64 .so files in a layer for an arm64 function",
        passes: "the same layer for an x86_64 function, or a pure-Python layer", needs: .architecture)

    public static let readsNativeBinaries = true

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        guard let target = context.target.architecture?.rawValue else { return [] }
        var evidence = NativeEvidence()
        for (layer, binaries) in context.binaries.enumerated() {
            for binary in binaries {
                guard case .elf(let header)? = binary.format, header.architecture != target else { continue }
                evidence.add(layer: layer, binary: binary, builtFor: header.architecture)
            }
        }
        var findings = evidence.groups.map { group in
            Finding(
                rule: Self.description,
                message:
                    "\(NativeEvidence.subject(group)) built for \(group.builtFor)\(NativeEvidence.example(group)), but "
                    + "the function runs on \(target): Python cannot load \(NativeEvidence.pronoun(group))",
                archive: group.archive, path: group.files[0],
                fix: NativeEvidence.fix(group, context: context))
        }
        // Wheels whose files were not found as binaries (trimmed, or not ELF): their tags.
        for distribution in context.image.distributions where context.image.sources[distribution.source].root == "/opt/"
        {
            guard let wheel = distribution.wheel, !wheel.tags.isEmpty,
                !evidence.covers(layer: distribution.source, names: distribution.importNames)
            else { continue }
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
            else { continue }
            findings.append(
                Finding(
                    rule: Self.description,
                    message:
                        "\(distribution.displayName) is a wheel for \(architectures.sorted().joined(separator: ", ")) "
                        + "(WHEEL tag \(wheel.tags[0])), but the function runs on \(target)",
                    archive: context.image.sources[distribution.source].path, path: distribution.wheelPath,
                    fix: NativeEvidence.pipLine(project: distribution.name, context: context)))
        }
        return findings
    }
}
