import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Inputs that used to hang or run away (issue 15): each is a clear exit 2 within a bound
/// far above what it takes (10 s for what takes well under one).
@Suite struct HostileInputCommandTests {
    struct Outcome {
        let status: Int32
        let stderr: String
        let seconds: Double
    }

    /// Runs `layerlint ARGUMENTS` (output to `stdout`, default a pipe), killing it after `limit` seconds.
    static func run(_ arguments: [String], limit: Double = 10, stdout: FileHandle? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = CommandRunner.binary
        process.arguments = arguments
        process.currentDirectoryURL = FixturePaths.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["GITHUB_STEP_SUMMARY"] = nil
        process.environment = environment
        let error = Pipe()
        process.standardError = error
        process.standardOutput = stdout ?? FileHandle.nullDevice
        let start = Date()
        try process.run()
        while process.isRunning && Date().timeIntervalSince(start) < limit { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return Outcome(status: -1, stderr: "killed after \(limit) s", seconds: limit)
        }
        let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Outcome(status: process.terminationStatus, stderr: text, seconds: Date().timeIntervalSince(start))
    }

    static func fifo() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("layerlint-fifo-\(UUID().uuidString)")
            .path
        #expect(mkfifo(path, 0o600) == 0)
        return path
    }

    @Test func specialFilesAsInputsAreErrors() throws {
        let fifo = try Self.fifo()
        defer { unlink(fifo) }
        let layer = "Fixtures/layers/layout-root.zip"
        let cases: [([String], String)] = [
            (
                ["check", fifo],
                "layerlint: error: cannot open \(fifo): it is a FIFO (named pipe), not a regular file\n"
            ),
            (
                ["check", fifo, "--hash"],
                "layerlint: error: cannot open \(fifo): it is a FIFO (named pipe), not a regular file\n"
            ),
            (
                ["check", "/dev/zero"],
                "layerlint: error: cannot open /dev/zero: it is a character device, not a regular file\n"
            ),
            (
                ["inspect", fifo],
                "layerlint: error: cannot open \(fifo): it is a FIFO (named pipe), not a regular file\n"
            ),
            (
                ["why", "requests", fifo, "--runtime", "python3.12"],
                "layerlint: error: cannot open \(fifo): it is a FIFO (named pipe), not a regular file\n"
            ),
            (
                ["check", layer, "--function-config", fifo],
                "layerlint: error: cannot read \(fifo): it is not a regular file\n"
            ),
            (
                ["check", layer, "--template", "/dev/zero"],
                "layerlint: error: cannot read /dev/zero: it is not a regular file\n"
            ),
            (["check", layer, "--config", fifo], "layerlint: error: cannot read \(fifo): it is not a regular file\n"),
        ]
        for (arguments, message) in cases {
            let outcome = try Self.run(arguments)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderr == message, "\(arguments)")
        }
    }

    /// A few lines of YAML whose aliases multiply to 9^9 values: refused, not walked.
    @Test func billionLaughsTemplate() throws {
        var lines = ["a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            lines.append(
                "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
            previous = name
        }
        lines.append(
            "Resources: {Fn: {Type: AWS::Serverless::Function, Properties: {Runtime: python3.12, Layers: *i}}}")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("laughs-\(UUID().uuidString).yaml")
        try Data(lines.joined(separator: "\n").utf8).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let outcome = try Self.run(["check", "Fixtures/layers/layout-root.zip", "--template", path.path])
        #expect(outcome.status == 2)
        #expect(
            outcome.stderr
                == "layerlint: error: \(path.path) is not a readable template: it holds more than 200,000 "
                + "values, counting each repeat of a YAML alias\n")
    }

    /// Bounds on the command line itself, each a clear exit 2: argument parsing costs the
    /// square of repeated options (20,000 `--layer-metadata` took 27 s); 200 copies of a
    /// layer were listed and held at once (1 GB); a template past 2 MiB is not parsed.
    @Test func commandLineAndTemplateBounds() throws {
        let layer = "Fixtures/layers/layout-root.zip"
        let arguments = try Self.run(["check", layer] + Array(repeating: ["--layer-metadata", "x.json"], count: 2_100).flatMap { $0 })
        #expect(arguments.status == 2)
        #expect(arguments.stderr == "layerlint: error: 4202 command-line arguments, but at most 4096 are accepted\n")
        let layers = try Self.run(["check"] + Array(repeating: layer, count: 17) + ["--runtime", "python3.12"])
        #expect(layers.status == 2)
        #expect(
            layers.stderr
                == "layerlint: error: 17 layers given, but a function uses at most 5 (S003) and layerlint checks at "
                + "most 16 together: give the function's own layers, or --each to check unrelated ZIPs one at a time\n")
        let each = try Self.run(["check"] + Array(repeating: layer, count: 17) + ["--runtime", "python3.12", "--each"])
        #expect(each.status == 1)
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).yaml")
        try Data(("Unused: [" + Array(repeating: "1", count: 1_100_000).joined(separator: ",") + "]\n").utf8)
            .write(to: template)
        defer { try? FileManager.default.removeItem(at: template) }
        let big = try Self.run(["check", layer, "--template", template.path])
        #expect(big.status == 2)
        #expect(big.stderr == "layerlint: error: cannot read \(template.path): it is larger than 2 MiB\n")
    }

    /// A report that cannot be written is an error, not a silent exit 0.
    @Test func fullDeviceIsAnError() throws {
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return }
        let outcome = try Self.run(["check", "Fixtures/layers/layout-root.zip"], stdout: full)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "layerlint: error: cannot write standard output: no space left on device\n")
    }

    /// A reader that stops early (`| head`) ends the report quietly: no message, and the exit
    /// status the check would have had. SARIF is over 64 KiB, more than a pipe buffers.
    @Test func closedPipeEndsQuietly() throws {
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let outcome = try Self.run(
            ["check", "Fixtures/layers/layout-root.zip", "--format", "sarif"], stdout: pipe.fileHandleForWriting)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "")
    }
}

/// Values from input files reach the terminal escaped (issue 15): a logical id, a runtime
/// or a file name holding an escape sequence cannot rewrite the screen.
@Suite struct UnsafeOutputTests {
    let cli = CommandRunner()

    func write(_ text: String, _ name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func inputValuesAreEscapedOnStandardError() throws {
        let function = #"{"Type": "AWS::Serverless::Function", "Properties": {"Runtime": "python3.12"}}"#
        let template = try write(
            #"{"Resources": {"Evil\u001b[2J": \#(function), "Other": \#(function)}}"#, "template.json")
        defer { try? FileManager.default.removeItem(atPath: template) }
        let chosen = try cli.run(["check", "Fixtures/layers/layout-root.zip", "--template", template])
        #expect(chosen.status == 2)
        #expect(!chosen.stderr.contains("\u{1B}"))
        #expect(chosen.stderr.contains("Evil\\x1b[2J"))
        let config = try write(
            #"{"FunctionName": "f", "Runtime": "python\u001b[31m3.12", "Handler": "a.b", "PackageType": "Zip"}"#,
            "config.json")
        defer { try? FileManager.default.removeItem(atPath: config) }
        let runtime = try cli.run(["check", "Fixtures/layers/layout-root.zip", "--function-config", config])
        #expect(runtime.status == 2)
        #expect(!runtime.stderr.contains("\u{1B}"))
        #expect(runtime.stderr.contains("python\\x1b[31m3.12"))
        let option = try cli.run(["check", "Fixtures/layers/layout-root.zip", "--runtime", "python\u{1B}[2J"])
        #expect(option.status == 2)
        #expect(!option.stderr.contains("\u{1B}"))
    }
}
