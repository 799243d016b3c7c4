import ImageModel
import LambdaPlatform

/// C011: an extension module needing a newer C++ runtime (GLIBCXX_, CXXABI_, GCC_ symbol
/// versions) than the operating system's libstdc++ or libgcc_s has.
struct CxxRuntimeTooNewRule: Rule {
    static let description = RuleDescription(
        id: "C011", name: "cxx-runtime-too-new", family: .compatibility, defaultSeverity: .error,
        summary: "An extension module (or a library it loads) needs GLIBCXX_, CXXABI_ or GCC_ symbol versions newer "
            + "than the runtime's operating system's libstdc++.so.6 or libgcc_s.so.1 has.",
        rationale: "C++ code compiled with a newer GCC than the operating system's records the versions of its "
            + "C++ runtime it uses; Amazon Linux 2's libstdc++ goes up to GLIBCXX_3.4.24 and CXXABI_1.3.11 (GCC 7), "
            + "Amazon Linux 2023's to GLIBCXX_3.4.33 and CXXABI_1.3.15 (GCC 14, since the 2025 update). The import "
            + "fails with \"version `GLIBCXX_3.4.26' not found\". A newer libstdc++.so.6 shipped in the layer's "
            + "lib/ does not help: the system folders come first on Lambda's LD_LIBRARY_PATH; one bundled on the "
            + "module's RPATH (as auditwheel repair leaves it) does, and is not reported." + NativeEvidence.weighing,
        fix: "reinstall from a manylinux2014 wheel (built with a toolchain that needs only old C++ runtime "
            + "versions), rebuild in the public.ecr.aws/lambda/python image of the runtime, or move the function to "
            + "a runtime on Amazon Linux 2023",
        fires: "a module needing GLIBCXX_3.4.26 on python3.11 (Amazon Linux 2: 3.4.24)",
        passes: "the same module on python3.12 (Amazon Linux 2023: 3.4.33)",
        needs: [.runtime, .nativeBinaries, .libraryLoading, .importModel],
        examples: [
            .fires(
                "a module needing GLIBCXX_3.4.26 on python3.11 (Amazon Linux 2's libstdc++ goes up to 3.4.24)",
                [.members(.importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-glibcxx-3.4.26.so"))],
                runtime: "python3.11", findings: ["error python/pkg/_core.abi3.so"]),
            .passes(
                "the same module on python3.12 (Amazon Linux 2023: GLIBCXX_3.4.33)",
                [.members(.importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-needs-glibcxx-3.4.26.so"))],
                runtime: "python3.12"),
            .passes(
                "a module needing GLIBCXX_3.4.21 on python3.11",
                [.members(.importedExtension("python/pkg/_core.abi3.so", "elf-x86_64-glibcxx.so"))],
                runtime: "python3.11"),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let runtime = context.target.runtime, context.libraries != nil else { return [] }
        let system = runtime.operatingSystem
        let evidence = NativeEvidence(context) { binary in
            Self.problems(of: binary, in: context).first.map { problem -> String in
                guard case .versionMissing(let library, let version, _, _) = problem else { return "" }
                return "\(version) of \(library)"
            }
        }
        return evidence.findings(Self.description, context) { group in
            let highest = Self.highest(group, context: context).map { ", which goes up to \($0)" } ?? ""
            let first = group.builtFor.split(separator: ",").first.map(String.init) ?? group.builtFor
            return "\(NativeEvidence.subject(group)) built for a newer C++ runtime: needs \(group.builtFor); "
                + "\(runtime.identifier)'s \(system) has an older one\(highest): the import fails with "
                + "\"version `\(first.split(separator: " ").first ?? "")' not found\""
        }
    }

    static func problems(of binary: NativeBinary, in context: LintContext) -> [LibraryLoading.Problem] {
        NativeEvidence.libraryProblems(of: binary, in: context).filter(\.isCxxRuntime)
    }

    static func highest(_ group: NativeEvidence.Group, context: LintContext) -> String? {
        guard let binary = NativeEvidence.firstBinary(of: group, in: context),
            case .versionMissing(_, let version, let highest?, _)? = problems(of: binary, in: context).first
        else { return nil }
        let prefix = version.split(separator: "_").first.map(String.init) ?? ""
        return "\(prefix)_\(highest)"
    }
}
