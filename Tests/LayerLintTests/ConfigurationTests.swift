import Foundation
@testable import ImageModel
@testable import LayerLint
@testable import LintRules
import TestSupport
import Testing

/// `.layerlint.toml` and `[tool.layerlint]`: every key, every error (naming the file and the
/// key or line), discovery upwards, and the globs of `layers` and `per-path-ignores`.
@Suite struct ConfigurationTests {
    func parse(_ text: String, file: String = "/work/x/.layerlint.toml", pyproject: Bool = false)
        throws(ConfigurationError) -> Configuration?
    {
        try Configuration.parse(text: text, file: file, pyproject: pyproject)
    }

    @Test func everyKey() throws {
        let configuration = try #require(
            try parse(
                """
                runtime = "python3.12"
                architecture = "arm64"
                function-config = "aws/function.json"
                template = "/abs/template.yaml"
                function = "Orders"
                layers = ["dist/*.zip"]
                select = ["D", "C001"]
                ignore = "C008"
                fail-on = "warning"
                format = "sarif"
                baseline = "layerlint-baseline.json"

                [severity]
                D003 = "error"
                missing-metadata = "info"

                [per-path-ignores]
                "python/numpy.libs/**" = ["C001", "C004"]
                """))
        #expect(configuration.runtime == "python3.12")
        #expect(configuration.architecture == "arm64")
        #expect(configuration.functionConfig == "/work/x/aws/function.json", "relative to the file's folder")
        #expect(configuration.template == "/abs/template.yaml")
        #expect(configuration.function == "Orders")
        #expect(configuration.layers == ["dist/*.zip"])
        #expect(configuration.select == ["D", "C001"])
        #expect(configuration.ignore == ["C008"], "a single string is a list of one")
        #expect(configuration.failOn == "warning")
        #expect(configuration.format == "sarif")
        #expect(configuration.baseline == "/work/x/layerlint-baseline.json")
        #expect(configuration.severity == ["D003": .error, "D004": .info], "names are rule ids")
        #expect(configuration.perPathIgnores == [.init(glob: "python/numpy.libs/**", rules: ["C001", "C004"])])
    }

    @Test func pyprojectTable() throws {
        let text = "[project]\nname = \"x\"\n\n[tool.layerlint]\nruntime = \"python3.11\"\n"
        let configuration = try #require(try parse(text, file: "/p/pyproject.toml", pyproject: true))
        #expect(configuration.runtime == "python3.11")
        #expect(try parse("[project]\nname = \"x\"\n", file: "/p/pyproject.toml", pyproject: true) == nil)
        #expect(
            throws: ConfigurationError.unknownKey(
                file: "/p/pyproject.toml", key: "tool.layerlint.nope",
                known: Configuration.keys, line: 2)
        ) {
            try parse("[tool.layerlint]\nnope = 1\n", file: "/p/pyproject.toml", pyproject: true)
        }
    }

    @Test(arguments: [
        (
            "foo = 1",
            "/work/x/.layerlint.toml:1: unknown key foo (the keys are runtime, architecture, function-config, "
                + "template, function, layers, select, ignore, fail-on, format, baseline, severity, per-path-ignores)"
        ),
        ("runtime = 3", "/work/x/.layerlint.toml:1: runtime must be a string"),
        ("select = [1]", "/work/x/.layerlint.toml:1: select must be an array of strings"),
        (
            "fail-on = \"sometimes\"",
            "/work/x/.layerlint.toml:1: fail-on: \"sometimes\" is not error, warning, info or never"
        ),
        (
            "format = \"xml\"",
            "/work/x/.layerlint.toml:1: format: \"xml\" is not one of text, json, sarif, github, junit, gitlab"
        ),
        ("[severity]\nX999 = \"error\"", "/work/x/.layerlint.toml:2: severity.X999: no rule is called X999"),
        (
            "[severity]\nD003 = \"fatal\"",
            "/work/x/.layerlint.toml:2: severity.D003 must be \"error\", \"warning\" or \"info\""
        ),
        (
            "# rules\nruntime = \"python3.12\"\nselect = [\"D001\", \"D0002\"]",
            "/work/x/.layerlint.toml:3: select: \"D0002\" matches no rule; did you mean D002? give ids (D001), id "
                + "prefixes (D, C00) or names (missing-dependency); `layerlint rules` lists them"
        ),
        (
            "runtim = \"python3.12\"",
            "/work/x/.layerlint.toml:1: unknown key runtim; did you mean runtime? (the keys are runtime, architecture, "
                + "function-config, template, function, layers, select, ignore, fail-on, format, baseline, severity, "
                + "per-path-ignores)"
        ),
        (
            "[per-path-ignores]\n\"x/**\" = \"C001\"",
            "/work/x/.layerlint.toml:2: per-path-ignores.\"x/**\" must be an array of rule selectors"
        ),
    ])
    func errorsNameTheFileAndKey(text: String, message: String) {
        do {
            _ = try parse(text)
            Issue.record("no error for \(text.prefix(40))")
        } catch {
            #expect(error.description == message)
        }
    }
    /// What the TOML parser would crash on (a stack overflow after 4-5 s for 200,000 parts)
    /// or misread (a file of NULs read as empty) is refused first, naming the line; dots,
    /// brackets and NULs-as-escapes inside strings and comments do not count.
    @Test func boundsComeBeforeTheParser() throws {
        let dotted = Array(repeating: "a", count: 200_000).joined(separator: ".")
        let cases: [(String, String)] = [
            ("runtime = \"python3.12\"\n\(dotted) = 1\n", "2: not valid TOML: a dotted key or header of more than 64 parts"),
            ("[\(dotted)]\n", "1: not valid TOML: a dotted key or header of more than 64 parts"),
            ("x = " + String(repeating: "[", count: 100_000), "1: not valid TOML: arrays or inline tables nested more than 64 deep"),
            ("\0\0\0\0", "1: not valid TOML: it holds a NUL byte, which TOML text never does"),
            ("runtime = \"python3.12\"\0", "1: not valid TOML: it holds a NUL byte, which TOML text never does"),
            (String(repeating: "k", count: 2_000) + " = 1", "1: not valid TOML: a key or value of more than 1024 bytes outside quotes"),
            // The parser aborted the process on these (found by scripts/fuzz-configuration).
            ("[= \"warning\"\nformat = \"sarif\"\n", "1: not valid TOML: a table header must begin with a key: a bare name or a quoted string"),
            ("runtime = \"python3.12\"\n  [[#]]\n", "2: not valid TOML: a table header must begin with a key: a bare name or a quoted string"),
            ("[ .a]", "1: not valid TOML: a table header must begin with a key: a bare name or a quoted string"),
            ("a = [1, # a comment\n}\n", "2: not valid TOML: a '}' where no inline table is open"),
            ("a = {b = [1}]", "1: not valid TOML: a '}' where no inline table is open"),
            ("a = 1]", "1: not valid TOML: a ']' where no array or table header is open"),
        ]
        for (text, message) in cases { errorsNameTheFileAndKey(text: text, message: "/work/x/.layerlint.toml:" + message) }
        // Inside strings and comments nothing counts.
        let quoted = "# " + dotted + "\n[per-path-ignores]\n\"" + dotted.prefix(200) + "/**\" = [\"C001\"]\n"
        #expect(try parse(quoted)?.perPathIgnores.count == 1)
        #expect(TOMLBounds.violation(in: "a = '''[[[[\n.....'''\nb = \"\"\"x\\\"\"\"...\"\"\"\n") == nil)
    }


    @Test func syntaxErrorsNameTheLine() {
        do {
            _ = try parse("runtime = \"python3.11\"\nselect = [\n")
            Issue.record("no error")
        } catch {
            #expect(error.description.hasPrefix("/work/x/.layerlint.toml:"))
            if case .syntax(_, let line, _) = error { #expect(line >= 2) } else { Issue.record("\(error)") }
        }
    }

    /// From the working directory upwards, `.layerlint.toml` before `pyproject.toml` in each
    /// folder, and a `pyproject.toml` without the table passed over.
    @Test func discoveryGoesUpwards() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-config-\(UUID().uuidString)")
        let deep = root.appendingPathComponent("a/b/c")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("runtime = \"python3.11\"\n".utf8).write(to: root.appendingPathComponent(".layerlint.toml"))
        try Data("[project]\nname = \"x\"\n".utf8).write(to: root.appendingPathComponent("a/b/pyproject.toml"))
        #expect(try Configuration.discover(from: deep.path)?.runtime == "python3.11")
        try Data("[tool.layerlint]\nruntime = \"python3.13\"\n".utf8).write(
            to: root.appendingPathComponent("a/pyproject.toml"))
        #expect(try Configuration.discover(from: deep.path)?.runtime == "python3.13")
        try Data("runtime = \"python3.12\"\n".utf8).write(to: root.appendingPathComponent("a/.layerlint.toml"))
        #expect(try Configuration.discover(from: deep.path)?.runtime == "python3.12")
    }

    @Test func globs() {
        #expect(Glob.matches("python/numpy.libs/**", "python/numpy.libs/libopenblas.so"))
        #expect(Glob.matches("python/numpy.libs/**", "python/numpy.libs/a/b.so"))
        #expect(!Glob.matches("python/numpy.libs/*", "python/numpy.libs/a/b.so"))
        #expect(Glob.matches("**/*.so", "x.so"))
        #expect(Glob.matches("**/*.so", "python/a/x.so"))
        #expect(!Glob.matches("*.zip", "dist/layer.zip"))
        #expect(Glob.matches("dist/*.zip", "dist/layer.zip"))
        #expect(Glob.matches("dist/layer-?.zip", "dist/layer-1.zip"))
        #expect(!Glob.matches("dist/layer-?.zip", "dist/layer-12.zip"))
        #expect(Glob.matches("python/caf\u{E9}/*.py", "python/caf\u{E9}/x.py"))
        #expect(!Glob.matches("python/caf\u{E9}/*.py", "python/cafe/x.py"))
        #expect(Glob.matches("python/?af\u{E9}\u{1F600}/**", "python/caf\u{E9}\u{1F600}/a/b"))
        // A pattern that backtracks exponentially in a naive matcher stays fast.
        #expect(!Glob.matches(String(repeating: "*a", count: 40) + "b", String(repeating: "a", count: 200)))
    }

    /// The compiled matcher agrees with a plain dynamic program over pattern and path (the
    /// matcher this one replaced) on every pattern and path of up to 5 characters drawn from
    /// `a`, `/`, `*`, `?` (patterns) and `a`, `b`, `/` (paths), and on patterns longer than
    /// one 64-bit word.
    @Test func compiledGlobAgreesWithTheDynamicProgram() throws {
        func all(_ alphabet: [Character], upTo length: Int) -> [String] {
            var found = [""]
            var frontier = [""]
            for _ in 0..<length {
                frontier = frontier.flatMap { prefix in alphabet.map { prefix + String($0) } }
                found += frontier
            }
            return found
        }
        let patterns = all(["a", "/", "*", "?"], upTo: 5)
        let paths = all(["a", "b", "/"], upTo: 5)
        var disagreements: [String] = []
        for pattern in patterns {
            let glob = try #require(Glob(pattern))
            for path in paths where glob.matches(path) != GlobReference.matches(pattern, path) {
                disagreements.append("\(pattern) ~ \(path)")
            }
        }
        #expect(disagreements.count == 0, "\(disagreements.prefix(10))")
        let long = String(repeating: "a/", count: 70) + "**/x?*.so"
        for path in [String(repeating: "a/", count: 70) + "x1.so", String(repeating: "a/", count: 70) + "b/c/x12.so",
            String(repeating: "a/", count: 69) + "x1.so"]
        {
            #expect(try #require(Glob(long)).matches(path) == GlobReference.matches(long, path))
        }
        #expect(Glob(String(repeating: "a", count: Glob.maximumLength + 1)) == nil)
    }

    /// Globs are bounded in length and number, each an error naming the key (a 250,000
    /// character glob or 50,000 globs made every check in the folder run for minutes).
    @Test func globsAreBounded() {
        let long = String(repeating: "a", count: 600)
        let many = (0..<100).map { "\"d\($0)/*.zip\"" }.joined(separator: ", ")
        let cases: [(String, String)] = [
            ("layers = [\"\(long)\"]", "1: layers: \"\(long.prefix(40))...\" is a glob of more than 256 characters"),
            ("layers = [\(many)]", "1: layers: more than 64 globs"),
            ("[per-path-ignores]\n\"\(long)\" = [\"C001\"]", "1: per-path-ignores.\"\(long.prefix(40))...\": a glob of more than 256 characters"),
        ]
        for (text, message) in cases { errorsNameTheFileAndKey(text: text, message: "/work/x/.layerlint.toml:" + message) }
    }

    /// A per-path ignore drops a finding only when every member it is about matches.
    @Test func perPathIgnores() {
        let rule = RuleRegistry.description(for: "C001")!
        let ignores = [Configuration.PathIgnore(glob: "python/numpy.libs/**", rules: ["C001"])]
        let one = Finding(rule: rule, message: "m", archive: "a.zip", path: "python/numpy.libs/x.so")
        let mixed = Finding(
            rule: rule, message: "m", archive: "a.zip", path: "python/numpy.libs/x.so",
            paths: ["python/numpy.libs/x.so", "python/numpy/y.so"])
        let other = Finding(
            rule: RuleRegistry.description(for: "C004")!, message: "m", archive: "a.zip",
            path: "python/numpy.libs/x.so")
        #expect(CheckRun.isIgnored(one, by: ignores))
        #expect(!CheckRun.isIgnored(mixed, by: ignores))
        #expect(!CheckRun.isIgnored(other, by: ignores))
    }

    /// The TOML examples of docs/ci.md and the example file of docs/configuration.md are
    /// configurations layerlint accepts.
    @Test func documentedExamplesParse() throws {
        let example = FixturePaths.packageRoot.appendingPathComponent("Fixtures/config/layerlint.toml")
        #expect(try parse(String(contentsOf: example, encoding: .utf8), file: example.path)?.baseline != nil)
        for document in ["docs/ci.md"] {
            let text = try String(
                contentsOf: FixturePaths.packageRoot.appendingPathComponent(document), encoding: .utf8)
            let blocks = text.components(separatedBy: "```toml\n").dropFirst().compactMap {
                $0.components(separatedBy: "```").first
            }
            #expect(!blocks.isEmpty, "\(document) has a TOML example")
            for block in blocks {
                #expect(throws: Never.self) { try parse(block, file: document) }
            }
        }
    }
}
