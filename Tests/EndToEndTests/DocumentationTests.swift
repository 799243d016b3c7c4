import Foundation
import TestSupport
import Testing

/// The README and the documents in docs/ show real output: every block that starts with
/// `$ layerlint …` on files of this repository is the exact output of that command, and each
/// link points at a file (and heading) that exists. The blocks on `layer.zip`, a layer built
/// from the real requests wheel, are checked by scripts/requests-story --check-readme, which
/// needs PyPI. `RECORD_SNAPSHOTS=1 swift test --filter DocumentationTests` writes the current
/// outputs into the documents; review the diff.
@Suite struct DocumentationTests {
    let cli = CommandRunner()
    static let root = FixturePaths.packageRoot

    /// The Markdown files a reader of the repository meets.
    static var documents: [String] {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        return ["README.md", "CONTRIBUTING.md", "ARCHITECTURE.md", "CHANGELOG.md", "Fixtures/README.md"]
            + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }

    static func text(_ document: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(document), encoding: .utf8)
    }

    /// Each fenced block whose first line is `$ layerlint ARGS`: its arguments, and the
    /// range of the output lines after it.
    struct Example {
        let arguments: [String]
        let output: Range<String.Index>
    }

    static func examples(in text: String) -> [Example] {
        var found: [Example] = []
        var searchFrom = text.startIndex
        while let open = text.range(of: "```\n$ layerlint ", range: searchFrom..<text.endIndex) {
            guard let lineEnd = text[open.upperBound...].firstIndex(of: "\n"),
                let close = text.range(of: "\n```", range: lineEnd..<text.endIndex)
            else { break }
            let command = text[open.upperBound..<lineEnd]
            let arguments = command.split(separator: " ").map(String.init)
            found.append(Example(arguments: arguments, output: text.index(after: lineEnd)..<text.index(after: close.lowerBound)))
            searchFrom = close.upperBound
        }
        return found
    }

    /// Whether every path the command names is a file of this repository (`layer.zip` of the
    /// real-package example is not).
    static func runsHere(_ arguments: [String]) -> Bool {
        arguments.filter { $0.contains(".zip") || $0.hasSuffix(".toml") || $0.hasSuffix(".json") }
            .filter { !$0.hasPrefix("/tmp/") }
            .allSatisfy { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }
    }

    @Test(arguments: documents)
    func examplesShowTheirOutput(document: String) throws {
        var text = try Self.text(document)
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        var skipped: [String] = []
        // From the last, so that rewriting one output leaves the earlier ranges valid.
        for example in Self.examples(in: text).reversed() {
            guard Self.runsHere(example.arguments) else {
                skipped.append(example.arguments.joined(separator: " "))
                continue
            }
            let output = try cli.run(example.arguments).stdout
            if record {
                text.replaceSubrange(example.output, with: output)
            } else {
                #expect(
                    String(text[example.output]) == output,
                    "\(document) does not show the current output of layerlint \(example.arguments.joined(separator: " "))")
            }
        }
        if record { try text.write(to: Self.root.appendingPathComponent(document), atomically: true, encoding: .utf8) }
        // Only the real-package example, which scripts/requests-story checks, is not run here.
        #expect(skipped.allSatisfy { $0.contains("layer.zip --runtime python3.12 --arch x86_64") }, "\(skipped)")
    }

    /// The README's first command: a bundled layer with the mistake of the real example.
    @Test func readmeQuickStart() throws {
        let readme = try Self.text("README.md")
        let command = "swift run layerlint check Fixtures/layers/deps-requests-nodeps.zip --runtime python3.12 --arch x86_64"
        #expect(readme.contains("```sh\n" + command + "\nswift test\n```"))
        let result = try cli.run(Array(command.split(separator: " ").dropFirst(3).map(String.init)))
        #expect(result.status == 1)
        #expect(result.stdout.contains("error[D001 missing-dependency]"))
        #expect(result.stdout.contains("warning[D003 runtime-provided-dependency]"))
        #expect(result.stdout.hasSuffix("1 error, 1 warning, 0 info (44 rules checked)\n"))
        #expect(readme.contains("one error (D001) and one warning (D003) and\nexits 1"))
    }

    /// A newcomer reads the README top to bottom: it stays short.
    @Test func readmeStaysShort() throws {
        let size = try Self.text("README.md").utf8.count
        #expect(size <= 12 * 1024, "README.md is \(size) bytes; reference material belongs in docs/")
    }

    /// Every relative link leads to a file of the repository, and a `#heading` to a heading
    /// there; nothing points outside the repository.
    @Test(arguments: documents)
    func linksResolve(document: String) throws {
        let text = try Self.text(document)
        let folder = (document as NSString).deletingLastPathComponent
        // CONTRIBUTING.md says which optional checks run when a corpus is placed beside the clone.
        #expect(
            !text.contains("SPEC.md") && (document == "CONTRIBUTING.md" || !text.contains("../shared")),
            "\(document) refers outside the repository")
        var searchFrom = text.startIndex
        while let open = text.range(of: "](", range: searchFrom..<text.endIndex) {
            guard let close = text[open.upperBound...].firstIndex(of: ")") else { break }
            searchFrom = close
            let target = String(text[open.upperBound..<close])
            if target.hasPrefix("http://") || target.hasPrefix("https://") || target.contains(" ") { continue }
            let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let file = parts[0].isEmpty ? document : (folder as NSString).appendingPathComponent(parts[0])
            let path = Self.root.appendingPathComponent(file).standardizedFileURL.path
            #expect(
                path.hasPrefix(Self.root.standardizedFileURL.path) && FileManager.default.fileExists(atPath: path),
                "\(document) links to \(target), which does not exist")
            if parts.count == 2, file.hasSuffix(".md"), let linked = try? String(contentsOfFile: path, encoding: .utf8) {
                #expect(Self.anchors(in: linked).contains(parts[1]), "\(document) links to \(target): no such heading")
            }
        }
    }

    /// GitHub's anchors of a Markdown file's headings: lower case, spaces as hyphens, other
    /// punctuation dropped.
    static func anchors(in text: String) -> Set<String> {
        var anchors = Set<String>()
        var inFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle() }
            guard !inFence, line.hasPrefix("#") else { continue }
            let title = line.drop { $0 == "#" }.drop { $0 == " " }
            var anchor = ""
            for character in title.lowercased() {
                if character.isLetter || character.isNumber || character == "-" || character == "_" {
                    anchor.append(character)
                } else if character == " " {
                    anchor.append("-")
                }
            }
            anchors.insert(anchor)
        }
        return anchors
    }
}
