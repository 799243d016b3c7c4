import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Nothing the user gave is written over (issue 24): `--output`, `--write-baseline` and
/// `GITHUB_STEP_SUMMARY` naming an input by any link or name exit 2 before any work, and
/// the input is byte-for-byte what it was; a link to another file is replaced, never
/// written through; a FIFO is refused at once.
@Suite struct OutputSafetyTests {
    let cli = CommandRunner()

    /// A scratch folder holding layer.zip, a folder layer F/, a .layerlint.toml and links.
    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-outputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("F/python/ok"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: FixturePaths.layer("deps-requests-complete.zip"), toPath: folder.appendingPathComponent("layer.zip").path)
        try Data("x = 1\n".utf8).write(to: folder.appendingPathComponent("F/python/ok/__init__.py"))
        try Data("runtime = \"python3.12\"\n".utf8).write(to: folder.appendingPathComponent(".layerlint.toml"))
        try Data("kept\n".utf8).write(to: folder.appendingPathComponent("other.txt"))
        let path = folder.path
        #expect(symlink("layer.zip", path + "/relative.zip") == 0)
        #expect(symlink(path + "/layer.zip", path + "/absolute.zip") == 0)
        #expect(link(path + "/layer.zip", path + "/hard.zip") == 0)
        #expect(link(path + "/F/python/ok/__init__.py", path + "/inside-folder.py") == 0)
        #expect(symlink(".layerlint.toml", path + "/config-link.toml") == 0)
        #expect(symlink("other.txt", path + "/to-other.txt") == 0)
        #expect(mkfifo(path + "/fifo", 0o600) == 0)
        return folder
    }

    static let inputs = ["layer.zip", "F/python/ok/__init__.py", ".layerlint.toml", "other.txt"]

    func contents(_ folder: URL) throws -> [Data] {
        try Self.inputs.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
    }

    @Test func everyLinkToAnInputIsRefusedAndTheInputIsUnchanged() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try contents(folder)
        let cases: [(target: String, says: String)] = [
            ("layer.zip", "is one of the inputs"),
            ("relative.zip", "is the input layer.zip (the same file, by a link or another name)"),
            ("absolute.zip", "is the input layer.zip (the same file, by a link or another name)"),
            ("hard.zip", "is the input layer.zip (the same file, by a link or another name)"),
            ("./layer.zip", "is the input layer.zip (the same file, by a link or another name)"),
            ("inside-folder.py", "lies inside the folder input F"),
            ("F/python/ok/__init__.py", "lies inside the folder input F"),
            ("F/python/new.txt", "lies inside the folder input F"),
            (".layerlint.toml", "is the input \(folder.path)/.layerlint.toml (the same file, by a link or another name)"),
            ("config-link.toml", "is the input \(folder.path)/.layerlint.toml (the same file, by a link or another name)"),
        ]
        for (target, says) in cases {
            for (option, arguments, environment) in [
                ("--output", ["--output", target], [String: String]()),
                ("--write-baseline", ["--write-baseline", target], [:]),
                ("GITHUB_STEP_SUMMARY", ["--format", "github"], ["GITHUB_STEP_SUMMARY": target]),
            ] {
                let result = try cli.run(
                    ["check", "layer.zip", "F", "--arch", "x86_64"] + arguments, environment: environment, in: folder)
                #expect(result.status == 2, "\(option) \(target)")
                #expect(
                    result.stderr
                        == "layerlint: error: \(option) \(target) \(says); layerlint never writes over what it was "
                        + "given: name another file\n")
                #expect(try contents(folder) == before, "\(option) \(target)")
            }
        }
    }

    @Test func aFIFOIsRefusedAtOnceAndALinkIsReplacedNotWrittenThrough() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Bounded: writing to a FIFO with no reader used to block for ever.
        let fifo = try HostileInputCommandTests.run(
            ["check", folder.path + "/layer.zip", "--arch", "x86_64", "--output", folder.path + "/fifo"])
        #expect(fifo.status == 2)
        #expect(
            fifo.stderr
                == "layerlint: error: cannot write \(folder.path)/fifo: it is a FIFO (named pipe), not a regular file\n")
        // to-other.txt -> other.txt, which is no input: the link becomes the report and
        // other.txt keeps its bytes.
        let replaced = try cli.run(
            ["check", "layer.zip", "--arch", "x86_64", "--output", "to-other.txt"], in: folder)
        #expect(replaced.status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("other.txt"), encoding: .utf8) == "kept\n")
        let report = try String(contentsOf: folder.appendingPathComponent("to-other.txt"), encoding: .utf8)
        #expect(report.hasPrefix("target: python3.12 on x86_64"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: folder.path + "/to-other.txt")) == nil)
        // The step summary is appended to: what was there stays.
        try Data("# earlier step\n".utf8).write(to: folder.appendingPathComponent("summary.md"))
        let summary = try cli.run(
            ["check", "layer.zip", "--arch", "x86_64", "--format", "github"],
            environment: ["GITHUB_STEP_SUMMARY": "summary.md"], in: folder)
        #expect(summary.status == 0)
        let text = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(text.hasPrefix("# earlier step\n## layerlint"))
        // Nothing is left behind: no temporary files.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.contains(".layerlint-") })
    }
}
