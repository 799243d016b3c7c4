import ImageModel

/// Z005: symbolic links, above all ones that point outside the layer.
struct SymlinkEntryRule: Rule {
    static let description = RuleDescription(
        id: "Z005", name: "symlink-entry", family: .archive, defaultSeverity: .warning,
        summary: "A symbolic link points outside the layer, or at a file the layer does not have.",
        rationale: "A link that leaves /opt points at the build machine's file system, which does not exist on "
            + "Lambda; a link into the layer works only if its target is extracted too. Links to members of the "
            + "layer (node_modules/.bin/ links, libfoo.so to libfoo.so.1) are fine.",
        fix: "store the file the link points to instead: zip without -y (or --symlinks) follows links",
        fires: "python/escape pointing at ../../etc/passwd",
        passes: "nodejs/node_modules/.bin/left-pad pointing at ../left-pad/bin/cli.js, which the layer has",
        needs: [.memberContents],
        examples: [
            .fires(
                "a link that points out of the layer",
                [.members([.link("python/escape", to: "../../etc/passwd")])], findings: ["warning python/escape"]),
            .passes(
                "a link to a file the layer has",
                [.members([.file("python/pkg/real.py"), .link("python/pkg/alias.py", to: "real.py")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for layer in context.readableLayers {
            let (input, archive, contents) = (layer.input, layer.archive, layer.contents)
            guard !contents.links.isEmpty else { continue }
            let names = Set(archive.entries.map(\.name))
            // Folders exist as entries or as the parents of entries.
            var folders = Set<Substring>()
            for name in names {
                var end = name.endIndex
                while let slash = name[..<end].lastIndex(of: "/") {
                    guard folders.insert(name[..<slash]).inserted else { break }
                    end = slash
                }
            }
            var outside: [(link: String, target: String)] = []
            var dangling: [(link: String, target: String)] = []
            var unreadable: [String] = []
            for (index, target) in contents.links {
                let link = archive.entries[index].name
                guard let target else {
                    unreadable.append(link)
                    continue
                }
                guard let resolved = Self.resolve(link: link, target: target) else {
                    outside.append((link, target))
                    continue
                }
                if !names.contains(resolved), !folders.contains(Substring(resolved)) { dangling.append((link, target)) }
            }
            let groups = [
                Finding.grouping(
                    Self.description, archive: input.path, members: outside.map(\.link),
                    one: "a symbolic link to \"\(outside.first?.target ?? "")\", outside the layer",
                    several: {
                        "\($0) symbolic links point outside the layer (this one to \"\(outside.first?.target ?? "")\")"
                    }),
                Finding.grouping(
                    Self.description, archive: input.path, members: dangling.map(\.link),
                    one: "a symbolic link to \"\(dangling.first?.target ?? "")\", which the layer does not have",
                    several: {
                        "\($0) symbolic links point at files the layer does not have (this one to "
                            + "\"\(dangling.first?.target ?? "")\")"
                    },
                    fix: "add what \(dangling.count == 1 ? "it points" : "they point") to, or, if nothing needs "
                        + (dangling.count == 1 ? "it, remove the link: rm " : "them, remove the links: rm ")
                        + dangling.map { PipCommand.shellQuoted($0.link) }.joined(separator: " ")),
            ]
            findings += groups.compactMap { $0 }
            if let finding = Finding.grouping(
                Self.description, archive: input.path, members: unreadable,
                one: "a symbolic link whose target cannot be read",
                several: { "\($0) symbolic links whose targets cannot be read" })
            {
                findings.append(finding)
            }
        }
        return findings
    }

    /// The member path `target` names, resolved from the folder of `link`, or `nil` when it
    /// leaves the layer.
    static func resolve(link: String, target: String) -> String? {
        guard !target.hasPrefix("/") else { return nil }
        var parts = link.split(separator: "/").dropLast().map(String.init)
        for segment in target.split(separator: "/") {
            if segment == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else if segment != "." {
                parts.append(String(segment))
            }
        }
        return parts.joined(separator: "/")
    }

    /// Whether `target`, resolved from the folder of `link`, leaves the archive's root.
    static func escapes(link: String, target: String) -> Bool { resolve(link: link, target: target) == nil }
}
