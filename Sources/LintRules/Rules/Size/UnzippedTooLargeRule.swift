import ImageModel

/// S002: function and layers together over the unzipped limit.
struct UnzippedTooLargeRule: Rule {
    static let description = RuleDescription(
        id: "S002", name: "unzipped-too-large", family: .size, defaultSeverity: .error,
        summary: "The function package and all its layers unzip to more than Lambda's 250 MB (262,144,000 bytes).",
        rationale: "Lambda refuses to create or update a function whose code and layers, extracted, exceed the "
            + "limit; the error names no culprit, so the report says what each input contributes.",
        fix: "remove what the function does not need (see S004), move large dependencies to a container image, "
            + "or drop packages the runtime already has (boto3)",
        fires: "three layers of 90 MB unzipped each", passes: "layers that unzip to 120 MB together")

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let limit = context.catalog?.limits.unzippedBytes else { return [] }
        var parts: [(path: String, bytes: UInt64)] = context.readableLayers.map {
            ($0.input.path, $0.archive.uncompressedSize)
        }
        if let package = context.functionPackage, let archive = try? package.archive.get() {
            parts.append((package.path, archive.uncompressedSize))
        }
        let total = parts.reduce(UInt64(0)) { $0 &+ $1.bytes }
        guard total > limit else { return [] }
        let shares = parts.sorted { $0.bytes > $1.bytes }.map { "\($0.path) \(TextFormatting.grouped($0.bytes))" }
        return [
            Finding(
                rule: Self.description,
                message: "the function's code unzips to \(TextFormatting.grouped(total)) bytes "
                    + "(\(shares.joined(separator: "; "))), \(TextFormatting.grouped(total - limit)) over Lambda's "
                    + "\(TextFormatting.grouped(limit))-byte limit",
                archive: nil, path: nil)
        ]
    }
}
