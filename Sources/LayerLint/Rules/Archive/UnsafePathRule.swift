/// Z002: entry names that would be written outside the extraction folder.
struct UnsafePathRule: Rule {
    static let description = RuleDescription(
        id: "Z002", name: "unsafe-path", defaultSeverity: .error,
        summary: "An entry name is absolute, climbs out with '..', names a drive, or holds a NUL byte.",
        rationale: "Layers are extracted into /opt. Such names either fail extraction or land outside /opt, "
            + "where Python never looks; a deliberately crafted one is a path-traversal attack.",
        fix:
            "rebuild the ZIP from inside the layer folder so that names are relative: cd build && zip -r ../layer.zip python",
        fires: "an entry named ../../tmp/evil.py or /opt/python/abs.py",
        passes: "python/requests/__init__.py")

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for (input, archive, _) in context.readableLayers {
            let unsafe = archive.entries.indices(where: { !Self.isPlain($0.rawName) })
            for index in unsafe {
                let entry = archive.entries[index]
                guard let problem = Self.problem(rawName: entry.rawName, name: entry.name) else { continue }
                findings.append(
                    Finding(
                        rule: Self.description, message: "the entry name \(problem)", archive: input.path,
                        path: entry.name))
            }
        }
        return findings
    }

    /// Whether a raw name is certainly safe and uses `/` only: no NUL, no backslash, not
    /// absolute, no drive letter, no `..` anywhere. One pass over the bytes; names that fail
    /// it are looked at closely by `problem` and `BackslashPathRule`.
    static func isPlain(_ rawName: [UInt8]) -> Bool {
        rawName.withUnsafeBufferPointer { bytes in
            guard let first = bytes.first, first != UInt8(ascii: "/") else { return false }
            if bytes.count > 1 && bytes[1] == UInt8(ascii: ":") { return false }
            var previous: UInt8 = 0
            for byte in bytes {
                // Lowercase letters and '_' (most of a name) are above every byte tested here.
                if byte > UInt8(ascii: "\\") {
                    previous = byte
                    continue
                }
                if byte == 0 || byte == UInt8(ascii: "\\") || (byte == 0x2E && previous == 0x2E) { return false }
                previous = byte
            }
            return true
        }
    }

    /// What makes a name unsafe, as a phrase, or `nil`.
    static func problem(rawName: [UInt8], name: String) -> String? {
        if isPlain(rawName) { return nil }
        if rawName.contains(0) { return "holds a NUL byte, which extractors cut or reject" }
        if name.hasPrefix("/") || name.hasPrefix("\\") { return "is absolute; it would not be extracted under /opt" }
        let scalars = Array(name.unicodeScalars)
        if scalars.count >= 2, scalars[1] == ":", scalars[0].properties.isAlphabetic, scalars[0].isASCII {
            return "starts with a drive letter (\(String(name.prefix(2)))), a Windows path"
        }
        let segments = name.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        if segments.contains("..") { return "climbs out of the extraction folder with '..'" }
        return nil
    }
}
