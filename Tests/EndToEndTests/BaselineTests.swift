import Foundation
import TestSupport
import Testing

/// `--write-baseline` and `--baseline`: today's findings accepted, a rebuilt ZIP still
/// matching, only new findings failing the gate; and `--statistics`.
@Suite struct BaselineTests {
    let cli = CommandRunner()
    static let target = ["--runtime", "python3.11", "--arch", "x86_64"]

    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-baseline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// deps-conflict.zip with every modification date moved by a day: the same layer rebuilt.
    func rebuilt(into folder: URL) throws -> URL {
        var bytes = Array(
            try Data(contentsOf: FixturePaths.packageRoot.appendingPathComponent("Fixtures/layers/deps-conflict.zip")))
        for index in 0..<(bytes.count - 16) where bytes[index] == 0x50 && bytes[index + 1] == 0x4B {
            switch (bytes[index + 2], bytes[index + 3]) {
            case (3, 4): bytes[index + 12] = bytes[index + 12] &+ 1
            case (1, 2): bytes[index + 14] = bytes[index + 14] &+ 1
            default: continue
            }
        }
        let url = folder.appendingPathComponent("deps-conflict.zip")
        try Data(bytes).write(to: url)
        return url
    }

    @Test func roundTrip() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = folder.appendingPathComponent("layerlint-baseline.json").path
        let written = try cli.run(
            ["check", "Fixtures/layers/deps-conflict.zip"] + Self.target + ["--write-baseline", baseline])
        #expect(written.status == 0)
        #expect(written.stderr == "layerlint: wrote 4 finding(s) to the baseline \(baseline)\n")
        let text = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(!text.contains(FixturePaths.packageRoot.path), "no absolute paths")
        #expect(!text.contains("Fixtures/layers"), "archives by file name")
        // The same layer rebuilt elsewhere with other timestamps: everything accepted.
        let layer = try rebuilt(into: folder)
        let again = try cli.run(["check", layer.path] + Self.target + ["--baseline", baseline])
        #expect(again.status == 0)
        #expect(
            again.stdout.hasSuffix(
                "4 findings accepted by the baseline \(baseline) not shown\nno findings (44 rules checked)\n"))
        // A new defect (another layer with one): only it is reported, and it fails.
        let new = try cli.run(
            ["check", layer.path, "Fixtures/layers/layout-lib64.zip"] + Self.target + [
                "--baseline", baseline,
                "--format", "json",
            ])
        #expect(new.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(new.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.map { "\($0["rule"] ?? "") \($0["path"] ?? "-")" } == ["L002 python/lib64/"])
        #expect((report["baseline"] as? [String: Any])?["accepted"] as? Int == 4)
    }

    /// `name` copied into `folder` as `layer.zip`: one layer's file before and after a rebuild.
    func copied(_ name: String, into folder: URL) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("layer.zip")
        try FileManager.default.copyItem(
            at: FixturePaths.packageRoot.appendingPathComponent("Fixtures/layers/\(name)"), to: url)
        return url.path
    }

    /// Upgrading dependencies changes the versions in the messages and in the .dist-info
    /// folders, not the problems: a baseline written before still accepts every finding after.
    @Test func upgradeKeepsFindingsAccepted() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try copied("deps-conflict-before-upgrade.zip", into: folder.appendingPathComponent("before"))
        let after = try copied("deps-conflict.zip", into: folder.appendingPathComponent("after"))
        let baseline = folder.appendingPathComponent("baseline.json").path
        #expect(try cli.run(["check", before] + Self.target + ["--write-baseline", baseline]).status == 0)
        let text = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(text.contains(#""about": "D002|layer.zip|python/requests.dist-info/METADATA|idna""#))
        #expect(text.contains(#""schemaVersion": 2"#))
        // The messages differ (requests 2.25.0 → 2.25.1, idna 3.7 → 3.10) and so does a path.
        let old = try cli.run(["check", before] + Self.target).stdout
        let new = try cli.run(["check", after] + Self.target).stdout
        #expect(old.contains("requests 2.25.0 requires idna<3,>=2.5, but idna 3.7 is installed"))
        #expect(new.contains("requests 2.25.1 requires idna<3,>=2.5, but idna 3.10 is installed"))
        let result = try cli.run(["check", after] + Self.target + ["--baseline", baseline])
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("4 findings accepted by the baseline \(baseline) not shown\nno findings (44 rules checked)\n"))
        #expect(result.stderr == "")
    }

    /// A baseline of layerlint 0.1 (keyed on messages) is read with its own keys, with a note
    /// to write it again; the file is left as it was.
    @Test func oldBaselineIsReadWithANote() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let layer = try copied("deps-conflict-before-upgrade.zip", into: folder)
        let file = FixturePaths.packageRoot.appendingPathComponent("Fixtures/baselines/layer-0.1.json")
        let bytes = try Data(contentsOf: file)
        let result = try cli.run(["check", layer] + Self.target + ["--baseline", file.path])
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("4 findings accepted by the baseline \(file.path) not shown\nno findings (44 rules checked)\n"))
        #expect(
            result.stderr
                == "layerlint: note: the baseline \(file.path) is in layerlint 0.1's format (findings keyed on their "
                + "messages); it was read as such. Write it again with --write-baseline to key findings on rule, member "
                + "and subject, so that upgrading a dependency keeps them accepted\n")
        #expect(try Data(contentsOf: file) == bytes)
    }

    /// A baseline is never written over an input (the layer, or the baseline being read).
    @Test func baselineNeverOverwritesAnInput() throws {
        let layer = "Fixtures/layers/layout-root.zip"
        let before = try Data(contentsOf: FixturePaths.packageRoot.appendingPathComponent(layer))
        let result = try cli.run(["check", layer, "--write-baseline", layer])
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "layerlint: error: --write-baseline \(layer) is one of the inputs; layerlint never writes over what it was given: name another file\n"
        )
        #expect(try Data(contentsOf: FixturePaths.packageRoot.appendingPathComponent(layer)) == before)
    }

    @Test func badBaselineExitsTwo() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("b.json")
        try Data("{\"findings\": 3}".utf8).write(to: file)
        let malformed = try cli.run(["check", "Fixtures/layers/deps-conflict.zip", "--baseline", file.path])
        #expect(malformed.status == 2)
        #expect(
            malformed.stderr
                == "layerlint: error: \(file.path): it is not a layerlint baseline (write one with --write-baseline)\n")
        let missing = try cli.run(["check", "Fixtures/layers/deps-conflict.zip", "--baseline", "nope.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "layerlint: error: cannot read the baseline nope.json: it cannot be opened\n")
    }

    /// A FIFO or a device given as a baseline or configuration is refused at once, never read
    /// (opening a FIFO would block, /dev/zero never ends).
    @Test func onlyRegularFilesAreRead() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("layerlint-fifo-\(UUID().uuidString)")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        defer { try? FileManager.default.removeItem(at: fifo) }
        for arguments in [["--baseline", fifo.path], ["--config", fifo.path], ["--baseline", "/dev/zero"]] {
            let result = try cli.run(["check", "Fixtures/layers/layout-root.zip"] + arguments)
            #expect(result.status == 2)
            #expect(result.stderr.hasSuffix("\(arguments[1]): it is not a regular file\n"), "\(result.stderr)")
        }
    }

    @Test func statistics() throws {
        let result = try cli.run(
            ["check", "Fixtures/layers/deps-conflict.zip", "Fixtures/layers/native-vendored.zip"] + Self.target
                + ["--statistics"])
        #expect(result.status == 1)
        #expect(
            result.stdout == """
                2  D002  version-conflict (error)
                1  C001  architecture-mismatch (info)
                1  C002  foreign-os-binary (info)
                1  C008  deprecated-runtime (warning)
                1  D007  shadows-runtime (info)
                6 findings from 5 rules (44 checked)

                """)
        let json = try cli.run(
            ["check", "Fixtures/layers/deps-conflict.zip"] + Self.target + ["--statistics", "--format", "json"])
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(counts.first?["rule"] as? String == "D002")
        #expect(counts.first?["count"] as? Int == 2)
    }
}

