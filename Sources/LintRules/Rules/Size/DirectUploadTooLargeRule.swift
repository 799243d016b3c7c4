import ImageModel

/// S001: a ZIP over the direct-upload limit.
struct DirectUploadTooLargeRule: Rule {
    static let description = RuleDescription(
        id: "S001", name: "direct-upload-too-large", family: .size, defaultSeverity: .warning,
        summary: "The ZIP is larger than the 50 MB Lambda accepts in a direct upload.",
        rationale: "publish-layer-version --zip-file (and the console upload) refuse a ZIP over 50 MB; it has to "
            + "go through S3 (--content S3Bucket=...,S3Key=...).",
        fix: "upload the ZIP to S3 and publish from there, or make it smaller (see S004)",
        fires: "a 61 MB layer ZIP", passes: "a 12 MB layer ZIP")

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let limit = context.catalog?.limits.directUploadZippedBytes else { return [] }
        return context.readableLayers.compactMap { layer in
            let (input, archive) = (layer.input, layer.archive)
            // A folder's zipped size is only known once it is zipped.
            guard !archive.isFolder, UInt64(archive.fileSize) > limit else { return nil }
            return Finding(
                rule: Self.description,
                message: "the ZIP is \(TextFormatting.grouped(UInt64(archive.fileSize))) bytes, over the "
                    + "\(TextFormatting.grouped(limit))-byte limit of a direct upload",
                archive: input.path, path: nil)
        }
    }
}
