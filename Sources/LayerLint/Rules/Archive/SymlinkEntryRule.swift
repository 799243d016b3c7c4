/// Z005: symbolic links, above all ones that point outside the layer.
struct SymlinkEntryRule: Rule {
    static let description = RuleDescription(
        id: "Z005", name: "symlink-entry", defaultSeverity: .warning,
        summary: "An entry is a symbolic link; links that point outside the layer are the worst kind.",
        rationale: "A link that leaves /opt points at the build machine's file system, which does not exist on "
            + "Lambda; a link into the layer works only if its target is extracted too.",
        fix: "store the file the link points to instead: zip without -y (or --symlinks) follows links",
        fires: "python/escape pointing at ../../etc/passwd",
        passes: "a regular file python/lib/current.py", needs: [.memberContents])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for ((input, archive, _), contents) in zip(context.readableLayers, context.contents) {
            for (index, target) in contents.links {
                let entry = archive.entries[index]
                let message: String
                if let target {
                    message =
                        Self.escapes(link: entry.name, target: target)
                        ? "a symbolic link to \"\(target)\", outside the layer"
                        : "a symbolic link to \"\(target)\" inside the layer"
                } else {
                    message = "a symbolic link whose target cannot be read"
                }
                findings.append(
                    Finding(rule: Self.description, message: message, archive: input.path, path: entry.name))
            }
        }
        return findings
    }

    /// Whether `target`, resolved from the folder of `link`, leaves the archive's root.
    static func escapes(link: String, target: String) -> Bool {
        if target.hasPrefix("/") { return true }
        var depth = link.split(separator: "/").count - 1
        for segment in target.split(separator: "/") {
            if segment == ".." {
                depth -= 1
                if depth < 0 { return true }
            } else if segment != "." {
                depth += 1
            }
        }
        return false
    }
}