/// `check --each`: unrelated layers (a hook's staged files) checked on their own, so that
/// one layer's urllib3 does not "hide" another's.
@Suite struct EachLayerTests {
    let cli = CommandRunner()

    @Test func eachLayerOnItsOwn() throws {
        let layers = ["Fixtures/layers/deps-urllib3-v1.zip", "Fixtures/layers/deps-urllib3-v2.zip"]
        func rules(_ extra: [String]) throws -> [String] {
            let result = try cli.run(["check"] + layers + ["--runtime", "python3.11", "--format", "json"] + extra)
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect((report["inputs"] as? [Any])?.count == 2)
            return (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        }
        #expect(try rules([]).contains("D006"), "as one function's layers, one urllib3 hides the other")
        let each = try rules(["--each"])
        #expect(!each.contains("D006"))
        #expect(each.filter { $0 == "C008" }.count == 1, "a finding about the target once")
    }
}

/// A function that uses no layer: `check --function-zip` alone, its dependencies resolved
/// in /var/task, the fix installing into the package's own root.
@Suite struct FunctionWithoutLayersTests {
    let cli = CommandRunner()

    @Test func functionPackageAlone() throws {
        var builder = ZipBuilder()
        builder.add("lambda_function.py", "import requests\n")
        builder.add("requests/__init__.py", "import idna  # as the real requests does\n")
        builder.add(
            "requests-2.32.3.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: requests\nVersion: 2.32.3\nRequires-Dist: idna<4,>=2.5\n\n")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-function-\(UUID().uuidString).zip")
        try Data(builder.bytes()).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try cli.run(["check", "--function-zip", url.path, "--runtime", "python3.12", "--arch", "x86_64"])
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                "requests 2.32.3 requires idna<4,>=2.5, which neither the layers nor the function package provide; "
                    + "importing requests fails (requests/__init__.py line 1 imports idna)\n"))
        #expect(
            result.stdout.contains(
                "fix: add it to the function package: pip freeze --path . > /tmp/layer-pins.txt && pip install "))
        #expect(result.stdout.contains("--upgrade --target . -c /tmp/layer-pins.txt 'idna<4,>=2.5'\n"))
        let nothing = try cli.run(["check", "--runtime", "python3.12"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("or --function-zip for a function without layers"))
    }
}

