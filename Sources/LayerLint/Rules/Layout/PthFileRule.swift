/// L004: `.pth` files in the layer's site folders.
struct PthFileRule: Rule {
    static let description = RuleDescription(
        id: "L004", name: "pth-file", defaultSeverity: .warning,
        summary: ".pth files: editable-install leftovers, paths of the build machine, code run at start-up.",
        rationale: "Both /opt/python folders are site folders, so their .pth files run at every cold start (unless "
            + "the function sets PYTHONPATH, which turns that off). Absolute paths point at the build machine; "
            + "an editable install means the package's code is not in the layer at all.",
        fix: "install the package normally (pip install -t build/python . without -e) and drop the .pth file",
        fires: "python/lib/python3.11/site-packages/__editable__.orders-1.0.pth pointing at /home/dev/orders/src",
        passes: "python/vendor.pth listing the folder vendor inside the layer", needs: [.memberContents])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for ((input, archive, _), contents) in zip(context.readableLayers, context.contents) {
            for (index, text) in contents.pthFiles {
                let entry = archive.entries[index]
                guard let problems = text.map(Self.problems), !problems.isEmpty else { continue }
                findings.append(
                    Finding(
                        rule: Self.description, message: problems.joined(separator: "; "), archive: input.path,
                        path: entry.name))
            }
        }
        return findings
    }

    /// What is wrong with a .pth file's lines, as phrases.
    static func problems(_ text: String) -> [String] {
        var problems: [String] = []
        let lines = text.split(whereSeparator: \.isNewline).map { String($0).strippingBlanks() }
        let absolute = lines.filter { $0.hasPrefix("/") }
        if let first = absolute.first {
            problems.append("it adds \(first) to sys.path, a path on the build machine that does not exist on Lambda")
        }
        if lines.contains(where: { $0.hasPrefix("import ") || $0.hasPrefix("import\t") }) {
            let editable = lines.contains { $0.contains("__editable__") }
            problems.append(
                editable
                    ? "it is an editable install (pip install -e): the package's code is not in the layer"
                    : "it runs code at every start-up (an import line)")
        }
        return problems
    }
}
