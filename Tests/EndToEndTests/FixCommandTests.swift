import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `layerlint fix`: the repair is made on a private copy and written as a new ZIP, the
/// same bytes every time; the input is never modified, whether the repair succeeds, fails
/// or is interrupted; nothing is written when it cannot be made. The repairs that need pip
/// are followed on every fixture by scripts/fix-fixtures (offline, in CI) and on real
/// packages by scripts/fix-truth.
@Suite struct FixCommandTests {
    let cli = CommandRunner()

    /// A scratch folder holding a copy of each fixture layer named.
    func scratch(_ layers: String...) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("layerlint-fix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for layer in layers {
            try FileManager.default.copyItem(
                atPath: FixturePaths.layer(layer), toPath: folder.appendingPathComponent(layer).path)
        }
        return folder
    }

    func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    /// `layerlint fix LAYER` for python3.12 on x86_64, with `extra` options, in `folder`
    /// (else the package root).
    func fix(_ layer: String, _ extra: [String] = [], environment: [String: String] = [:], in folder: URL? = nil)
        throws -> CommandRunner.Result
    {
        try cli.run(
            ["fix", layer, "--runtime", "python3.12", "--arch", "x86_64"] + extra, environment: environment, in: folder)
    }

    func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func layoutIsRepairedIntoANewZipAndTheInputIsKept() throws {
        let folder = try scratch("layout-build-python.zip")
        let input = folder.appendingPathComponent("layout-build-python.zip")
        let before = try bytes(input)
        let result = try fix("layout-build-python.zip", in: folder)
        #expect(result.status == 0, "only a warning is left")
        #expect(result.stderr == "")
        #expect(
            result.stdout.hasPrefix(
                """
                layerlint fix: layout-build-python.zip -> layout-build-python.fixed.zip
                  1. moved the contents of build/python/ into python/ (L003 build/python/)
                left (1):
                  warning D004 python/requests/: the package requests is on the sys.path, but no .dist-info describes it
                """))
        #expect(try bytes(input) == before)
        #expect(try names(in: folder) == ["layout-build-python.fixed.zip", "layout-build-python.zip"])
        // The result as Python's zipfile lists it: python/ at the root, fixed times, 0755
        // folders, 0644 files.
        let text = try python(Self.listing, folder.appendingPathComponent("layout-build-python.fixed.zip").path)
        #expect(
            text == """
                python/ 40755 (1980, 1, 1, 0, 0, 0) 0
                python/requests/ 40755 (1980, 1, 1, 0, 0, 0) 0
                python/requests/__init__.py 100644 (1980, 1, 1, 0, 0, 0) 14

                """)
        // Checked again, the result has no error.
        let check = try cli.run(
            ["check", "layout-build-python.fixed.zip", "--runtime", "python3.12", "--arch", "x86_64"], in: folder)
        #expect(check.status == 0)
    }

    /// Each member's name, Unix mode (octal), timestamp and size, as Python's zipfile reads them.
    static let listing = """
        import sys, zipfile
        for info in zipfile.ZipFile(sys.argv[1]).infolist():
            print(info.filename, oct(info.external_attr >> 16)[2:], info.date_time, info.file_size)
        """

    @Test func theSameLayerGivesTheSameBytes() throws {
        let folder = try scratch("group-backslash.zip")
        for output in ["one.zip", "two.zip"] {
            let result = try fix("group-backslash.zip", ["--output", output], in: folder)
            #expect(result.status == 0)
        }
        #expect(try bytes(folder.appendingPathComponent("one.zip")) == bytes(folder.appendingPathComponent("two.zip")))
    }

    @Test func aFolderIsRepairedIntoAZipBesideIt() throws {
        let folder = try scratch()
        let build = folder.appendingPathComponent("build")
        try FileManager.default.createDirectory(
            at: build.appendingPathComponent("requests"), withIntermediateDirectories: true)
        try Data("x = 1\n".utf8).write(to: build.appendingPathComponent("requests/__init__.py"))
        let result = try fix("build", in: folder)
        #expect(result.stdout.hasPrefix("layerlint fix: build -> build.fixed.zip\n  1. moved requests into python/"))
        #expect(try names(in: folder) == ["build", "build.fixed.zip"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: build.path) == ["requests"])
    }

    @Test func nothingToRepairWritesNothing() throws {
        let folder = try scratch("deps-requests-complete.zip")
        let result = try fix("deps-requests-complete.zip", in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("layerlint fix: nothing to repair in deps-requests-complete.zip\n"))
        #expect(try names(in: folder) == ["deps-requests-complete.zip"])
    }

    @Test func withoutPipNothingIsWrittenAndThePlanIsNamed() throws {
        let folder = try scratch("deps-requests-nodeps.zip")
        let input = folder.appendingPathComponent("deps-requests-nodeps.zip")
        let before = try bytes(input)
        let result = try fix("deps-requests-nodeps.zip", ["--python", "/nonexistent/python3"], in: folder)
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "layerlint: error: pip (/nonexistent/python3 -m pip) could not install: /nonexistent/python3 is not "
                + "on PATH (give --python with a Python that has pip); nothing was written\nthe plan was:\n"
                + "  1. installed charset-normalizer, idna, certifi into python/ (D001 "
                + "python/requests-2.32.3.dist-info/METADATA)\n")
        #expect(try bytes(input) == before)
        #expect(try names(in: folder) == ["deps-requests-nodeps.zip"])
    }

    @Test func aPipThatFailsLeavesNothing() throws {
        let folder = try scratch("deps-requests-nodeps.zip")
        let python = try fakePython(in: folder, install: "echo 'ERROR: No matching distribution found for idna<4,>=2.5' >&2; exit 1")
        let result = try fix(
            "deps-requests-nodeps.zip", ["--python", python.path], environment: ["TMPDIR": folder.path], in: folder)
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "layerlint: error: step 1 (installed charset-normalizer, idna, certifi into python/ (D001 "
                + "python/requests-2.32.3.dist-info/METADATA)) failed: pip (\(python.path) -m pip) could not install: "
                + "ERROR: No matching distribution found for idna<4,>=2.5; nothing was written\nthe plan was:\n"
                + "  1. installed charset-normalizer, idna, certifi into python/ (D001 "
                + "python/requests-2.32.3.dist-info/METADATA)\n")
        #expect(try names(in: folder) == ["deps-requests-nodeps.zip", "python"], "no output, no private copy left")
    }

    /// Interrupted while pip runs, `fix` stops it and removes the private copy: no output
    /// file and no temporary file is left, and the input is as it was.
    @Test func anInterruptedRunLeavesNoOutput() throws {
        let folder = try scratch("deps-requests-nodeps.zip")
        let input = folder.appendingPathComponent("deps-requests-nodeps.zip")
        let before = try bytes(input)
        let python = try fakePython(in: folder, install: "touch \"$started\"; sleep 30")
        let started = folder.appendingPathComponent("started").path
        let process = Process()
        process.executableURL = CommandRunner.binary
        process.arguments = [
            "fix", "deps-requests-nodeps.zip", "--runtime", "python3.12", "--arch", "x86_64", "--python", python.path,
        ]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = folder.path
        environment["LAYERLINT_NO_CACHE"] = "1"
        environment["started"] = started
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var waited = 0
        while !FileManager.default.fileExists(atPath: started) && waited < 200 {
            usleep(50_000)
            waited += 1
        }
        #expect(FileManager.default.fileExists(atPath: started), "pip was reached")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + SIGTERM)
        #expect(try bytes(input) == before)
        #expect(try names(in: folder) == ["deps-requests-nodeps.zip", "python", "started"])
    }

    @Test func theOutputIsNeverAnInput() throws {
        let folder = try scratch("layout-build-python.zip")
        let input = folder.appendingPathComponent("layout-build-python.zip")
        let before = try bytes(input)
        #expect(symlink("layout-build-python.zip", folder.appendingPathComponent("link.zip").path) == 0)
        for output in ["layout-build-python.zip", "link.zip"] {
            let result = try fix("layout-build-python.zip", ["--output", output], in: folder)
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("layerlint: error: --output \(output) is "))
        }
        #expect(try bytes(input) == before)
    }

    @Test func aLayerThatCannotBeCopiedIsRefused() throws {
        let folder = try scratch("corrupt-metadata.zip")
        let result = try fix("corrupt-metadata.zip", in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("layerlint: error: corrupt-metadata.zip: cannot make a private copy to repair: Z001 "))
        #expect(try names(in: folder) == ["corrupt-metadata.zip"])
    }

    @Test func aRuntimeIsNeeded() throws {
        let folder = try scratch("layout-build-python.zip")
        let result = try cli.run(["fix", "layout-build-python.zip"], in: folder)
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "layerlint: error: fix needs the function's runtime to choose wheels: give --runtime (for example "
                + "python3.12), --function-config or --template\n")
    }

    /// The dry run prints the plan as a script, with the layout first and one pip call, and
    /// writes nothing.
    @Test func dryRunPrintsThePlan() throws {
        let result = try fix(
            "Fixtures/layers/layout-site-packages-cp311.zip",
            ["--dry-run", "--python", "python3.12", "--output", "/tmp/layerlint-dry-run.zip"])
        #expect(result.status == 0)
        cli.expectSnapshot(result.stdout, "fix-dry-run.sh")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/layerlint-dry-run.zip"))
    }

    /// Bytecode checked against its source's time stays valid in the repaired ZIP, whose
    /// members all have 1980-01-01: a `.pyc` that matched its source's time in the input
    /// records the new time; a stale one stays stale.
    @Test func validBytecodeStaysValid() throws {
        let folder = try scratch()
        var builder = ZipBuilder()
        builder.add("build/python/m.py", "x = 1\n")
        builder.add("build/python/n.py", "y = 2\n")
        // CPython 3.12's magic, timestamp flags, the source's time (the builder's 2024-01-02
        // 00:00 read as UTC) and size, then a body that is never run.
        let valid = le32(0x0A0D_0DCB) + le32(0) + le32(1_704_153_600) + le32(6) + [0xE3]
        let stale = le32(0x0A0D_0DCB) + le32(0) + le32(1) + le32(6) + [0xE3]
        builder.add("build/python/__pycache__/m.cpython-312.pyc", String(decoding: valid, as: UTF8.self))
        builder.members[builder.members.count - 1].data = valid
        builder.members[builder.members.count - 1].crc = crc32(valid)
        builder.members[builder.members.count - 1].compressedSize = UInt32(valid.count)
        builder.members[builder.members.count - 1].uncompressedSize = UInt32(valid.count)
        builder.add("build/python/__pycache__/n.cpython-312.pyc", "")
        builder.members[builder.members.count - 1].data = stale
        builder.members[builder.members.count - 1].crc = crc32(stale)
        builder.members[builder.members.count - 1].compressedSize = UInt32(stale.count)
        builder.members[builder.members.count - 1].uncompressedSize = UInt32(stale.count)
        try Data(builder.bytes()).write(to: folder.appendingPathComponent("layer.zip"))
        let result = try fix("layer.zip", in: folder)
        #expect(result.status == 0)
        #expect(result.stdout.contains("  note: 1 .pyc file checked against its source's time now record"))
        let text = try python(
            "import sys, zipfile, struct\nz = zipfile.ZipFile(sys.argv[1])\nfor n in sorted(z.namelist()):\n"
                + "    if n.endswith('.pyc'): print(n, struct.unpack('<I', z.read(n)[8:12])[0])",
            folder.appendingPathComponent("layer.fixed.zip").path)
        #expect(
            text == """
                python/__pycache__/m.cpython-312.pyc 315532800
                python/__pycache__/n.cpython-312.pyc 1

                """)
    }

    /// What `python3 -c script argument` prints.
    func python(_ script: String, _ argument: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, argument]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    /// A stand-in for `python` whose `-m pip --version` answers as pip 24 on Python 3.12 and
    /// whose `-m pip install` runs `install`.
    func fakePython(in folder: URL, install: String) throws -> URL {
        let script = folder.appendingPathComponent("python")
        let text = """
            #!/bin/sh
            if [ "$3" = "--version" ]; then echo "pip 24.0 from /fake (python 3.12)"; exit 0; fi
            \(install)

            """
        try Data(text.utf8).write(to: script)
        chmod(script.path, 0o755)
        return script
    }
}
