import Foundation
import TestSupport
import Testing

/// `layerlint check` as a user runs it: target resolution, inputs, and every bad input.
@Suite struct CheckCommandTests {
    let cli = CommandRunner()

    /// The function's own LD_LIBRARY_PATH (its configuration's Environment) is the loader's:
    /// a library beside its module in python/ is missing by default and found when the
    /// function's path names that folder.
    @Test func theFunctionsLibraryPathComesFromItsConfiguration() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("layerlint-ldpath-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var zip = ZipBuilder()
        zip.add("python/pkg/__init__.py", data: Array("from . import _core\n".utf8))
        for (path, fixture) in [
            ("python/pkg/_core.abi3.so", "elf-x86_64-needs-native.so"),
            ("python/pkg/libfastmath_native.so.1", "elf-x86_64-libfastmath-native.so.1"),
        ] {
            zip.add(path, data: Array(try Data(contentsOf: FixturePaths.binary(fixture))))
        }
        let layer = folder.appendingPathComponent("layer.zip")
        try Data(zip.bytes()).write(to: layer)
        func configuration(_ variables: String) throws -> String {
            let file = folder.appendingPathComponent("config-\(variables.count).json")
            try Data(
                ("{\"FunctionName\": \"f\", \"Runtime\": \"python3.12\", \"Handler\": \"app.handler\", "
                    + "\"Architectures\": [\"x86_64\"], \"Environment\": {\"Variables\": {\(variables)}}}").utf8
            ).write(to: file)
            return file.path
        }
        let plain = try cli.run(
            "check", layer.path, "--function-config", try configuration(""), "--select", "C010", "--format", "json")
        #expect(plain.status == 1)
        #expect(plain.stdout.contains("\"rule\" : \"C010\"") || plain.stdout.contains("\"rule\": \"C010\""))
        let own = try cli.run(
            "check", layer.path, "--function-config",
            try configuration("\"LD_LIBRARY_PATH\": \"/opt/python/pkg:/opt/lib\""), "--select", "C010")
        #expect(own.status == 0, "\(own.stdout)")
        #expect(own.stdout.hasSuffix("no findings (1 rule checked)\n"))
    }

    @Test func targetFromTheCommandLine() throws {
        let result = try cli.run(
            "check", "Fixtures/layers/layout-python-root.zip", "--runtime", "python3.11", "--arch", "x86_64")
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(
            result.stdout == """
                target: python3.11 on x86_64 (from the command line)
                layer Fixtures/layers/layout-python-root.zip: 5 entries, 59 bytes zipped, 68 bytes unzipped

                warning[C008 deprecated-runtime]
                  python3.11 was deprecated on 2026-06-30; since 2026-08-31 functions on it can no longer be updated
                  fix: move the function and the layer to python3.12 or later: rebuild the layer for it and set the function's runtime to it

                0 errors, 1 warning, 0 info (44 rules checked)

                """)
    }

