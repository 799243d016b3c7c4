/// Z002: entry names that would be written outside the extraction folder.
public struct UnsafePathRule: Rule {
    public static let description = RuleDescription(
        id: "Z002", name: "unsafe-path", defaultSeverity: .error,
        summary: "An entry name is absolute, climbs out with '..', names a drive, or holds a NUL byte.",
        rationale: "Layers are extracted into /opt. Such names either fail extraction or land outside /opt, "
            + "where Python never looks; a deliberately crafted one is a path-traversal attack.",
        fix:
            "rebuild the ZIP from inside the layer folder so that names are relative: cd build && zip -r ../layer.zip python",
        fires: "an entry named ../../tmp/evil.py or /opt/python/abs.py",
        passes: "python/requests/__init__.py")

    public init() {}

    public func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for (input, archive, _) in context.readableLayers {
            for entry in archive.entries {
                guard let problem = Self.problem(rawName: entry.rawName, name: entry.name) else { continue }
                findings.append(
                    Finding(
                        rule: Self.description, message: "the entry name \(problem)", archive: input.path,
                        path: entry.name))
            }
        }
        return findings
    }

    /// What makes a name unsafe, as a phrase, or `nil`.
    static func problem(rawName: [UInt8], name: String) -> String? {
        // Fast path for the common name: no NUL, not absolute, no drive letter, no "..".
        if let first = rawName.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "\\"),
            rawName.count < 2 || rawName[1] != UInt8(ascii: ":"),
            !rawName.contains(0), !zip(rawName, rawName.dropFirst()).contains(where: { $0 == 0x2E && $1 == 0x2E })
        {
            return nil
        }
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
