import ArgumentParser
import Foundation
import ImageModel
import LambdaPlatform
import LayerLint
import LintRules
import Repairing
import ZipArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Entry point: runs the command and maps every outcome to an exit status.
///
/// 0 and 1 come from the commands themselves. Anything that stops a command from running
/// (an unreadable input, and argument errors, which swift-argument-parser would report
/// as 64) exits with 2 and one clear line on standard error.
@main
enum Main {
    static func main() {
        // A reader that goes away (`| head`) ends the output quietly, whether or not the
        // parent left SIGPIPE ignored: writes then fail with EPIPE, which is not an error.
        signal(SIGPIPE, SIG_IGN)
        // Parsing costs the square of repeated options: far more arguments than any use needs
        // are refused before it starts.
        let count = CommandLine.arguments.count - 1
        guard count <= Limits.arguments else {
            StandardStreams.writeError(
                "layerlint: error: \(count) command-line arguments, but at most \(Limits.arguments) are accepted\n")
            exit(2)
        }
        // A misspelt command gets the nearest names, not ArgumentParser's "unexpected arguments".
        let commands = LayerlintCommand.configuration.subcommands.map { $0._commandName } + ["help"]
        if let first = CommandLine.arguments.dropFirst().first, !first.hasPrefix("-"), !commands.contains(first) {
            let guess = NearestNames.suggestion(first, among: commands).map { "; \($0)" } ?? ""
            StandardStreams.writeError(
                "layerlint: error: unknown command '\(TerminalText.escaped(first))'\(guess) (the commands are "
                    + commands.dropLast().joined(separator: ", ") + ")\n" + usage(of: LayerlintCommand.self))
            exit(2)
        }
        // A usage mistake (an unknown option, a missing argument, a bad value) is reported
        // with the usage of the command it was made in; help goes to standard output.
        var command: any ParsableCommand
        do {
            command = try LayerlintCommand.parseAsRoot()
        } catch {
            exitReporting(error)
        }
        do {
            try command.run()
            exit(0)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch let error as any LayerLintError {
            // Every error of ours: CheckError, ArchiveError (inspect), RuntimeCatalogError (rules).
            // Messages quote inputs (logical ids, runtimes, ARNs, paths): escaped for the terminal.
            StandardStreams.writeError(
                "layerlint: error: \(TerminalText.escaped(error.errorDescription ?? "\(error)"))\n")
            exit(2)
        } catch let error as ValidationError {
            // A usage mistake found once the options were read (`--function` without
            // `--template`): the usage of that command, not of layerlint as a whole.
            StandardStreams.writeError(
                "layerlint: error: \(TerminalText.escaped(error.message))\n" + usage(of: type(of: command)))
            exit(2)
        } catch {
            // `layerlint` alone, and a clean exit a command asks for (help, a version).
            exitReporting(error)
        }
    }

    /// The usage lines ArgumentParser prints after a mistake made in `command`.
    static func usage(of command: any ParsableCommand.Type) -> String {
        let help = command == LayerlintCommand.self ? "layerlint --help" : "layerlint \(command._commandName) --help"
        return "Usage: \(LayerlintCommand.usageString(for: command))\n  See '\(help)' for more information.\n"
    }

    /// Ends with ArgumentParser's message for `error`: help and versions on standard output
    /// (exit 0), a mistake as every other error of layerlint reads (`layerlint: error: …`,
    /// where ArgumentParser writes `Error: …`), with the usage it adds (exit 2).
    static func exitReporting(_ error: any Error) -> Never {
        let message = TerminalText.escapedLines(LayerlintCommand.fullMessage(for: error))
        if LayerlintCommand.exitCode(for: error) == .success {
            StandardStreams.writeOut(message + "\n")
            exit(0)
        }
        let form = message.hasPrefix("Error: ") ? "layerlint: error: " + message.dropFirst("Error: ".count) : message
        StandardStreams.writeError(form + "\n")
        exit(2)
    }
}

/// The errors of layerlint's libraries, which `main` reports in one line and exit 2; every
/// other error comes from argument parsing.
protocol LayerLintError: LocalizedError {}

extension CheckError: LayerLintError {}
extension ArchiveError: LayerLintError {}
extension RuntimeCatalogError: LayerLintError {}
extension ConfigurationError: LayerLintError {}
extension BaselineError: LayerLintError {}
extension FixError: LayerLintError {}
extension RuleSelectionError: LayerLintError {}

/// Unbuffered writes to the standard streams (file descriptors 1 and 2).
enum StandardStreams {
    static func writeOut(_ text: String) { write(Array(text.utf8), to: 1) }

    /// Streams a report to `file` (`--output`), or to standard output without one: it is
    /// handed on as it is made, never held whole, and the file takes its place only when
    /// every byte was written.
    ///
    /// - Throws: `CheckError.cannotWriteOutput` when a write fails.
    static func streamReport(to file: OutputFile?, _ writing: (ReportStream) -> Void) throws(CheckError) {
        let descriptor = file?.descriptor ?? 1
        let stream = ReportStream { bytes in OutputFile.write(bytes, to: descriptor) }
        writing(stream)
        let failure = stream.finish()
        guard let file else {
            if let failure { throw .cannotWriteOutput(path: "standard output", reason: failure) }
            return
        }
        try file.commit(after: failure)
    }

    static func writeError(_ text: String) { write(Array(text.utf8), to: 2) }

    /// Colour only on a terminal, and never when `NO_COLOR` is set to anything non-empty
    /// (https://no-color.org).
    static var stdoutWantsColour: Bool {
        isatty(1) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    /// - Returns: why the bytes could not all be written, or `nil`.
    @discardableResult
    private static func write(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        OutputFile.write(bytes, to: descriptor)
    }
}
