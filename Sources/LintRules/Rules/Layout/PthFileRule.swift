import ImageModel
import LambdaPlatform
import PythonPackaging

/// L004: `.pth` files in the layer's site folders.
struct PthFileRule: Rule {
    static let description = RuleDescription(
        id: "L004", name: "pth-file", family: .layout, defaultSeverity: .warning,
        summary: ".pth files: editable-install leftovers, paths of the build machine, code run at start-up.",
        rationale: "Both /opt/python folders are site folders, so their .pth files run at every cold start (unless "
            + "the function sets PYTHONPATH, which turns that off). Absolute paths point at the build machine; "
            + "an editable install means the package's code is not in the layer at all.",
        fix: "drop the .pth file; for an editable install, install the project's own wheel instead (the finding "
            + "gives the commands, to run on the build machine)",
        fires: "python/lib/python3.11/site-packages/__editable__.orders-1.0.pth pointing at /home/dev/orders/src",
        passes: "python/vendor.pth listing the folder vendor inside the layer; setuptools' distutils-precedence.pth "
            + "and a namespace package's -nspkg.pth, which normal installs write", needs: [.memberContents],
        examples: [
            .fires(
                "an editable install's .pth pointing at the build machine",
                [
                    .members([
                        .file(
                            "python/lib/python3.12/site-packages/__editable__.orders-1.0.pth", "/home/dev/orders/src\n")
                    ])
                ],
                findings: ["warning python/lib/python3.12/site-packages/__editable__.orders-1.0.pth"]),
            .passes(
                "a .pth naming a folder of the layer",
                [
                    .members([
                        .file("python/lib/python3.12/site-packages/extra.pth", "vendored\n"),
                        .file("python/lib/python3.12/site-packages/vendored/x.py"),
                    ])
                ]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for layer in context.readableLayers {
            let (input, archive, contents) = (layer.input, layer.archive, layer.contents)
            for (index, text) in contents.pthFiles {
                let entry = archive.entries[index]
                let file = entry.name.split(separator: "/").last.map(String.init) ?? entry.name
                guard let text, case let problems = Self.problems(text, standard: Self.isStandard(file)),
                    !problems.isEmpty
                else { continue }
                findings.append(
                    Finding(
                        rule: Self.description, message: problems.joined(separator: "; "), archive: input.path,
                        path: entry.name, fix: Self.fix(entry.name, text: text, context: context)))
            }
        }
        return findings
    }

    /// Whether a `.pth` file is one that normal installs write and whose code is harmless:
    /// setuptools' `distutils-precedence.pth`, and the `-nspkg.pth` of old-style namespace
    /// packages (zope, google), which set up what PEP 420 does anyway.
    static func isStandard(_ file: String) -> Bool {
        file == "distutils-precedence.pth" || file.hasSuffix("-nspkg.pth")
    }

    /// The fix for one file: for an editable install (`__editable__.orders-1.0.pth`), the
    /// project built as a wheel on the build machine and installed from there, with the
    /// editable metadata removed; else the file dropped.
    static func fix(_ path: String, text: String, context: LintContext) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let folder = path.count > file.count ? String(path.dropLast(file.count + 1)) : "."
        let lines = text.split(whereSeparator: \.isNewline).map { String($0).strippingBlanks() }
        guard file.hasPrefix("__editable__."), file.hasSuffix(".pth"),
            let source = lines.first(where: { $0.hasPrefix("/") })
        else {
            return "drop it (rm \(PipCommand.shellQuoted(path))), and put what it adds to sys.path inside the layer"
        }
        // A src layout's project sits one folder up from the path the .pth adds.
        let project = source.hasSuffix("/src") ? String(source.dropLast(4)) : source
        let stem = file.dropFirst("__editable__.".count).dropLast(".pth".count)
        let name = stem.split(separator: "-").first.map(String.init) ?? String(stem)
        let distribution = context.image.distributions.first {
            $0.normalizedName == PackageName.normalize(name)
                && context.image.installFolder(of: $0) == folder
        }
        var removed = [path]
        var requirement = name
        if let distribution {
            removed.append(context.image.memberPath(distribution.folder, in: distribution.source))
            requirement = distribution.pinnedRequirement
        }
        let wheels = "/tmp/layer-wheels"
        return "on the build machine, install the project from a wheel instead of in editable mode: rm -rf "
            + removed.map(PipCommand.shellQuoted).joined(separator: " ")
            + " && pip wheel --no-deps -w \(wheels) \(PipCommand.shellQuoted(project)) && "
            + PipCommand.install(["--find-links", wheels, requirement], target: folder, context: context)
    }

    /// What is wrong with a .pth file's lines, as phrases; a `standard` file's import line is
    /// not a problem.
    static func problems(_ text: String, standard: Bool = false) -> [String] {
        var problems: [String] = []
        let lines = text.split(whereSeparator: \.isNewline).map { String($0).strippingBlanks() }
        let absolute = lines.filter { $0.hasPrefix("/") }
        if let first = absolute.first {
            problems.append("it adds \(first) to sys.path, a path on the build machine that does not exist on Lambda")
        }
        if !standard, lines.contains(where: { $0.hasPrefix("import ") || $0.hasPrefix("import\t") }) {
            let editable = lines.contains { $0.contains("__editable__") }
            problems.append(
                editable
                    ? "it is an editable install (pip install -e): the package's code is not in the layer"
                    : "it runs code at every start-up (an import line)")
        }
        return problems
    }
}
