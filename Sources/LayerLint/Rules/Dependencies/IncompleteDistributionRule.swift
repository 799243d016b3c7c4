/// D005: a distribution whose metadata is missing or whose RECORD lists files the layers lack.
public struct IncompleteDistributionRule: Rule {
    public static let description = RuleDescription(
        id: "D005", name: "incomplete-distribution", defaultSeverity: .error,
        summary: "Files listed in a distribution's RECORD are missing from the layers, or its METADATA is missing.",
        rationale: "Trimming a layer by hand (deleting \"unneeded\" modules to fit the size limit) or a partial copy "
            + "leaves a package that imports until it reaches the deleted file. Compiled caches (.pyc) and files "
            + "outside the package's folder (console scripts in bin/) are not required.",
        fix:
            "reinstall the distribution (pip install --target python --force-reinstall NAME) instead of deleting parts",
        fires: "urllib3's RECORD lists urllib3/fields.py, which the layer does not have",
        passes: "every file of RECORD present, with the __pycache__ folders removed")

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        let image = context.image
        var findings: [Finding] = []
        for distribution in image.distributions {
            let archive = image.sources[distribution.source].path
            let folderName = distribution.folder.split(separator: "/").last.map(String.init) ?? distribution.folder
            if let problem = distribution.metadataProblem {
                findings.append(
                    Finding(
                        rule: Self.description,
                        message:
                            "\(folderName): \(problem); Python's importlib.metadata and pip cannot see \(distribution.name)",
                        archive: archive, path: distribution.metadataPath))
            }
            if let problem = distribution.recordProblem {
                findings.append(
                    Finding(
                        rule: Self.description, severity: .warning, message: "\(folderName): \(problem)",
                        archive: archive, path: distribution.recordPath))
            }
            guard let record = distribution.record else { continue }
            var listed = 0
            var missing: [String] = []
            let reportedMetadata =
                distribution.metadataProblem == nil
                ? nil : image.sources[distribution.source].root + distribution.metadataPath
            for entry in record {
                guard let path = Self.resolve(entry.path, in: distribution.searchFolder) else { continue }
                // A missing METADATA was reported above.
                if path == reportedMetadata { continue }
                listed += 1
                if image.origin(of: path) == nil { missing.append(entry.path) }
            }
            guard !missing.isEmpty else { continue }
            let shown = missing.prefix(3).joined(separator: ", ") + (missing.count > 3 ? ", ..." : "")
            findings.append(
                Finding(
                    rule: Self.description,
                    message: "\(distribution.displayName): \(missing.count) of the \(listed) files its RECORD lists "
                        + "\(missing.count == 1 ? "is" : "are") missing: \(shown)",
                    archive: archive, path: distribution.recordPath,
                    fix: "reinstall it: pip install --target python --force-reinstall --no-deps "
                        + "\"\(distribution.name)==\(distribution.versionText ?? "")\""))
        }
        return findings
    }

    /// Whether a path has a `.`, `..` or empty segment.
    static func hasDotOrEmptySegment(_ bytes: String.UTF8View) -> Bool {
        var segment: [UInt8] = []
        for byte in bytes {
            if byte == UInt8(ascii: "/") {
                if segment.isEmpty || segment == [0x2E] || segment == [0x2E, 0x2E] { return true }
                segment.removeAll(keepingCapacity: true)
            } else if segment.count < 3 {
                segment.append(byte)
            } else {
                segment[2] = 0  // longer than "..": only its length matters
            }
        }
        return segment.isEmpty || segment == [0x2E] || segment == [0x2E, 0x2E]
    }

    /// The absolute path of a RECORD path relative to `folder`, or `nil` when it need not be
    /// there: it leaves the folder (`../../bin/normalizer`), is not a plain relative path, or
    /// is compiled bytecode (`.pyc`, `__pycache__/`), which people rightly leave out.
    static func resolve(_ recordPath: String, in folder: String) -> String? {
        guard !recordPath.hasPrefix("/"), !recordPath.hasSuffix(".pyc") else { return nil }
        // Fast path: a plain relative path (no "." or ".." segment, no empty one, no cache folder).
        let bytes = recordPath.utf8
        if !bytes.isEmpty, !Self.hasDotOrEmptySegment(bytes), !recordPath.utf8Contains("__pycache__") {
            return folder + "/" + recordPath
        }
        var parts: [Substring] = []
        for part in recordPath.split(separator: "/") {
            if part == "." { continue }
            if part == ".." || part == "__pycache__" { return nil }
            parts.append(part)
        }
        return parts.isEmpty ? nil : folder + "/" + parts.joined(separator: "/")
    }
}