/// `inspect A.zip B.zip`: each layer's report, then the merged /opt view: where each
/// importable name comes from and which later layer's files replace an earlier one's.
@Suite struct InspectSeveralLayersTests {
    let cli = CommandRunner()
    static let layers = ["Fixtures/layers/deps-urllib3-v1.zip", "Fixtures/layers/deps-split-urllib3.zip"]

    @Test func mergedViewInText() throws {
        let result = try cli.run(["inspect"] + Self.layers)
        #expect(result.status == 0)
        #expect(
            result.stdout.hasSuffix(
                """
                merged /opt of 2 layers (Fixtures/layers/deps-urllib3-v1.zip, Fixtures/layers/deps-split-urllib3.zip):
                  certifi (package) in /opt/python: from Fixtures/layers/deps-split-urllib3.zip
                  six (module) in /opt/python: from Fixtures/layers/deps-urllib3-v1.zip
                  urllib3 (package) in /opt/python: in Fixtures/layers/deps-urllib3-v1.zip and \
                Fixtures/layers/deps-split-urllib3.zip; Fixtures/layers/deps-split-urllib3.zip's files replace the \
                others' where both have one

                """))
    }

    @Test func mergedViewInJSON() throws {
        let result = try cli.run(["inspect"] + Self.layers + ["--format", "json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(root["schemaVersion"] as? Int == 1)
        #expect((root["layers"] as? [[String: Any]])?.count == 2)
        let names = try #require((root["merged"] as? [String: Any])?["importNames"] as? [[String: Any]])
        let urllib3 = try #require(names.first { $0["name"] as? String == "urllib3" })
        #expect(urllib3["layers"] as? [String] == Self.layers)
        // One archive keeps the single-report shape.
        let single = try cli.run(["inspect", Self.layers[0], "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as? [String: Any])
        #expect(object["merged"] == nil && object["entries"] != nil)
    }
}
