import ZipArchive

/// P002: directories others cannot enter.
struct UntraversableDirectoryRule: Rule {
    static let description = RuleDescription(
        id: "P002", name: "untraversable-directory", defaultSeverity: .error,
        summary: "Directories whose Unix mode does not let others enter them.",
        rationale: "A folder without the execute bit for others (0700, 0750) hides everything below it from the "
            + "function's user: imports from it fail with Permission denied.",
        fix: "chmod -R o+rX python before zipping",
        fires: "python/vendor/ with mode 0700", passes: "mode 0755")

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        context.readableLayers.compactMap { input, archive, _ in
            let closed = archive.entries.indices(where: { entry in
                guard entry.isDirectory, let mode = entry.unixMode else { return false }
                return mode & 0o001 == 0
            })
            guard let index = closed.first, let mode = archive.entries[index].unixMode else { return nil }
            let first = archive.entries[index]
            return Finding(
                rule: Self.description,
                message: closed.count == 1
                    ? "mode \(TextFormatting.octalMode(mode)) does not let the function's user enter it"
                    : "\(closed.count) directories cannot be entered by the function's user (e.g. this one, mode "
                        + "\(TextFormatting.octalMode(mode)))",
                archive: input.path, path: first.name)
        }
    }
}
