import Foundation
import TestSupport
import Testing

/// Runs the built `layerlint` binary and checks standard output, standard error and the exit status.
@Suite struct InspectCommandTests {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `layerlint` executable next to the test bundle in the build folder.
    static let binary: URL = {
        var folder = Bundle.main.bundleURL
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("layerlint").path) {
            folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        }
        return folder.appendingPathComponent("layerlint")
    }()

    /// Runs `layerlint ARGUMENTS` in the package root, so fixture paths in output are relative.
    func run(_ arguments: String...) throws -> Result {
        try run(arguments)
    }

    func run(_ arguments: [String], environment extra: [String: String] = [:], in directory: URL? = nil) throws
        -> Result
    {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? FixturePaths.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        // Reports depend on today's date only through runtime deprecation (C008); pin it.
        environment["SOURCE_DATE_EPOCH"] = "1795564800"  // 2026-11-25
        // A test run inside GitHub Actions must not append to the job's summary.
        environment["GITHUB_STEP_SUMMARY"] = nil
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read before waiting, so a large output cannot fill the pipe and block the child.
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func expectSnapshot(_ text: String, _ name: String, testFile: String = #filePath) {
        if let problem = Snapshot.mismatch(text, named: name, testFile: testFile) {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test func readmeExampleListsTheLayer() throws {
        let result = try run("inspect", "Fixtures/zip/infozip-requests-layer.zip")
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        expectSnapshot(result.stdout, "inspect-requests-layer.txt")
    }

    @Test func jsonOfAHostileArchiveExitsOne() throws {
        let result = try run("inspect", "--format", "json", "Fixtures/zip/hostile-overlap.zip")
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        expectSnapshot(result.stdout, "inspect-hostile-overlap.json")
    }

    @Test func corruptArchiveIsReportedWithExitOne() throws {
        let result = try run("inspect", "Fixtures/zip/hostile-truncated.zip")
        #expect(result.status == 1)
        #expect(
            result.stdout == """
                Archive: Fixtures/zip/hostile-truncated.zip
                  unreadable: Fixtures/zip/hostile-truncated.zip is not a readable ZIP archive: \
                no end-of-central-directory record in the last 65557 bytes

                """)
    }

    @Test func missingFileExitsTwoWithOneClearLine() throws {
        let result = try run("inspect", "Fixtures/zip/no-such-layer.zip")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "layerlint: error: cannot open Fixtures/zip/no-such-layer.zip: no such file\n")
    }

    /// A folder is a build folder, listed as the ZIP made from it would be (it was exit 2 once).
    @Test func directoryIsListedAsAFolder() throws {
        let result = try run("inspect", "Fixtures/templates")
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("Folder (not zipped yet): Fixtures/templates\n"))
    }

    @Test func usageErrorsExitTwo() throws {
        let unknownFormat = try run("inspect", "--format", "xml", "Fixtures/zip/empty.zip")
        #expect(unknownFormat.status == 2)
        #expect(unknownFormat.stderr.contains("--format"))
        #expect(unknownFormat.stdout.isEmpty)

        let missingArgument = try run("inspect")
        #expect(missingArgument.status == 2)
        #expect(missingArgument.stderr.contains("Missing expected argument '<archives> ...'"))

        let unknownCommand = try run("frobnicate")
        #expect(unknownCommand.status == 2)
    }

    @Test func helpExitsZero() throws {
        let help = try run("inspect", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: layerlint inspect <archives> ... [--format <format>]"))
        // --version: CatalogOptionTests.
    }

    @Test func inputFileIsNotModified() throws {
        let path = FixturePaths.zip("hostile-overlap.zip")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        _ = try run("inspect", "--format", "json", "Fixtures/zip/hostile-overlap.zip")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let after = try FileManager.default.attributesOfItem(atPath: path)
        #expect(after[.modificationDate] as? Date == attributes[.modificationDate] as? Date)
    }
}
