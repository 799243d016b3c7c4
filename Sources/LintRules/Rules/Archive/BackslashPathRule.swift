import ImageModel

/// Z003: names that use `\` as the folder separator.
struct BackslashPathRule: Rule {
    static let description = RuleDescription(
        id: "Z003", name: "backslash-path", family: .archive, defaultSeverity: .error,
        summary: "An entry name uses backslashes as folder separators, as some Windows tools write them.",
        rationale: "The ZIP format uses '/'. On Lambda (Linux) python\\requests\\__init__.py is extracted "
            + "as one file with backslashes in its name, so the package folder does not exist.",
        fix: "rebuild the ZIP with a tool that writes '/' separators (zip on Linux or macOS, "
            + "Python's shutil.make_archive, or 7-Zip with -tzip)",
        fires: "an entry named python\\requests\\__init__.py (Compress-Archive on older PowerShell)",
        passes: "python/requests/__init__.py",
        examples: [
            .fires(
                "a name written with backslashes (Compress-Archive on older PowerShell)",
                [.members([.file("python\\requests\\__init__.py")])], findings: ["error python\\requests\\__init__.py"]),
            .passes("the same name with slashes", [.members([.file("python/requests/__init__.py")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        // One cause per archive (the tool that wrote it): one finding, every name listed.
        context.readableLayers.compactMap { layer in
            let (input, archive) = (layer.input, layer.archive)
            let indices = archive.entries.indices(where: { $0.rawName.contains(UInt8(ascii: "\\")) })
            let names = indices.map { archive.entries[$0].name }
            // Files renamed to the folders their names mean (folders come with them).
            let renames = indices.compactMap { index -> Repair? in
                let entry = archive.entries[index]
                guard entry.fileType == .regular else { return nil }
                return .rename(from: entry.name, to: entry.name.replacingOccurrences(of: "\\", with: "/"))
            }
            return Finding.grouping(
                Self.description, archive: input.path, members: names,
                one: "the entry name uses '\\' as a separator; Lambda extracts it as one file, not folders",
                several: {
                    "\($0) entry names use '\\' as a separator (e.g. this one); Lambda extracts each as one file, not folders"
                }, repairs: { _ in renames })
        }
    }
}
