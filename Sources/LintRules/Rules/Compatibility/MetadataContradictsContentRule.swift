import BinaryFormats
import ImageModel
import LambdaPlatform

/// C009: layer metadata that claims architectures or runtimes the binaries inside do not support.
struct MetadataContradictsContentRule: Rule {
    static let description = RuleDescription(
        id: "C009", name: "metadata-contradicts-content", family: .compatibility, defaultSeverity: .warning,
        summary: "Layer metadata claims an architecture or runtime that the native code inside does not support.",
        rationale: "CompatibleArchitectures and CompatibleRuntimes are what people read when they attach a layer; "
            + "a layer published for x86_64 and arm64 whose extensions are x86_64 only will be attached to an arm64 "
            + "function and fail there.",
        fix: "publish separate layer versions per architecture and Python (or abi3 wheels), each with metadata "
            + "that matches its content",
        fires: "CompatibleArchitectures [x86_64, arm64] on a layer whose .so files are x86_64 only",
        passes: "metadata that names exactly what the binaries support, or a pure-Python layer",
        needs: [.nativeBinaries],
        examples: [
            .fires(
                "published for x86_64 and arm64, with x86_64 binaries only",
                [
                    .published(
                        [.binary("python/pkg/_core.abi3.so", "elf-x86_64-glibc2.2.5.so")], runtimes: [],
                        architectures: ["x86_64", "arm64"])
                ],
                findings: ["warning -"]),
            .passes(
                "published for what the binaries are built for",
                [
                    .published(
                        [.binary("python/pkg/_core.abi3.so", "elf-x86_64-glibc2.2.5.so")], runtimes: [],
                        architectures: ["x86_64"])
                ]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for layer in context.readableLayers {
            guard let metadata = layer.input.metadata else { continue }
            let binaries = layer.binaries
            let linux = binaries.compactMap { binary -> String? in
                if case .elf(let header)? = binary.format { return header.architecture }
                return nil
            }
            let built = Set(linux)
            if !built.isEmpty {
                let unsupported = metadata.compatibleArchitectures.map(\.rawValue).filter { !built.contains($0) }
                if !unsupported.isEmpty {
                    findings.append(
                        Finding(
                            rule: Self.description,
                            message:
                                "\(metadata.file) claims \(metadata.compatibleArchitectures.map(\.rawValue).joined(separator: " and ")), "
                                + "but the layer's \(TextFormatting.counted(linux.count, "native file")) "
                                + "\(linux.count == 1 ? "is" : "are") built for \(built.sorted().joined(separator: " and ")) only",
                            archive: layer.input.path, path: nil, subject: "architectures"))
                }
            }
            let names = binaries.compactMap(\.extensionName)
            let versions = Set(names.compactMap { $0.isStableABI ? nil : $0.pythonVersion })
            if !versions.isEmpty, !names.contains(where: \.isStableABI) {
                let claimed = metadata.compatibleRuntimes.filter { runtime in
                    guard runtime.hasPrefix("python") else { return false }
                    return !versions.contains(String(runtime.dropFirst("python".count)))
                }
                if !claimed.isEmpty {
                    findings.append(
                        Finding(
                            rule: Self.description,
                            message: "\(metadata.file) claims \(claimed.joined(separator: ", ")), but the layer's "
                                + "extension modules are built for CPython \(versions.sorted().joined(separator: ", ")) only",
                            archive: layer.input.path, path: nil, subject: "runtimes"))
                }
            }
        }
        return findings
    }
}
