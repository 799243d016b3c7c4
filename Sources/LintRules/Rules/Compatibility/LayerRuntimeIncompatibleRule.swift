import ImageModel

/// C006: layer metadata whose CompatibleRuntimes excludes the function's runtime.
struct LayerRuntimeIncompatibleRule: Rule {
    static let description = RuleDescription(
        id: "C006", name: "layer-runtime-incompatible", family: .compatibility, defaultSeverity: .error,
        summary: "The layer version's CompatibleRuntimes does not include the function's runtime.",
        rationale: "Lambda refuses to attach a layer whose CompatibleRuntimes excludes the function's runtime "
            + "(the console hides it; the API returns an error), and the list usually says what the layer was "
            + "built for.",
        fix: "if the layer's contents suit the function's runtime (no C003 or L002 finding), publish it again with "
            + "that runtime added (the finding gives the aws lambda publish-layer-version command, or the template "
            + "property); otherwise rebuild it for that runtime first",
        fires: "--layer-metadata listing python3.9 and python3.10 for a python3.12 function",
        passes: "metadata that lists the runtime, or lists none", needs: [.runtime],
        examples: [
            .fires(
                "a layer published for python3.9 and python3.10, used by a python3.12 function",
                [.published([.file("python/six.py")], runtimes: ["python3.9", "python3.10"], architectures: [])],
                findings: ["error -"]),
            .passes(
                "a layer published for the function's runtime",
                [.published([.file("python/six.py")], runtimes: ["python3.12"], architectures: [])]),
            .passes(
                "a layer published for no runtime in particular",
                [.published([.file("python/six.py")], runtimes: [], architectures: [])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let runtime = context.target.runtime else { return [] }
        return context.layers.compactMap { input in
            guard let metadata = input.metadata, !metadata.compatibleRuntimes.isEmpty,
                !metadata.compatibleRuntimes.contains(runtime.identifier)
            else { return nil }
            return Finding(
                rule: Self.description,
                message:
                    "\(metadata.file) says the layer is for \(metadata.compatibleRuntimes.joined(separator: ", ")), "
                    + "not \(runtime.identifier)",
                archive: input.path, path: nil,
                fix: "if its contents work on \(runtime.identifier) (no C003 or L002 finding), declare that: "
                    + PublishCommand.declaring(
                        runtimes: metadata.compatibleRuntimes + [runtime.identifier],
                        architectures: metadata.compatibleArchitectures, input: input, metadata: metadata)
                    + "; otherwise rebuild the layer for \(runtime.identifier) first")
        }
    }
}
