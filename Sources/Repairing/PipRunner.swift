import Dispatch
import Foundation
import ZipArchive

/// The user's pip, run as `PYTHON -m pip`: the only program `fix` runs, and the only thing
/// that reaches a network (pip's own index, or none with `--no-index`).
package struct PipRunner: Sendable {
    /// The Python as the user named it (`python3.12`, a path).
    package let python: String
    /// Its absolute path, found on PATH.
    package let executable: String
    /// The version of the Python that runs pip (`3.11`).
    package let pythonVersion: String
    /// pip's own version line (`pip 24.0 from … (python 3.12)`).
    package let pipVersion: String

    /// The Python to run pip with: `python` when given, else the target's `python3.X` when it
    /// is on PATH, else `python3`.
    package static func pythonName(given: String?, runtimeVersion: String) -> String {
        if let given { return given }
        let own = "python" + runtimeVersion
        return which(own) != nil ? own : "python3"
    }

    /// Finds the Python and asks its pip for its version.
    ///
    /// - Throws: `FixError.pip` when the Python is not there or has no pip.
    package init(python: String) throws(FixError) {
        guard let executable = Self.which(python) else {
            throw .pip(python: python, reason: "\(python) is not on PATH (give --python with a Python that has pip)")
        }
        let probe = Self.run(executable, ["-m", "pip", "--version"], log: nil)
        guard probe.status == 0, let line = probe.output.split(separator: "\n").first(where: { $0.hasPrefix("pip ") })
        else {
            throw .pip(python: python, reason: "it has no pip: " + Self.tail(probe.output))
        }
        // `pip 24.0 from /usr/lib/python3/dist-packages/pip (python 3.12)`
        let version = line.range(of: "(python ").map { line[$0.upperBound...].prefix { $0 != ")" } } ?? ""
        self.python = python
        self.executable = executable
        self.pythonVersion = String(version)
        self.pipVersion = String(line)
    }

    /// `pip install --target TARGET OPTIONS [-c CONSTRAINTS] REQUIREMENTS`.
    ///
    /// - Returns: `nil` when pip succeeded, else the end of what it printed.
    package func install(target: String, options: [String], constraints: String?, requirements: [String], log: String)
        -> String?
    {
        var arguments = ["-m", "pip", "install", "--disable-pip-version-check", "--target", target] + options
        if let constraints { arguments += ["-c", constraints] }
        let result = Self.run(executable, arguments + requirements, log: log)
        return result.status == 0 ? nil : Self.tail(result.output)
    }

    /// `python -m compileall -q FOLDER`: bytecode for the Python that runs it.
    package func compile(_ folder: String, log: String) -> String? {
        let result = Self.run(executable, ["-m", "compileall", "-q", folder], log: log)
        return result.status == 0 ? nil : Self.tail(result.output)
    }

    /// The requirement pip found no distribution for (`numpy==2.4.6` in "No matching
    /// distribution found for numpy==2.4.6"), or `nil`.
    package static func unavailable(in output: String) -> String? {
        let marker = "No matching distribution found for "
        guard let range = output.range(of: marker) else { return nil }
        let word = output[range.upperBound...].prefix { !$0.isWhitespace }
        return word.isEmpty ? nil : String(word)
    }

    /// The last lines of pip's output, its errors first.
    static func tail(_ output: String) -> String {
        let lines = output.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.hasPrefix("ERROR:") }
        let shown = errors.isEmpty ? Array(lines.suffix(6)) : errors
        return shown.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
    }

    /// The absolute path of a program: `name` itself when it holds a slash, else the first
    /// executable of that name on PATH.
    static func which(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = folder + "/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs a program to its end, its output (both streams) written to `log` when given and
    /// returned; while it runs, an interrupted `fix` stops it.
    static func run(_ executable: String, _ arguments: [String], log: String?) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let file = log ?? NSTemporaryDirectory() + "/layerlint-pip-\(getpid()).log"
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return (-1, "cannot write \(file): \(Descriptors.errorText(errno))") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            try? handle.close()
            return (-1, "\(executable) cannot be run: \(error.localizedDescription)")
        }
        FixInterruption.shared.running(process.processIdentifier)
        process.waitUntilExit()
        FixInterruption.shared.running(nil)
        try? handle.close()
        let output = (FileManager.default.contents(atPath: file)).flatMap { String(bytes: $0, encoding: .utf8) } ?? ""
        if log == nil { unlink(file) }
        return (process.terminationStatus, output)
    }
}

/// What an interrupted `fix` must undo: the program it runs and the files it is making.
/// The executable calls `cleanUp()` on SIGINT or SIGTERM, then exits.
public final class FixInterruption: @unchecked Sendable {
    public static let shared = FixInterruption()
    private let lock = NSLock()
    private var child: pid_t?
    private var paths: [String] = []
    private var sources: [DispatchSourceSignal] = []

    package func running(_ pid: pid_t?) {
        lock.withLock { child = pid }
    }

    package func removing(_ path: String) {
        lock.withLock { paths.append(path) }
    }

    package func kept(_ path: String) {
        lock.withLock { paths.removeAll { $0 == path } }
    }

    /// On SIGINT, SIGTERM or SIGHUP: `cleanUp()`, then `exiting` with 128 plus the signal's
    /// number (the executable's `exit`: a library never ends the process itself). Until
    /// `stop()`.
    public func handleSignals(exiting: @escaping @Sendable (Int32) -> Void) {
        let numbers: [Int32] = [SIGINT, SIGTERM, SIGHUP]
        let made = numbers.map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                cleanUp()
                exiting(128 + number)
            }
            source.resume()
            return source
        }
        lock.withLock { sources = made }
    }

    /// Stops handling signals.
    public func stop() {
        let made = lock.withLock { sources }
        for source in made { source.cancel() }
    }

    /// Stops the running program and removes what the run was making.
    public func cleanUp() {
        let (pid, doomed) = lock.withLock { (child, paths) }
        if let pid { kill(pid, SIGTERM) }
        for path in doomed { try? FileManager.default.removeItem(atPath: path) }
    }
}
