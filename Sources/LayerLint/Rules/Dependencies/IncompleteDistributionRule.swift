/// D005: a distribution whose metadata is missing or whose RECORD lists files the layers lack.
struct IncompleteDistributionRule: Rule {
    static let description = RuleDescription(
        id: "D005", name: "incomplete-distribution", defaultSeverity: .error,
        summary: "Files listed in a distribution's RECORD are missing from the layers, or its METADATA is missing.",
        rationale: "Trimming a layer by hand (deleting \"unneeded\" modules to fit the size limit) or a partial copy "
            + "leaves a package that imports until it reaches the deleted file. Compiled caches (.pyc) and files "
            + "outside the package's folder (console scripts in bin/) are not required.",
        fix:
            "reinstall the distribution (pip install --target python --force-reinstall NAME) instead of deleting parts",
        fires: "urllib3's RECORD lists urllib3/fields.py, which the layer does not have",
        passes: "every file of RECORD present, with the __pycache__ folders removed", needs: [.installedFiles])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
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
            let folder = distribution.searchFolder
            guard let (table, memberPrefix) = image.files.table(for: folder) else { continue }
            memberPrefix.withUnsafeBufferPointer { prefix in
                // By index: only the path of each row is needed, read as bytes.
                for row in record.indices {
                    var recorded = record[row].path
                    let found = recorded.withUTF8 { bytes -> Bool? in
                        switch Self.shape(of: bytes) {
                        case .ignored: return nil
                        case .plain where reportedMetadata == nil: return table.value(prefix, bytes) != nil
                        case .plain, .irregular:
                            guard let path = Self.resolve(Substring(decoding: bytes, as: UTF8.self)) else { return nil }
                            // A missing METADATA was reported above.
                            if let reportedMetadata, folder + "/" + path == reportedMetadata { return nil }
                            return image.origin(of: path, in: folder) != nil
                        }
                    }
                    guard let found else { continue }
                    listed += 1
                    if !found { missing.append(String(recorded)) }
                }
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

    enum Shape { case plain, irregular, ignored }

    /// One pass over a RECORD path: `.ignored` when absolute or compiled bytecode (`.pyc`),
    /// `.plain` when a relative path with no `.`, `..` or empty segment and no `__pycache__`
    /// (as nearly every row is), `.irregular` otherwise (`resolve` decides).
    static func shape(of bytes: UnsafeBufferPointer<UInt8>) -> Shape {
        guard let first = bytes.first else { return .irregular }
        if first == UInt8(ascii: "/") { return .ignored }
        let count = bytes.count
        if count >= 4, bytes[count - 4] == UInt8(ascii: "."), bytes[count - 3] == UInt8(ascii: "p"),
            bytes[count - 2] == UInt8(ascii: "y"), bytes[count - 1] == UInt8(ascii: "c")
        {
            return .ignored
        }
        var length = 0
        var dots = true
        for index in 0..<count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "/") {
                if length == 0 || (dots && length <= 2) { return .irregular }
                length = 0
                dots = true
                continue
            }
            if byte == UInt8(ascii: "_"), bytes.holds("__pycache__", at: index) { return .irregular }
            length += 1
            dots = dots && byte == UInt8(ascii: ".")
        }
        return length == 0 || (dots && length <= 2) ? .irregular : .plain
    }

    /// Whether a path has a `.`, `..` or empty segment.
    static func hasDotOrEmptySegment(_ bytes: Substring.UTF8View) -> Bool {
        // The current segment's length, and whether it is all dots so far.
        var length = 0
        var dots = true
        for byte in bytes {
            if byte == UInt8(ascii: "/") {
                if length == 0 || (dots && length <= 2) { return true }
                length = 0
                dots = true
            } else {
                length += 1
                dots = dots && byte == UInt8(ascii: ".")
            }
        }
        return length == 0 || (dots && length <= 2)
    }

    /// A RECORD path made plain (relative to the distribution's search folder, without `.`
    /// or empty segments), or `nil` when the file need not be there: it leaves the folder
    /// (`../../bin/normalizer`), is absolute, or is compiled bytecode (`.pyc`, `__pycache__/`),
    /// which people rightly leave out.
    static func resolve(_ recordPath: Substring) -> Substring? {
        let bytes = recordPath.utf8
        guard bytes.first != UInt8(ascii: "/"), !bytes.reversed().starts(with: "cyp.".utf8) else { return nil }
        // Fast path: a plain relative path (no "." or ".." segment, no empty one, no cache folder).
        if !bytes.isEmpty, !Self.hasDotOrEmptySegment(bytes), !Self.hasCacheSegment(bytes) {
            return recordPath
        }
        var parts: [Substring] = []
        for part in recordPath.split(separator: "/") {
            if part == "." { continue }
            if part == ".." || part == "__pycache__" { return nil }
            parts.append(part)
        }
        return parts.isEmpty ? nil : Substring(parts.joined(separator: "/"))
    }

    /// Whether the path contains `__pycache__`.
    static func hasCacheSegment(_ bytes: Substring.UTF8View) -> Bool {
        let needle = "__pycache__".utf8
        var start = bytes.startIndex
        while let found = bytes[start...].firstIndex(of: UInt8(ascii: "_")) {
            if bytes[found...].starts(with: needle) { return true }
            start = bytes.index(after: found)
        }
        return false
    }
}