    @Test func jsonFollowsTheSchemaWithMetadataMatchedByDigest() throws {
        let result = try cli.run(
            "check", "Fixtures/zip/python-methods.zip", "Fixtures/zip/infozip-requests-layer.zip",
            "--function-config", "Fixtures/aws/get-function.json", "--runtime", "python3.12",
            "--layer-metadata", "Fixtures/aws/get-layer-version.json", "--format", "json")
        // The requests layer lacks its dependencies (D001).
        #expect(result.status == 1)
        cli.expectSnapshot(result.stdout, "check-function-config.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["findings", "inputs", "schemaVersion", "skipped", "summary", "target", "tool"])
        #expect(object["skipped"] as? [Any] != nil)
        let target = try #require(object["target"] as? [String: Any])
        #expect(target["runtime"] as? String == "python3.12")
        #expect(target["architecture"] as? String == "arm64")
        #expect(target["source"] as? String == "command-line+function-config")
    }

    @Test func withoutATargetTheReportSaysSo() throws {
        let result = try cli.run("check", "Fixtures/zip/infozip-requests-layer.zip", "--select", "Z,L,S,P")
        #expect(result.status == 0)
        #expect(
            result.stdout.hasPrefix("target: none given; rules that need a runtime or architecture would be skipped\n"))
        // With D001 selected, requests without its dependencies fails on every Python instead.
        let dependencies = try cli.run("check", "Fixtures/zip/infozip-requests-layer.zip")
        #expect(dependencies.status == 1)
        #expect(
            dependencies.stdout.hasPrefix(
                "target: none given; dependencies (D001-D003) are checked for every supported Python runtime "
                    + "(python3.12, python3.13, python3.14), other rules that need a runtime are skipped\n"))
    }

    /// JSON names every rule that could not run and why.
    @Test func jsonListsSkippedRulesWithTheirReason() throws {
        let result = try cli.run(
            "check", "Fixtures/zip/infozip-requests-layer.zip", "--runtime", "python3.12", "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let skipped = try #require(object["skipped"] as? [[String: String]])
        #expect(
            skipped == [
                ["rule": "C001", "reason": "needs an architecture"],
                ["rule": "C007", "reason": "needs an architecture"],
            ])
        let none = try cli.run(
            "check", "Fixtures/zip/infozip-requests-layer.zip", "--runtime", "python3.12", "--arch", "x86_64",
            "--format", "json")
        let complete = try #require(try JSONSerialization.jsonObject(with: Data(none.stdout.utf8)) as? [String: Any])
        #expect((complete["skipped"] as? [Any])?.isEmpty == true)
    }

    /// A layer built for one Python names its runtime: the report says it was taken from there.
    @Test func runtimeTakenFromTheLayersContents() throws {
        let result = try cli.run("check", "Fixtures/layers/layout-versioned-311.zip", "--format", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let target = try #require(object["target"] as? [String: Any])
        #expect(target["runtime"] as? String == "python3.11")
        #expect(target["source"] as? String == "layer-contents")
        let text = try cli.run("check", "Fixtures/layers/layout-versioned-311.zip")
        #expect(text.stdout.hasPrefix("target: python3.11, architecture not given (from the layers' contents)\n"))
    }

    /// --verify reads every member: the broken modules that check otherwise never reads fail it.
    @Test func verifyReadsEveryMember() throws {
        let layer = "Fixtures/layers/corrupt-members.zip"
        let plain = try cli.run("check", layer, "--select", "Z001")
        #expect(plain.status == 0)
        let verified = try cli.run("check", layer, "--select", "Z001", "--verify")
        #expect(verified.status == 1)
        #expect(verified.stdout.hasSuffix("3 errors, 0 warnings, 0 info (1 rule checked)\n"))
        #expect(
            verified.stdout.contains(
                "error[Z001 archive-unreadable]: \(layer): python/pkg/cut.py\n"
                    + "  its data is corrupt: its deflate stream is cut off; unzip -t and Lambda reject the archive\n"))
    }

    @Test func corruptLayerIsAFindingNotAFailureToRun() throws {
        let result = try cli.run("check", "Fixtures/zip/not-a-zip.zip", "--runtime", "python3.12")
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        #expect(
            result.stdout == """
                target: python3.12, architecture not given (from the command line)
                layer Fixtures/zip/not-a-zip.zip: unreadable: Fixtures/zip/not-a-zip.zip is not a readable ZIP archive: \
                no end-of-central-directory record in its 46 bytes

                error[Z001 archive-unreadable]: Fixtures/zip/not-a-zip.zip
                  Fixtures/zip/not-a-zip.zip is not a readable ZIP archive: no end-of-central-directory record in its 46 bytes
                  fix: rebuild the ZIP from the folder that holds python/: cd build && zip -r ../layer.zip python

                skipped without --arch: C001, C007
                1 error, 0 warnings, 0 info (42 rules checked)

                """)
    }

    @Test func failOnSetsTheThreshold() throws {
        // python-modes.zip has a Z005 warning (a link out of the layer) and, without the permission rules, no error.
        let layer = "Fixtures/zip/python-modes.zip"
        #expect(try cli.run("check", layer, "--ignore", "P").status == 0)
        #expect(try cli.run("check", layer, "--ignore", "P", "--fail-on", "warning").status == 1)
        #expect(try cli.run("check", layer, "--ignore", "P", "--fail-on", "info").status == 1)
        #expect(try cli.run("check", layer).status == 1, "P001 and P002 are errors")
        #expect(try cli.run("check", "Fixtures/zip/hostile-traversal.zip", "--fail-on", "never").status == 0)
        #expect(try cli.run("check", "Fixtures/zip/hostile-traversal.zip").status == 1)
        let badThreshold = try cli.run("check", layer, "--fail-on", "sometimes")
        #expect(badThreshold.status == 2)
    }

    @Test func findingsInJSON() throws {
        let result = try cli.run("check", "Fixtures/zip/hostile-traversal.zip", "--format", "json")
        #expect(result.status == 1)
        cli.expectSnapshot(result.stdout, "check-findings.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["Z002", "Z002"])
        #expect(Set(findings[0].keys) == ["rule", "name", "severity", "message", "archive", "path", "fix"])
        #expect((object["summary"] as? [String: Int]) == ["error": 2, "warning": 0, "info": 0])
    }

    /// SHA-256 only with --hash: without it the JSON says null, with it the file's digest.
    @Test func hashOnlyWhenAsked() throws {
        let path = "Fixtures/zip/hostile-traversal.zip"
        let digest = { (stdout: String) throws -> String? in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
            let inputs = try #require(object["inputs"] as? [[String: Any]])
            return inputs.first?["sha256"] as? String
        }
        #expect(try digest(try cli.run("check", path, "--format", "json").stdout) == nil)
        let hashed = try cli.run("check", path, "--format", "json", "--hash")
        #expect(hashed.status == 1)
        // The digest of hostile-traversal.zip, as sha256sum prints it.
        #expect(try digest(hashed.stdout) == "173042f71a8bb17eb574424bdd4d7300562a0de85f182b12c47175f39e6d629d")
    }

    /// A report that cannot be written is a failure to run, not a pass.
    @Test func unwritableOutputExitsTwo() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "'\(CommandRunner.binary.path)' check Fixtures/layers/deps-requests-complete.zip > /dev/full",
        ]
        process.currentDirectoryURL = FixturePaths.packageRoot
        let error = Pipe()
        process.standardError = error
        try process.run()
        let stderr = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(stderr == "layerlint: error: cannot write standard output: no space left on device\n")
    }

    @Test func rulesListsAndExplains() throws {
        let list = try cli.run("rules")
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").count == 44)
        #expect(list.stdout.hasPrefix("Z001  archive-unreadable"))
        let one = try cli.run("rules", "unsafe-path")
        #expect(one.status == 0)
        #expect(one.stdout.hasPrefix("Z002 unsafe-path (default severity: error)\n"))
        let unknown = try cli.run("rules", "Q999")
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr
                == "layerlint: error: rules: \"Q999\" matches no rule; give ids (D001), id prefixes (D, C00) or names "
                + "(missing-dependency), comma separated; `layerlint rules` lists them\n")
        let typo = try cli.run("rules", "unsafe-paht")
        #expect(typo.status == 2)
        #expect(typo.stderr.hasPrefix("layerlint: error: rules: \"unsafe-paht\" matches no rule; did you mean unsafe-path? "))
    }

    /// `rules` takes what --select takes: a prefix lists its rules, one rule is explained.
    @Test func rulesTakeSelectors() throws {
        let family = try cli.run("rules", "D00")
        #expect(family.status == 0)
        #expect(family.stdout.split(separator: "\n").map { $0.prefix(4) } == ["D001", "D002", "D003", "D004", "D005", "D006", "D007", "D008", "D009"])
        let two = try cli.run("rules", "P001,F")
        #expect(two.stdout.split(separator: "\n").map { $0.prefix(4) } == ["P001", "F001", "F002"])
        let exact = try cli.run("rules", "d001")
        #expect(exact.stdout.hasPrefix("D001 missing-dependency (default severity: error"))
    }

    /// On a terminal (COLUMNS here) `rules` wraps to its width; in a pipe each rule is one line.
    @Test func rulesWrapToTheTerminal() throws {
        let narrow = try cli.run(["rules"], environment: ["COLUMNS": "80"])
        let lines = narrow.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.prefix(2) == ["Z001  archive-unreadable               error", "      The file is not a readable ZIP archive (not a ZIP, truncated, a corrupt"])
        let wide = try cli.run(["rules", "Z001"], environment: ["COLUMNS": "100"])
        #expect(wide.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 })
        #expect(try cli.run("rules").stdout.split(separator: "\n").contains { $0.count > 150 })
    }

    /// One form for every error; a usage mistake also shows the usage of the command it was
    /// made in.
    @Test func errorsHaveOneForm() throws {
        let late = try cli.run("check", "--function", "X", "Fixtures/layers/deps-conflict.zip")
        #expect(late.status == 2)
        #expect(
            late.stderr
                == "layerlint: error: --function needs --template\nUsage: layerlint check [<options>] [<layers> ...]\n"
                + "  See 'layerlint check --help' for more information.\n")
        let parsed = try cli.run("check", "--bogus", "x.zip")
        #expect(parsed.status == 2)
        #expect(parsed.stderr.hasPrefix("layerlint: error: Unknown option '--bogus'\nUsage: layerlint check "))
        let command = try cli.run("chek", "layer.zip")
        #expect(command.status == 2)
        #expect(
            command.stderr
                == "layerlint: error: unknown command 'chek'; did you mean check? (the commands are check, inspect, why, "
                + "fix, rules)\nUsage: layerlint <subcommand>\n  See 'layerlint --help' for more information.\n")
        let input = try cli.run("check", "nope.zip")
        #expect(input.status == 2)
        #expect(!input.stderr.contains("Usage:") && input.stderr.hasPrefix("layerlint: error: "))
    }

    /// A runtime pasted with a space is the runtime; a typo gets the nearest name, and another
    /// version (python3.7) is not taken for a typo.
    @Test func runtimeSpellings() throws {
        let spaced = try cli.run("check", "Fixtures/layers/deps-requests-complete.zip", "--runtime", "python3.12 ", "--arch", "x86_64")
        #expect(spaced.status == 0)
        #expect(spaced.stdout.hasPrefix("target: python3.12 on x86_64 (from the command line)\n"))
        let typo = try cli.run("check", "Fixtures/layers/deps-requests-complete.zip", "--runtime", "pyhton3.12")
        #expect(typo.status == 2)
        #expect(typo.stderr.hasPrefix("layerlint: error: --runtime: unknown runtime \"pyhton3.12\"; did you mean python3.12? known runtimes: dotnet8,"))
        let arch = try cli.run("check", "Fixtures/layers/deps-requests-complete.zip", "--arch", "arm")
        #expect(arch.stderr == "layerlint: error: --arch: unknown architecture \"arm\"; did you mean arm64? use x86_64 (or amd64) or arm64 (or aarch64)\n")
    }

    @Test(arguments: [
        (
            ["--runtime", "python3.7"],
            "layerlint: error: --runtime: unknown runtime \"python3.7\"; known runtimes: dotnet8,"
        ),
        (["--arch", "sparc"], "layerlint: error: --arch: unknown architecture \"sparc\""),
        (
            ["--function-config", "Fixtures/aws/malformed.json"],
            "layerlint: error: Fixtures/aws/malformed.json is not valid JSON: Unexpected end of file during JSON parse."
        ),
        (
            ["--function-config", "Fixtures/aws/get-function-configuration-image.json"],
            "layerlint: error: Fixtures/aws/get-function-configuration-image.json describes orders-image, a container-image function"
        ),
        (
            ["--function-config", "Fixtures/aws/no-such-file.json"],
            "layerlint: error: cannot read Fixtures/aws/no-such-file.json: no such file"
        ),
        (
            ["--layer-metadata", "Fixtures/aws/get-layer-version-stale.json"],
            "layerlint: error: Fixtures/aws/get-layer-version-stale.json describes a layer whose CodeSha256 is that of none"
        ),
        (
            ["--layer-metadata", "Fixtures/aws/not-lambda.json"],
            "layerlint: error: Fixtures/aws/not-lambda.json is not layer metadata"
        ),
        (
            ["--output", "Fixtures/zip/infozip-requests-layer.zip"],
            "layerlint: error: --output Fixtures/zip/infozip-requests-layer.zip is one of the inputs"
        ),
        (
            ["--template", "Fixtures/templates/sam-two-functions.yaml"],
            "layerlint: error: Fixtures/templates/sam-two-functions.yaml defines several functions; choose one with --function: OrdersApiFunction, ReportsFunction"
        ),
        (
            ["--template", "Fixtures/templates/sam-two-functions.yaml", "--function", "Nope"],
            "layerlint: error: Fixtures/templates/sam-two-functions.yaml has no function Nope; its functions are: OrdersApiFunction, ReportsFunction"
        ),
        (
            ["--template", "Fixtures/templates/sam-image-function.yaml"],
            "layerlint: error: Fixtures/templates/sam-image-function.yaml describes ImageFunction, a container-image function"
        ),
        (
            ["--template", "Fixtures/templates/sam-malformed.yaml"],
            "layerlint: error: Fixtures/templates/sam-malformed.yaml is not a readable template: "
        ),
        (
            ["--template", "Fixtures/templates/not-a-template.yaml"],
            "layerlint: error: Fixtures/templates/not-a-template.yaml is not a CloudFormation or SAM template"
        ),
        (
            ["--template", "Fixtures/templates/sam-no-functions.yaml"],
            "layerlint: error: Fixtures/templates/sam-no-functions.yaml defines no AWS::Serverless::Function or AWS::Lambda::Function"
        ),
    ])
    func badInputsExitTwoNamingTheCulprit(arguments: [String], message: String) throws {
        let result = try cli.run(["check", "Fixtures/zip/infozip-requests-layer.zip"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func targetAndLayerMetadataFromATemplate() throws {
        let result = try cli.run(
            "check", "Fixtures/zip/infozip-requests-layer.zip", "Fixtures/zip/python-methods.zip",
            "Fixtures/zip/python-modes.zip", "--template", "Fixtures/templates/sam-two-functions.yaml",
            "--function", "OrdersApiFunction", "--format", "json")
        #expect(result.status == 1)
        cli.expectSnapshot(result.stdout, "check-template.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let target = try #require(object["target"] as? [String: Any])
        #expect(target["runtime"] as? String == "python3.11")
        #expect(target["architecture"] as? String == "arm64")
        #expect(target["source"] as? String == "template")
        let inputs = try #require(object["inputs"] as? [[String: Any]])
        #expect(
            inputs.map { $0["layerMetadata"] as? String } == [
                "Fixtures/templates/sam-two-functions.yaml#DependenciesLayer", nil, nil,
            ])
    }

    @Test func functionConfigurationWinsOverTheTemplate() throws {
        let result = try cli.run(
            "check", "Fixtures/zip/infozip-requests-layer.zip", "--template",
            "Fixtures/templates/cloudformation-lambda.json",
            "--function-config", "Fixtures/aws/get-function-configuration.json", "--fail-on", "warning")
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("target: python3.11 on arm64 (from the function configuration)\n"))
    }

    @Test func layerMetadataForALayerTheFunctionDoesNotUse() throws {
        // The function uses requests:3 and tools:7; this metadata is for requests:2.
        let result = try cli.run(
            "check", "Fixtures/zip/python-modes.zip", "--function-config",
            "Fixtures/aws/get-function-configuration.json",
            "--layer-metadata", "Fixtures/aws/get-layer-version-stale.json")
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "layerlint: error: Fixtures/aws/get-layer-version-stale.json describes "
                + "arn:aws:lambda:eu-west-1:123456789012:layer:requests:2, which is not among the layers of the "
                + "function in Fixtures/aws/get-function-configuration.json\n")
    }

    @Test func functionWithoutTemplateIsAUsageError() throws {
        let result = try cli.run("check", "Fixtures/zip/infozip-requests-layer.zip", "--function", "X")
        #expect(result.status == 2)
        #expect(result.stderr.contains("--function needs --template"))
    }

    @Test func missingLayerExitsTwo() throws {
        let result = try cli.run("check", "Fixtures/zip/no-such-layer.zip", "--runtime", "python3.11")
        #expect(result.status == 2)
        #expect(result.stderr == "layerlint: error: cannot open Fixtures/zip/no-such-layer.zip: no such file\n")
        let json = try cli.run("check", "Fixtures/zip/no-such-layer.zip", "--format", "json")
        #expect(json.status == 2)
        #expect(json.stderr == result.stderr, "the same reason whether or not the file is hashed")
    }

    @Test func outputGoesToTheFileOnly() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-check-\(UUID().uuidString).json"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try cli.run(
            "check", "Fixtures/zip/infozip-requests-layer.zip", "--select", "Z", "--format", "json", "--output", path)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.hasPrefix("{\n  \"findings\": [],"))
    }
}

