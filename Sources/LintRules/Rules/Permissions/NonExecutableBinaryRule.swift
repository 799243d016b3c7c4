import ImageModel
import LambdaPlatform
import ZipArchive

/// P003: files in `bin/` or `extensions/` that will not be executable.
struct NonExecutableBinaryRule: Rule {
    static let description = RuleDescription(
        id: "P003", name: "non-executable-binary", family: .permissions, defaultSeverity: .warning,
        summary: "Files under bin/ or extensions/ without the execute bit (or in a ZIP made on Windows, which "
            + "records no modes and is extracted as 0666).",
        rationale: "/opt/bin is on the function's PATH and /opt/extensions holds Lambda extensions; a tool or "
            + "extension that is not executable fails with Permission denied.",
        fix: "chmod +x the files and zip on Linux or macOS (zip keeps the modes); on Windows, build the ZIP in WSL "
            + "or a container",
        fires: "bin/ffmpeg with mode 0644", passes: "bin/ffmpeg with mode 0755",
        examples: [
            .fires(
                "a program in bin/ without its execute bit",
                [.members([.binary("bin/tool", "elf-x86_64-glibc2.2.5.so", mode: 0o644)])],
                findings: ["warning bin/tool"]),
            .passes(
                "the program with 0755", [.members([.binary("bin/tool", "elf-x86_64-glibc2.2.5.so", mode: 0o755)])]),
        ])

    init() {}

    /// `made on Windows` for the hosts Windows tools record, else the zipinfo name.
    static func hostPhrase(_ host: HostSystem) -> String {
        [HostSystem.msdos, .ntfs, .vfat].contains(host)
            ? "made on Windows" : "made on a \(host.shortName.strippingBlanks()) host"
    }

    func check(_ context: LintContext) -> [Finding] {
        context.readableLayers.compactMap { layer in
            let (input, archive) = (layer.input, layer.archive)
            let files = archive.entries.indices(where: { entry in
                guard entry.fileType == .regular,
                    entry.name.utf8HasPrefix("bin/") || entry.name.utf8HasPrefix("extensions/")
                else { return false }
                guard let mode = entry.unixMode else { return true }  // extracted as 0666
                return mode & 0o111 == 0
            }).map { archive.entries[$0] }
            guard let first = files.first else { return nil }
            let why =
                first.unixMode.map { "mode \(TextFormatting.octalMode($0)) has no execute bit" }
                ?? "the ZIP records no Unix mode (\(Self.hostPhrase(first.hostSystem))), so Lambda extracts it as 0666"
            return Finding(
                rule: Self.description,
                message: files.count == 1
                    ? "\(why): it cannot be run"
                    : "\(files.count) files in bin/ or extensions/ cannot be run (e.g. this one: \(why))",
                archive: input.path, path: first.name, repairs: [.chmod("a+x", paths: files.map(\.name), recursive: false)])
        }
    }
}
