import BinaryFormats
import ImageModel

/// L006: compiled bytecode for another Python version.
struct ForeignBytecodeRule: Rule {
    static let description = RuleDescription(
        id: "L006", name: "foreign-bytecode", family: .layout, defaultSeverity: .info,
        summary: ".pyc files compiled by another Python version (by their cache tag or magic number).",
        rationale: "Python ignores __pycache__/*.cpython-312.pyc under 3.11, so they are dead weight and every cold "
            + "start compiles again. A .pyc without its .py beside it (a sourceless layer) is worse: another "
            + "Python refuses it with ImportError: bad magic number, so that case is a warning.",
        fix: "build the layer with the runtime's Python version, or leave compiled files out "
            + "(zip -r layer.zip python -x '*/__pycache__/*')",
        fires: "python/requests/__pycache__/api.cpython-312.pyc in a layer for python3.11",
        passes: "api.cpython-311.pyc for python3.11", needs: [.runtime, .memberContents],
        examples: [
            .fires(
                "bytecode compiled for another Python",
                [.members([.file("python/pkg/api.py"), .file("python/pkg/__pycache__/api.cpython-311.pyc")])],
                findings: ["info python/pkg/__pycache__/api.cpython-311.pyc"]),
            .passes(
                "bytecode of the runtime's Python",
                [.members([.file("python/pkg/api.py"), .file("python/pkg/__pycache__/api.cpython-312.pyc")])]),
        ])

    init() {}

    func check(_ context: LintContext) -> [Finding] {
        guard let runtime = context.target.runtime, let python = context.python else { return [] }
        var findings: [Finding] = []
        for layer in context.readableLayers {
            let (input, archive, contents) = (layer.input, layer.archive, layer.contents)
            // Cached bytecode, grouped by the version that wrote it.
            var cached: [String: (count: Int, example: String)] = [:]
            let candidates = archive.entries.indices(where: { !$0.isDirectory && $0.name.utf8HasSuffix(".pyc") })
            for index in candidates where MemberContents.isInCacheFolder(archive.entries[index].name) {
                let name = archive.entries[index].name
                let file = name[
                    name.utf8.index(after: name.utf8.lastIndex(of: UInt8(ascii: "/")) ?? name.utf8.startIndex)...]
                if let version = PythonBytecode.pythonVersion(ofCacheName: file), version != python.version {
                    cached[version, default: (0, name)].count += 1
                }
            }
            // Sourceless bytecode of another Python, one finding per package and version.
            var sourceless: [(package: String, version: String, names: [String])] = []
            var groups: [String: Int] = [:]  // package NUL version -> its group
            for (index, version) in contents.sourcelessBytecode {
                guard let version, version != python.version else { continue }
                let name = archive.entries[index].name
                let package = PackagePath.prefix(of: name)
                let key = package + "\u{0}" + version
                if let group = groups[key] {
                    sourceless[group].names.append(name)
                } else {
                    groups[key] = sourceless.count
                    sourceless.append((package, version, [name]))
                }
            }
            for group in sourceless {
                let subject =
                    group.names.count == 1
                    ? "compiled by Python \(group.version) with no .py beside it"
                    : "\(group.names.count) .pyc files in \(group.package) (e.g. this one) compiled by Python "
                        + "\(group.version) with no .py beside them"
                findings.append(
                    Finding(
                        rule: Self.description, severity: .warning,
                        message: "\(subject): \(runtime.identifier) (Python \(python.version)) cannot import "
                            + "\(group.names.count == 1 ? "it" : "them") (ImportError: bad magic number)",
                        archive: input.path, path: group.names[0],
                        fix: "ship the .py source, or compile with Python \(python.version)", paths: group.names))
            }
            for (version, group) in cached.sorted(by: { $0.key < $1.key }) {
                findings.append(
                    Finding(
                        rule: Self.description,
                        message: "\(TextFormatting.counted(group.count, ".pyc file")) in __pycache__ "
                            + "\(group.count == 1 ? "was" : "were") compiled by Python \(version); Python "
                            + "\(python.version) ignores them and compiles the modules again at each cold start",
                        archive: input.path, path: group.example,
                        repairs: [.removeBytecode(version: version, folder: "python")]))
            }
        }
        return findings
    }
}