/// The cache of ELF members' library needs: it changes how fast an answer comes, never the
/// answer, and a broken entry is read again from the member.
@Suite struct LibraryNeedsCacheTests {
    let cli = CommandRunner()

    @Test func theSameReportWithAColdAWarmAndABrokenCache() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("layerlint-cache-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = [
            "check", "Fixtures/layers/native-x86_64.zip", "--runtime", "python3.11", "--arch", "x86_64",
            "--format", "json",
        ]
        let environment = ["LAYERLINT_NO_CACHE": "", "LAYERLINT_CACHE_DIR": folder.path]
        let none = try cli.run(arguments + ["--no-cache"], environment: environment)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        let cold = try cli.run(arguments, environment: environment)
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("elf-needs-1").path)
        #expect(!entries.isEmpty && entries.allSatisfy { $0.hasSuffix(".json") })
        let warm = try cli.run(arguments, environment: environment)
        for entry in entries {
            try Data("{not json".utf8).write(to: folder.appendingPathComponent("elf-needs-1/\(entry)"))
        }
        let broken = try cli.run(arguments, environment: environment)
        #expect(none.stdout.contains("\"findings\"") && none.status == 0)
        #expect(cold.stdout == none.stdout && warm.stdout == none.stdout && broken.stdout == none.stdout)
    }
}
