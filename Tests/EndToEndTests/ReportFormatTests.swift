import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `check --format sarif|github|junit|gitlab`: golden outputs on the same layers, byte for
/// byte the same on a second run, and hostile entry names kept as text in every format.
@Suite struct ReportFormatTests {
    let cli = CommandRunner()

    static let layers = ["Fixtures/layers/deps-conflict.zip", "Fixtures/layers/native-vendored.zip"]
    static let target = ["--runtime", "python3.11", "--arch", "x86_64"]
    static let snapshots = [
        "sarif": "check.sarif", "github": "check.github.txt", "junit": "check.junit.xml",
        "gitlab": "check.gitlab.json",
    ]

    @Test(arguments: ["sarif", "github", "junit", "gitlab"])
    func goldenOutputIsDeterministic(format: String) throws {
        let first = try cli.run(["check"] + Self.layers + Self.target + ["--format", format])
        let second = try cli.run(["check"] + Self.layers + Self.target + ["--format", format])
        #expect(first.status == 1)
        #expect(first.stderr.isEmpty)
        #expect(first.stdout == second.stdout, "two runs give the same bytes")
        cli.expectSnapshot(first.stdout, Self.snapshots[format] ?? format)
    }

    /// A JUnit test tab is red exactly when the gate fails: a layer with only an info note
    /// passes at the default `--fail-on error` (the note in `system-out`), and fails with
    /// `--fail-on info`.
    @Test func junitFailsOnlyAtTheGate() throws {
        let arguments = [
            "check", "Fixtures/layers/deps-requests-complete.zip", "--runtime", "python3.12", "--arch", "x86_64",
            "--format", "junit",
        ]
        let passing = try cli.run(arguments)
        #expect(passing.status == 0)
        #expect(passing.stdout.contains(#"<testsuites name="layerlint" tests="44" failures="0" errors="0">"#))
        #expect(!passing.stdout.contains("<failure"))
        #expect(
            passing.stdout.contains(
                "      <system-out>info: the layer bundles urllib3 2.2.3, overriding the runtime&apos;s own copies in "
                    + "/var/lang/lib/python3.12/site-packages&#10;fix: nothing to do if you meant to pin these versions; "
                    + "otherwise leave them out of the layer</system-out>\n"))
        let failing = try cli.run(arguments + ["--fail-on", "info"])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains(#"<testsuites name="layerlint" tests="44" failures="1" errors="0">"#))
        #expect(failing.stdout.contains(#"<failure type="info" message="the layer bundles urllib3 2.2.3"#))
    }

