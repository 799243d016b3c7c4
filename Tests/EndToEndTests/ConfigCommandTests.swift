import Foundation
import TestSupport
import Testing

/// `check` with a configuration file: found from the working directory upwards, the command
/// line winning over it, `layers` globs for hooks that pass no file names, `[severity]` and
/// `[per-path-ignores]` applied, `--show-config` saying where each setting came from, and a
/// bad file exiting 2 with its name.
@Suite struct ConfigCommandTests {
    let cli = CommandRunner()

    /// A project folder with two layers under dist/ and the configuration given.
    func project(_ configuration: String, name: String = ".layerlint.toml") throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-project-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("dist"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("src/app"), withIntermediateDirectories: true)
        for layer in ["deps-requests-nodeps.zip", "native-vendored.zip"] {
            try FileManager.default.copyItem(
                at: FixturePaths.packageRoot.appendingPathComponent("Fixtures/layers/" + layer),
                to: root.appendingPathComponent("dist/" + layer))
        }
        try Data(configuration.utf8).write(to: root.appendingPathComponent(name))
        return root
    }

    static let configuration = """
        runtime = "python3.11"
        architecture = "x86_64"
        layers = ["dist/*.zip"]
        ignore = ["C008"]
        fail-on = "warning"

        [severity]
        D003 = "error"

        [per-path-ignores]
        "python/fastmath.libs/**" = ["C001"]
        """

    @Test func settingsComeFromTheFileFoundUpwards() throws {
        let root = try project(Self.configuration)
        defer { try? FileManager.default.removeItem(at: root) }
        // From a subfolder: the file is found upwards, its layers globbed from its folder.
        let result = try cli.run(["check", "--format", "json"], in: root.appendingPathComponent("src/app"))
        #expect(result.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(
            findings.map { "\($0["rule"] ?? "") \($0["severity"] ?? "") \($0["path"] ?? "-")" } == [
                "D001 error python/requests-2.32.3.dist-info/METADATA",
                "D003 error python/requests-2.32.3.dist-info/METADATA",
                "C001 info python/fastmath.libs/libgfortran-5f8b2e1a.so.5.0.0",
                "C002 info python/fastmath/_core.cp311-win_amd64.pyd",
            ], "C008 ignored, D003 raised to error, the fastmath.libs C001 ignored by path")
        let target = try #require(report["target"] as? [String: Any])
        #expect(target["runtime"] as? String == "python3.11")
        #expect(target["source"] as? String == "config")
        let inputs = try #require(report["inputs"] as? [[String: Any]]).compactMap { $0["path"] as? String }
        let dist = root.standardizedFileURL.path + "/dist/"
        #expect(
            inputs == [dist + "deps-requests-nodeps.zip", dist + "native-vendored.zip"],
            "outside the working directory: absolute")
    }

    /// The command line wins over the file, and --show-config says so.
    @Test func commandLineWins() throws {
        let root = try project(Self.configuration)
        defer { try? FileManager.default.removeItem(at: root) }
        let shown = try cli.run(["check", "--show-config", "--runtime", "python3.12", "--fail-on", "error"], in: root)
        #expect(shown.status == 0)
        let file = root.appendingPathComponent(".layerlint.toml").standardizedFileURL.path
        let lines = shown.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "config file: \(file)")
        #expect(lines.contains("runtime           python3.12  (command line)"))
        #expect(lines.contains("architecture      x86_64  (\(file))"))
        #expect(lines.contains("layers            dist/deps-requests-nodeps.zip, dist/native-vendored.zip  (\(file))"))
        #expect(lines.contains("fail-on           error  (command line)"))
        #expect(lines.contains("format            text  (default)"))
        #expect(lines.contains("severity          D003 = error  (\(file))"))
        // A layer on the command line replaces the globs; --fail-on error passes warnings.
        let passing = try cli.run(
            ["check", "dist/native-vendored.zip", "--fail-on", "error", "--ignore", "C"], in: root)
        #expect(passing.status == 0)
    }

    /// --show-config prints every setting in effect: the baseline a file sets, and those only
    /// the command line or the environment set.
    @Test func showConfigShowsEverySetting() throws {
        let root = try project("runtime = \"python3.12\"\nbaseline = \"layerlint-baseline.json\"\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let shown = try cli.run(
            ["check", "--show-config", "--verify", "--output", "report.txt"],
            environment: ["LAYERLINT_CACHE_DIR": "/tmp/cache", "LAYERLINT_NO_CACHE": ""], in: root)
        let file = root.appendingPathComponent(".layerlint.toml").standardizedFileURL.path
        #expect(
            shown.stdout.split(separator: "\n").dropFirst(11).map(String.init) == [
                "baseline          layerlint-baseline.json  (\(file))",
                "severity          (not set)  (default)",
                "per-path-ignores  (not set)  (default)",
                "function-zip      (not set)  (default)",
                "catalog           (compiled in)  (default)",
                "cache             /tmp/cache  (environment LAYERLINT_CACHE_DIR)",
                "layer-metadata    (not set)  (default)",
                "output            report.txt  (command line)",
                "write-baseline    (not set)  (default)",
                "hash              no  (default)",
                "verify            yes  (command line)",
                "statistics        no  (default)",
                "each              no  (default)",
            ])
    }

    @Test func pyprojectToolTable() throws {
        let root = try project(
            "[project]\nname = \"orders\"\n\n[tool.layerlint]\nruntime = \"python3.11\"\n\n"
                + "[tool.layerlint.severity]\nD003 = \"error\"\n", name: "pyproject.toml")
        defer { try? FileManager.default.removeItem(at: root) }
        let shown = try cli.run(["check", "--show-config"], in: root)
        let file = root.appendingPathComponent("pyproject.toml").standardizedFileURL.path
        #expect(shown.stdout.contains("runtime           python3.11  (\(file))\n"))
        #expect(shown.stdout.contains("severity          D003 = error  (\(file))\n"))
    }

    @Test(arguments: [
        ("foo = 1\n", ".layerlint.toml:1: unknown key foo"),
        ("runtime = [\n", ".layerlint.toml:1: not valid TOML"),
        ("runtime = \"python2.7\"\nlayers = [\"dist/*.zip\"]\n", ".layerlint.toml:1: runtime: unknown runtime \"python2.7\""),
        ("layers = [\"nothing/*.zip\"]\n", "match no file"),
    ])
    func badConfigurationExitsTwo(text: String, message: String) throws {
        let root = try project(text)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try cli.run(["check"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func explicitConfigFile() throws {
        let root = try project("runtime = \"python3.13\"\n", name: "ci.toml")
        defer { try? FileManager.default.removeItem(at: root) }
        let shown = try cli.run(["check", "--config", "ci.toml", "--show-config"], in: root)
        #expect(shown.stdout.contains("runtime           python3.13  (ci.toml)"))
        let missing = try cli.run(["check", "--config", "nope.toml", "dist/native-vendored.zip"], in: root)
        #expect(missing.status == 2)
        #expect(missing.stderr == "layerlint: error: cannot read nope.toml: it cannot be opened\n")
    }
}
