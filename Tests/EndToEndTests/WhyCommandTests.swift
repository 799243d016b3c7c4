import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `layerlint why`, checked against what Python itself does on a Lambda-like sys.path
/// (Fixtures/layers/why-reference.json, made by make_why_reference.py) and for the rule
/// each failure is explained by.
@Suite struct WhyCommandTests {
    let cli = CommandRunner()

    struct Reference: Decodable {
        struct Case: Decodable {
            let layers: [String]
            let module: String
            let runtime: String
            let importable: Bool
            let error: String?
            let emulated: Bool
        }
        let cases: [Case]
    }

    /// The rule of the first reason that makes the import fail, per case
    /// (`layers|module|runtime`); `-` for an importable module.
    static let expectedRule: [String: String] = [
        "deps-requests-nodeps.zip|requests|python3.12": "D001",
        "deps-requests-nodeps.zip|idna|python3.12": "D001",
        "deps-requests-complete.zip|requests|python3.12": "-",
        "deps-requests-nodeps.zip|boto3|python3.12": "-",
        "deps-requests-nodeps.zip|json|python3.12": "-",
        "deps-requests-nodeps.zip|distutils|python3.12": "F002",
        "deps-requests-nodeps.zip|distutils|python3.11": "-",
        "layout-root.zip|requests|python3.11": "L001",
        "layout-site-packages-root.zip|requests|python3.11": "L001",
        "layout-build-python.zip|requests|python3.11": "L003",
        "layout-python-python.zip|requests|python3.11": "L003",
        "layout-venv.zip|requests|python3.11": "L003",
        "layout-lib64.zip|requests|python3.11": "L002",
        "layout-versioned-311.zip|requests|python3.12": "L002",
        "layout-versioned-311.zip|requests|python3.11": "-",
        "layout-python-root.zip|requests|python3.11": "-",
        "group-backslash.zip|requests|python3.11": "Z003",
        "group-backslash.zip|six|python3.11": "-",
        "group-sourceless.zip|pkg|python3.11": "L006",
        "group-sourceless.zip|pkg|python3.12": "-",
        "deps-bytecode.zip|compiled|python3.12": "L006",
        "deps-bytecode.zip|legacy|python3.12": "-",
        "native-x86_64.zip|fastmath._core|python3.11": "-",
        "native-abi3.zip|fastmath._core|python3.11": "-",
        "native-aarch64.zip|fastmath._core|python3.11": "C001",
        "native-aarch64.zip|fastmath|python3.11": "C001",
        "native-cp312.zip|fastmath._core|python3.11": "C003",
        "native-macos.zip|fastmath._core|python3.11": "C002",
        "native-windows.zip|fastmath._core|python3.11": "C002",
        "native-musl.zip|fastmath._core|python3.11": "C005",
        "native-glibc236.zip|fastmath._core|python3.12": "C004",
        "why-unreadable.zip|private_pkg|python3.11": "P001",
        "deps-split-requests.zip,deps-split-urllib3.zip|requests|python3.12": "-",
        "deps-split-requests.zip|requests|python3.12": "D001",
        "layout-relative-pth.zip|tool|python3.11": "-",
        "import-statements.zip|guards|python3.12": "-",
        "import-statements.zip|guards|python3.11": "-",
        "import-statements.zip|flags|python3.12": "-",
        "import-statements.zip|maybe|python3.12": "-",
        "import-statements.zip|exhausted|python3.12": "D004",
        "import-follow.zip|app|python3.12": "C001",
        "import-follow.zip|engine.core|python3.12": "C001",
        "import-follow.zip|deep.b.c|python3.12": "D004",
        "import-follow.zip|uses_vianame|python3.12": "D004",
        "import-kinds.zip|strict|python3.12": "C001",
        "import-kinds.zip|lenient|python3.12": "-",
        "import-kinds.zip|twin._core|python3.12": "C003",
        "import-kinds.zip|twinok._core|python3.12": "-",
        "import-namespace.zip|nscore|python3.12": "C003",
        "import-namespace.zip|nscore|python3.11": "-",
        "import-hooks.zip|uses_six|python3.12": "-",
    ]

    struct Answer: Decodable {
        struct Reason: Decodable {
            let rule: String?
            let severity: String
        }
        let importable: Bool
        let reasons: [Reason]
    }

