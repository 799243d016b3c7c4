import ImageModel
import ZipArchive

/// L001: importable code outside `python/`.
struct OutsideRuntimeFolderRule: Rule {
    static let description = RuleDescription(
        id: "L001", name: "outside-runtime-folder", family: .layout, defaultSeverity: .error,
        summary: "Python code or package metadata sits outside python/ (e.g. requests/ or site-packages/ at the root).",
        rationale: "Lambda extracts layers into /opt and Python imports only from /opt/python and "
            + "/opt/python/lib/pythonX.Y/site-packages; anything else is never found "
            + "(\"No module named 'requests'\"). A folder that holds a program (an executable beside its Python "
            + "code, as the AWS CLI's installer lays it out) is the program's own and not reported.",
        fix: "move them into python/ in the folder you zip (the finding gives the mv command), or install into a "
            + "python/ folder and zip from the folder that holds it",
        fires: "requests/__init__.py at the root of the ZIP", passes: "python/requests/__init__.py",
        examples: [
            .fires(
                "a package at the root of the ZIP", [.members([.file("requests/__init__.py")])],
                findings: ["error requests/"]),
            .passes("the package under python/", [.members([.file("python/requests/__init__.py")])]),
        ])

    init() {}

    /// Up to this many top-level items outside python/ are named in the message.
    static let shownItems = 4

    /// Files at the root that are a function's handler rather than layer code.
    static let handlerNames: Set<String> = ["lambda_function.py", "handler.py", "app.py", "main.py"]

    func check(_ context: LintContext) -> [Finding] {
        context.readableLayers.compactMap { layer -> Finding? in
            let (input, archive, layout) = (layer.input, layer.archive, layer.layout)
            let candidates = layout.groups.compactMap { group -> (topLevel: String, files: Int)? in
                guard case .outside(let topLevel) = group.placement else { return nil }
                return (topLevel, group.files)
            }
            // The archive is walked for programs only when something is outside python/.
            let programs = candidates.isEmpty ? [] : Self.programFolders(archive)
            let outside = candidates.filter { !programs.contains($0.topLevel) }.sorted { $0.topLevel < $1.topLevel }
            guard let first = outside.first else { return nil }
            let names = outside.map(\.topLevel)
            let message: String
            if outside.count == 1 {
                let what =
                    first.topLevel.hasSuffix("/")
                    ? "\(first.topLevel) (\(TextFormatting.counted(first.files, "Python file")))" : first.topLevel
                let siteHint = first.topLevel == "site-packages/" ? "; its contents belong directly in python/" : ""
                message = "\(what) is outside python/, so Python on Lambda never imports it\(siteHint)"
            } else {
                let files = outside.reduce(0) { $0 + $1.files }
                let more = names.count > Self.shownItems ? ", and \(names.count - Self.shownItems) more" : ""
                message =
                    "\(outside.count) top-level items with Python code are outside python/ "
                    + "(\(names.prefix(Self.shownItems).joined(separator: ", "))\(more); "
                    + "\(TextFormatting.counted(files, "Python file"))), so Python on Lambda never imports them: "
                    + "the ZIP was made from inside the install folder"
            }
            return Finding(
                rule: Self.description, message: message, archive: input.path, path: first.topLevel,
                fix: Self.fix(names), paths: names, repairs: Self.repairs(names))
        }
    }

    /// Top-level folders (`aws-cli/`) that hold a program: an executable file that is not
    /// Python source or an extension module. Its Python code is the program's own, run by
    /// it, not imported by the function.
    static func programFolders(_ archive: Archive) -> Set<String> {
        var folders = Set<String>()
        for entry in archive.entries where entry.fileType == .regular {
            guard let mode = entry.unixMode, mode & 0o111 != 0, let slash = entry.name.firstIndex(of: "/") else {
                continue
            }
            let name = entry.name
            if name.hasSuffix(".py") || name.hasSuffix(".pyc") || name.hasSuffix(".so") || name.contains(".so.") {
                continue
            }
            folders.insert(String(name[...slash]))
        }
        return folders
    }

    /// The items moved into python/ (a site-packages folder's contents rather than the
    /// folder); a function's handler is left where it is, for the user to move to the
    /// function's own ZIP.
    static func repairs(_ topLevels: [String]) -> [Repair] {
        let items = topLevels.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let moved = items.filter { $0 != "site-packages" && !Self.handlerNames.contains($0) }
        var repairs: [Repair] = []
        if !moved.isEmpty { repairs.append(.moveInto(items: moved, folder: "python")) }
        if items.contains("site-packages") {
            repairs.append(.mergeContents(of: "site-packages", into: "python", removing: "site-packages"))
        }
        return repairs
    }

    /// `mkdir -p python && mv … python/`: the items moved where Python looks, a
    /// site-packages folder's contents rather than the folder.
    static func fix(_ topLevels: [String]) -> String {
        let items = topLevels.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let moved = items.filter { $0 != "site-packages" }
        var steps = ["mkdir -p python"]
        if !moved.isEmpty {
            steps.append("mv " + moved.map(PipCommand.shellQuoted).joined(separator: " ") + " python/")
        }
        if moved.count < items.count { steps.append("mv site-packages/* python/ && rm -r site-packages") }
        let handlers = items.filter { Self.handlerNames.contains($0) }
        let note =
            handlers.isEmpty
            ? ""
            : " (\(handlers.joined(separator: " and ")) looks like a function's handler: that belongs in the "
                + "function's own ZIP, which Lambda loads from /var/task, not in a layer)"
        return "in the folder you zip, move \(items.count == 1 ? "it" : "them") into python/\(note): "
            + steps.joined(separator: " && ")
    }
}
