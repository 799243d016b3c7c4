import Foundation
import TestSupport
import Testing

/// `--version`, and a newer runtime catalog without a new layerlint (`--catalog FILE`,
/// `LAYERLINT_CATALOG`), issue 16.
@Suite struct CatalogOptionTests {
    let cli = CommandRunner()

    @Test func versionNamesTheCatalogDate() throws {
        let result = try cli.run("--version")
        #expect(result.status == 0)
        #expect(result.stdout == "0.2.0 (runtime catalog as of 2026-11-20)\n")
    }

    /// The compiled-in catalog with a python3.15 runtime added, as AWS would announce one.
    static func catalogWithPython315() throws -> String {
        let source = FixturePaths.packageRoot.appendingPathComponent("Sources/LambdaPlatform/Resources/runtimes.json")
        var catalog = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        var runtimes = try #require(catalog["runtimes"] as? [[String: Any]])
        var entry = try #require(runtimes.first { $0["identifier"] as? String == "python3.14" })
        var python = try #require(entry["python"] as? [String: Any])
        entry["identifier"] = "python3.15"
        python["version"] = "3.15"
        python["sysPath"] = [
            "/var/task", "/opt/python/lib/python3.15/site-packages", "/opt/python",
            "/var/lang/lib/python3.15/site-packages", "/var/runtime",
        ]
        python["runtimePackagesPath"] = "/var/lang/lib/python3.15/site-packages"
        entry["python"] = python
        runtimes.append(entry)
        catalog["runtimes"] = runtimes
        catalog["asOf"] = "2027-01-15"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: catalog, options: [.prettyPrinted]).write(to: url)
        return url.path
    }

    @Test func aCatalogFileAddsARuntime() throws {
        let catalog = try Self.catalogWithPython315()
        defer { try? FileManager.default.removeItem(atPath: catalog) }
        let layer = "Fixtures/layers/deps-requests-complete.zip"
        let unknown = try cli.run(["check", layer, "--runtime", "python3.15"])
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr.hasPrefix("layerlint: error: --runtime: unknown runtime \"python3.15\"; known runtimes: "))
        for (arguments, environment) in [
            (["--catalog", catalog], [:]), ([], ["LAYERLINT_CATALOG": catalog]),
        ] {
            let result = try cli.run(
                ["check", layer, "--runtime", "python3.15", "--arch", "x86_64"] + arguments, environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("target: python3.15 on x86_64 (from the command line)\n"))
            #expect(result.stdout.contains("/var/lang/lib/python3.15/site-packages"))
            let why = try cli.run(
                ["why", "requests", layer, "--runtime", "python3.15"] + arguments, environment: environment)
            #expect(why.status == 0, "\(why.stderr)")
            #expect(why.stdout.contains("/opt/python/lib/python3.15/site-packages"))
        }
        // --catalog wins over the environment.
        let both = try cli.run(
            ["check", layer, "--runtime", "python3.15", "--catalog", catalog],
            environment: ["LAYERLINT_CATALOG": "/nonexistent.json"])
        #expect(both.status == 0)
    }

    @Test func anUnusableCatalogIsAnErrorNamingIt() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).json")
        try Data(#"{"schemaVersion": 1, "asOf": "2027-01-15"}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let layer = "Fixtures/layers/deps-requests-complete.zip"
        for (path, reason) in [
            (url.path, "operatingSystems is missing"), ("/nonexistent.json", "it cannot be opened"),
            ("/dev/zero", "it is not a regular file"),
        ] {
            let result = try cli.run(["check", layer, "--runtime", "python3.12", "--catalog", path])
            #expect(result.status == 2)
            #expect(result.stderr == "layerlint: error: the runtime catalog \(path) cannot be used: \(reason)\n")
            let why = try cli.run(
                ["why", "requests", layer, "--runtime", "python3.12"], environment: ["LAYERLINT_CATALOG": path])
            #expect(why.status == 2)
            #expect(why.stderr == "layerlint: error: the runtime catalog \(path) cannot be used: \(reason)\n")
        }
    }
}