    @Test func agreesWithPythonOnEveryReferenceCase() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.layer("why-reference.json")))
        let reference = try JSONDecoder().decode(Reference.self, from: data)
        #expect(reference.cases.count == Self.expectedRule.count)
        for item in reference.cases {
            let key = "\(item.layers.joined(separator: ","))|\(item.module)|\(item.runtime)"
            let result = try cli.run(
                ["why", item.module] + item.layers.map { "Fixtures/layers/\($0)" } + [
                    "--runtime", item.runtime, "--format", "json",
                ])
            let answer = try JSONDecoder().decode(Answer.self, from: Data(result.stdout.utf8))
            // Where this machine cannot show what Lambda does (a newer glibc), the rule decides.
            if item.emulated {
                #expect(answer.importable == item.importable, "\(key): Python says \(item.error ?? "importable")")
            }
            #expect(result.status == (answer.importable ? 0 : 1), "\(key)")
            let rule = answer.importable ? "-" : (answer.reasons.first { $0.severity == "error" }?.rule ?? "none")
            #expect(rule == Self.expectedRule[key], "\(key)")
        }
    }

    @Test func textNamesEachPlaceAndTheReason() throws {
        let result = try cli.run(
            "why", "requests", "Fixtures/layers/deps-requests-nodeps.zip", "--runtime", "python3.12", "--arch", "x86_64"
        )
        #expect(result.status == 1)
        cli.expectSnapshot(result.stdout, "why-requests-nodeps.txt")
        let json = try cli.run(
            "why", "fastmath", "Fixtures/layers/native-aarch64.zip", "--runtime", "python3.11", "--format", "json")
        #expect(json.status == 1)
        cli.expectSnapshot(json.stdout, "why-fastmath-aarch64.json")
    }

    /// A function without layers: the function package is /var/task, first on the path.
    @Test func functionPackageAlone() throws {
        let local = try cli.run(
            "why", "app.util", "--function-zip", "Fixtures/functions/fn-imports.zip", "--runtime", "python3.11")
        #expect(local.status == 0)
        #expect(local.stdout.contains("module app/util.py in Fixtures/functions/fn-imports.zip"))
        let missing = try cli.run(
            "why", "yaml", "--function-zip", "Fixtures/functions/fn-imports.zip", "--runtime", "python3.11")
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("error F002 No module named 'yaml'"))
    }

    /// The standard library and the runtime's packages are no file of the inputs: `resolved`
    /// is null and `resolvedAs` says what the import finds.
    @Test func importsTheRuntimeProvides() throws {
        for (module, kind) in [
            ("json", "standard-library"), ("boto3", "runtime-package"), ("dateutil", "runtime-package"),
            ("sys", "builtin"),
        ] {
            let result = try cli.run(
                "why", module, "Fixtures/layers/deps-requests-complete.zip", "--runtime", "python3.12", "--format",
                "json")
            #expect(result.status == 0)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["resolved"] is NSNull, "\(module)")
            #expect(object["resolvedAs"] as? String == kind, "\(module)")
        }
    }

    /// A file given as a layer that is not a ZIP (a JPEG named .zip) is the first reason, as
    /// check's Z001, not "no layer given".
    @Test func aLayerThatIsNoZipIsTheReason() throws {
        let photo = FileManager.default.temporaryDirectory.appendingPathComponent("photo-\(UUID().uuidString).zip")
        try Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x20, count: 200)).write(to: photo)
        defer { try? FileManager.default.removeItem(at: photo) }
        let result = try cli.run(["why", "requests", photo.path, "--runtime", "python3.12", "--arch", "x86_64"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(
            lines.contains(
                "  /opt/python                               nothing (no readable layer: \(photo.path) is not a readable ZIP (Z001))"
            ))
        let whyNot = try #require(lines.firstIndex(of: "why not:"))
        #expect(lines[whyNot + 1] == "  error Z001 \(photo.path) is not a readable ZIP archive: no end-of-central-directory record in its 204 bytes")
        #expect(lines[whyNot + 3].hasPrefix("  error F002 No module named 'requests': nothing on the sys.path of python3.12 provides it (no readable layer)"))
    }

    @Test func whatCannotRunExitsTwo() throws {
        let notAName = try cli.run("why", "py-yaml", "Fixtures/layers/layout-root.zip", "--runtime", "python3.12")
        #expect(notAName.status == 2)
        #expect(
            notAName.stderr
                == "layerlint: error: \"py-yaml\" is not a module name: give the name as in an import statement "
                + "(requests, google.protobuf), not a project or file name\n")
        let noRuntime = try cli.run("why", "requests", "Fixtures/layers/layout-root.zip")
        #expect(noRuntime.status == 2)
        #expect(noRuntime.stderr.hasPrefix("layerlint: error: why needs the function's Python runtime"))
        let missingFile = try cli.run("why", "requests", "no-such.zip", "--runtime", "python3.12")
        #expect(missingFile.status == 2)
        #expect(missingFile.stderr.contains("no-such.zip"))
    }
}

