import ImageModel

/// C007: layer metadata whose CompatibleArchitectures excludes the function's architecture.
struct LayerArchitectureIncompatibleRule: Rule {
    static let description = RuleDescription(
        id: "C007", name: "layer-architecture-incompatible", family: .compatibility, defaultSeverity: .error,
        summary: "The layer version's CompatibleArchitectures does not include the function's architecture.",
        rationale: "The architectures a layer was published for usually say what its native code was built for; "
            + "an x86_64-only layer on an arm64 function fails at its first native import.",
        fix: "if the layer's native code suits the function's architecture (no C001 finding), publish it again "
            + "with that architecture added (the finding gives the command, or the template property); otherwise "
            + "rebuild it for that architecture first",
        fires: "--layer-metadata with CompatibleArchitectures [x86_64] for an arm64 function",
        passes: "metadata that lists the architecture, or lists none", needs: [.architecture],
        examples: [
            .fires(
                "a layer published for x86_64, used by an arm64 function",
                [.published([.file("python/six.py")], runtimes: [], architectures: ["x86_64"])], architecture: "arm64",
                findings: ["error -"]),
            .passes(
                "a layer published for arm64",
                [.published([.file("python/six.py")], runtimes: [], architectures: ["arm64"])], architecture: "arm64"),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let architecture = context.target.architecture else { return [] }
        return context.layers.compactMap { input in
            guard let metadata = input.metadata, !metadata.compatibleArchitectures.isEmpty,
                !metadata.compatibleArchitectures.contains(architecture)
            else { return nil }
            return Finding(
                rule: Self.description,
                message: "\(metadata.file) says the layer is for "
                    + "\(metadata.compatibleArchitectures.map(\.rawValue).joined(separator: ", ")), not \(architecture.rawValue)",
                archive: input.path, path: nil,
                fix: "if its native code runs on \(architecture.rawValue) (no C001 finding), declare that: "
                    + PublishCommand.declaring(
                        runtimes: metadata.compatibleRuntimes,
                        architectures: metadata.compatibleArchitectures + [architecture], input: input,
                        metadata: metadata)
                    + "; otherwise rebuild its packages for \(architecture.rawValue) first "
                    + "(pip's --platform manylinux2014_\(architecture.machine))")
        }
    }
}
