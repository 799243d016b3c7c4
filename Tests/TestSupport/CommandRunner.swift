import Foundation

/// Runs the built `layerlint` binary in the package root (so fixture paths in output are
/// relative) with a pinned date and no colour, and returns its exit status and output.
public struct CommandRunner: Sendable {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `layerlint` executable next to the test bundle in the build folder.
    public static let binary: URL = {
        var folder = Bundle.main.bundleURL
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("layerlint").path) {
            folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        }
        return folder.appendingPathComponent("layerlint")
    }()

    public init() {}

    public func run(_ arguments: String...) throws -> Result {
        try run(arguments)
    }

    public func run(_ arguments: [String], environment extra: [String: String] = [:], in directory: URL? = nil)
        throws -> Result
    {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? FixturePaths.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        // Reports depend on today's date only through runtime deprecation (C008); pin it.
        environment["SOURCE_DATE_EPOCH"] = "1795564800"  // 2026-11-25
        // Nothing is kept in the user's cache; a test that wants the cache names its folder.
        environment["LAYERLINT_NO_CACHE"] = "1"
        // A test run inside GitHub Actions must not append to the job's summary.
        environment["GITHUB_STEP_SUMMARY"] = nil
        // Output as to a pipe, whatever the terminal that runs the tests.
        environment["COLUMNS"] = nil
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
}