/// A build folder wherever a ZIP is accepted: the header says it is a folder, and what
/// needs a ZIP's digest says so.
@Suite struct FolderCommandTests {
    let cli = CommandRunner()

    func folder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("layerlint-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("python/requests"), withIntermediateDirectories: true)
        try Data("# stub\n".utf8).write(to: root.appendingPathComponent("python/requests/__init__.py"))
        return root
    }

    @Test func checkInspectAndWhyTakeAFolder() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let check = try cli.run(["check", root.path, "--runtime", "python3.12", "--arch", "x86_64"])
        #expect(check.stdout.contains("layer \(root.path): a folder, not zipped yet: 3 entries, 7 bytes\n"))
        #expect(mkfifo(root.appendingPathComponent("python/pipe").path, 0o600) == 0)
        let json = try cli.run(["check", root.path, "--runtime", "python3.12", "--format", "json"])
        #expect(json.stdout.contains("\"kind\": \"folder\""))
        #expect(json.stdout.contains("\"specialFiles\": [\n        \"python/pipe\"\n      ]"))
        #expect(json.stdout.contains("\"compressedBytes\": null"))
        let inspect = try cli.run(["inspect", root.path])
        #expect(inspect.stdout.hasPrefix("Folder (not zipped yet): \(root.path)\n  3 entries, 7 bytes\n"))
        let submodule = try cli.run(["why", "xml.etree.ElementTree", root.path, "--runtime", "python3.12"])
        #expect(submodule.status == 0)
        #expect(
            submodule.stdout.contains(
                "info only top-level names of the standard library are known (the catalog lists no submodules): "
                    + "xml.etree.ElementTree is taken to exist because xml does"))
        let why = try cli.run(["why", "requests", root.path, "--runtime", "python3.12"])
        #expect(why.status == 0)
        #expect(why.stdout.contains("package python/requests/__init__.py in \(root.path)"))
        let metadata = try cli.run(["check", root.path, "--layer-metadata", "Fixtures/aws/get-layer-version.json"])
        #expect(metadata.status == 2)
        #expect(
            metadata.stderr
                == "layerlint: error: --layer-metadata is matched to a layer by the CodeSha256 of its ZIP, and "
                + "\(root.path) is a folder: zip it first (cd \(root.path) && zip -r ../layer.zip .) and check the ZIP\n"
        )
    }

    /// A folder a `.pth` file adds to sys.path is searched last, and the step that finds the
    /// module there names that file (from the step's own field, not parsed out of its text).
    @Test func pthFolderNamesTheFileThatAddsIt() throws {
        var builder = ZipBuilder()
        builder.add("python/extra.pth", "vendored\n")
        builder.add("python/vendored/foo.py", "x = 1\n")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("why-pth-\(UUID().uuidString).zip")
        try Data(builder.bytes()).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let text = try cli.run(["why", "foo", url.path, "--runtime", "python3.12"])
        #expect(text.status == 0)
        #expect(
            text.stdout.contains(
                "  /opt/python/vendored                      module python/vendored/foo.py in \(url.path) "
                    + "(added by python/extra.pth)\n"))
        let json = try cli.run(["why", "foo", url.path, "--runtime", "python3.12", "--format", "json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let steps = try #require(object["searched"] as? [[String: Any]])
        #expect(steps.last?["source"] as? String == "the layers \(url.path) (added by python/extra.pth)")
    }
}