    /// GitLab's category comes from the rule's family: bloat is performance, not a bug risk.
    @Test func gitlabCategoriesFollowTheFamily() throws {
        let result = try cli.run([
            "check", "Fixtures/layers/bloat-junk.zip", "--runtime", "python3.12", "--arch", "x86_64", "--format", "gitlab",
        ])
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let categories = issues.map { "\($0["check_name"] ?? "") \(($0["categories"] as? [String]) ?? [])" }
        #expect(
            categories == [
                #"S004 removable-bloat ["Performance"]"#, #"L003 nested-layout ["Bug Risk"]"#,
                #"D004 missing-metadata ["Bug Risk"]"#, #"L006 foreign-bytecode ["Bug Risk"]"#,
            ])
    }

    /// The SARIF GitHub code scanning needs beyond the schema: rules with their texts, results
    /// with rule, level, message, a relative URI at line 1, the member, and fingerprints that
    /// survive a rebuild of the ZIP with other timestamps.
    @Test func sarifHasWhatCodeScanningNeeds() throws {
        let result = try cli.run(["check"] + Self.layers + Self.target + ["--format", "sarif"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(root["version"] as? String == "2.1.0")
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.count == 44)
        for rule in rules {
            for key in ["id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"] {
                #expect(rule[key] != nil, "rule \(rule["id"] ?? "?") has \(key)")
            }
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        for result in results {
            let id = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == id)
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            let location = try #require((result["locations"] as? [[String: Any]])?.first)
            let physical = try #require(location["physicalLocation"] as? [String: Any])
            let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
            #expect(Self.layers.contains(uri), "relative to the working directory: \(uri)")
            #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 1)
            let fingerprint = (result["partialFingerprints"] as? [String: String])?["layerlintFinding/v2"]
            #expect(fingerprint?.count == 64)
        }
    }

    /// The same layer zipped again with other timestamps keeps every fingerprint.
    @Test func fingerprintsSurviveARebuild() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("layerlint-rebuild-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = FixturePaths.packageRoot.appendingPathComponent("Fixtures/layers/deps-conflict.zip")
        var bytes = Array(try Data(contentsOf: original))
        // Move every modification date (local and central headers) by a day.
        for index in 0..<(bytes.count - 16) where bytes[index] == 0x50 && bytes[index + 1] == 0x4B {
            let offset: Int
            switch (bytes[index + 2], bytes[index + 3]) {
            case (3, 4): offset = 12
            case (1, 2): offset = 14
            default: continue
            }
            bytes[index + offset] = bytes[index + offset] &+ 1
        }
        let rebuilt = folder.appendingPathComponent("deps-conflict.zip")
        try Data(bytes).write(to: rebuilt)
        func fingerprints(_ path: String) throws -> [String] {
            let result = try cli.run(["check", path] + Self.target + ["--format", "gitlab"])
            let issues = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            return issues.compactMap { $0["fingerprint"] as? String }
        }
        let before = try fingerprints("Fixtures/layers/deps-conflict.zip")
        #expect(!before.isEmpty)
        #expect(Set(before).count == before.count, "unique within the report")
        #expect(try fingerprints(rebuilt.path) == before)
    }

    /// A layer whose member names hold `,`, `:`, `%`, a newline and an escape sequence.
    static func hostileLayer() throws -> URL {
        var builder = ZipBuilder()
        let name = "python/a,b:c%25d\nx\u{1B}[31m.py"
        builder.add(name, "X = 1\n")
        builder.add(name, "X = 2\n")  // Z004: the same name twice
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-hostile-\(UUID().uuidString).zip")
        try Data(builder.bytes()).write(to: url)
        return url
    }

    static let hostileName = "python/a,b:c%25d\nx\u{1B}[31m.py"

    /// Workflow commands: one line per finding, no raw control character, and the runner's
    /// unescaping gives back the original name and message.
    @Test func githubCommandsCannotBeInjected() throws {
        let layer = try Self.hostileLayer()
        defer { try? FileManager.default.removeItem(at: layer) }
        let result = try cli.run(["check", layer.path, "--select", "Z004", "--format", "github"])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 2, "one command and the summary line")
        let command = String(lines[0])
        #expect(!command.unicodeScalars.contains { $0.value < 0x20 })
        #expect(command.hasPrefix("::warning file="))
        // Parse as the runner does: properties up to the next "::", then the data.
        let body = command.dropFirst("::warning ".count)
        let separator = try #require(body.range(of: "::"))
        let properties = body[..<separator.lowerBound].split(separator: ",").map { String($0) }
        func unescape(_ text: String) -> String {
            text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
                .replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",")
                .replacingOccurrences(of: "%1B", with: "\u{1B}").replacingOccurrences(of: "%25", with: "%")
        }
        let title = try #require(properties.first { $0.hasPrefix("title=") }).dropFirst("title=".count)
        #expect(unescape(String(title)) == "Z004 duplicate-entry: " + Self.hostileName)
        let message = unescape(String(body[separator.upperBound...]))
        #expect(message.hasPrefix("the name appears more than once (entries 1 and 2)"))
        #expect(message.contains("\nfix: "), "the fix on its own line of the annotation")
    }

    /// SARIF, GitLab and JSON keep the name exactly (JSON escapes control characters); JUnit
    /// is well-formed XML with no raw control character.
    @Test func otherFormatsKeepHostileNamesAsText() throws {
        let layer = try Self.hostileLayer()
        defer { try? FileManager.default.removeItem(at: layer) }
        let sarif = try cli.run(["check", layer.path, "--select", "Z004", "--format", "sarif"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let result = try #require(((root["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        let logical = try #require(
            ((result["locations"] as? [[String: Any]])?.first?["logicalLocations"] as? [[String: Any]])?.first)
        #expect(logical["fullyQualifiedName"] as? String == Self.hostileName)
        let gitlab = try cli.run(["check", layer.path, "--select", "Z004", "--format", "gitlab"])
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(gitlab.stdout.utf8)) as? [[String: Any]])
        #expect((issues.first?["description"] as? String)?.hasPrefix(Self.hostileName + ": ") == true)
        let junit = try cli.run(["check", layer.path, "--select", "Z004", "--format", "junit"])
        #expect(!junit.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let parser = XMLParser(data: Data(junit.stdout.utf8))
        #expect(parser.parse(), "well-formed XML")
    }

    /// An annotation names the file relative to the working directory (the repository root),
    /// also for a layer given by its absolute path.
    @Test func githubAnnotationsUseRelativePaths() throws {
        let absolute = FixturePaths.packageRoot.appendingPathComponent("Fixtures/layers/layout-lib64.zip").path
        let result = try cli.run(["check", absolute, "--runtime", "python3.12", "--format", "github"])
        #expect(result.stdout.hasPrefix("::error file=Fixtures/layers/layout-lib64.zip,title=L002 wrong-python-path"))
    }

    /// In GitHub Actions the counts and findings also go to the job summary, appended.
    @Test func githubStepSummary() throws {
        let summary = FileManager.default.temporaryDirectory.appendingPathComponent("layerlint-summary-\(getpid()).md")
        try Data("earlier step\n".utf8).write(to: summary)
        defer { try? FileManager.default.removeItem(at: summary) }
        let result = try cli.run(
            ["check", "Fixtures/layers/deps-conflict.zip"] + Self.target + ["--format", "github"],
            environment: ["GITHUB_STEP_SUMMARY": summary.path])
        #expect(result.status == 1)
        let text = try String(contentsOf: summary, encoding: .utf8)
        #expect(text.hasPrefix("earlier step\n## layerlint\n\n2 errors, 1 warning"))
        #expect(text.contains("| D002 version-conflict | error | 2 |"))
    }
}
