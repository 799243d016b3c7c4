import ImageModel
import ZipArchive

/// Z002: entry names that would be written outside the extraction folder.
struct UnsafePathRule: Rule {
    static let description = RuleDescription(
        id: "Z002", name: "unsafe-path", family: .archive, defaultSeverity: .error,
        summary: "An entry name is absolute, climbs out with '..', names a drive, or holds a NUL byte.",
        rationale: "Layers are extracted into /opt. Such names either fail extraction or land outside /opt, "
            + "where Python never looks; a deliberately crafted one is a path-traversal attack.",
        fix:
            "rebuild the ZIP from inside the layer folder so that names are relative: cd build && zip -r ../layer.zip python",
        fires: "an entry named ../../tmp/evil.py or /opt/python/abs.py",
        passes: "python/requests/__init__.py",
        examples: [
            .fires(
                "a name that climbs out of /opt and an absolute one",
                [.members([.file("../../tmp/evil.py"), .file("/opt/python/abs.py"), .file("python/ok.py")])],
                findings: ["error ../../tmp/evil.py", "error /opt/python/abs.py"]),
            .passes("plain relative names", [.members([.file("python/requests/__init__.py")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for layer in context.readableLayers {
            let (input, archive) = (layer.input, layer.archive)
            let unsafe = archive.entries.indices(where: { !EntryName.isPlain($0.rawName) })
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

    /// What makes a name unsafe, as a phrase, or `nil`.
    static func problem(rawName: [UInt8], name: String) -> String? {
        switch EntryName.unsafety(rawName: rawName, name: name) {
        case nil: return nil
        case .nulByte: return "holds a NUL byte, which extractors cut or reject"
        case .absolute: return "is absolute; it would not be extracted under /opt"
        case .driveLetter(let drive): return "starts with a drive letter (\(drive)), a Windows path"
        case .climbsOut: return "climbs out of the extraction folder with '..'"
        }
    }
}
