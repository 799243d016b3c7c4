import Foundation
import ArgumentParser
import LambdaPlatform
import LayerLint
import ZipArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Entry point: runs the command and maps every outcome to the exit statuses of SPEC.md §2.
///
/// 0 and 1 come from the commands themselves. Anything that stops a command from running
/// (an unreadable input, and argument errors, which swift-argument-parser would report
/// as 64) exits with 2 and one clear line on standard error.
@main
enum Main {
    static func main() {
        do {
            var command = try LayerlintCommand.parseAsRoot()
            try command.run()
            exit(0)
        } catch let error as ArchiveError {
            StandardStreams.writeError("layerlint: error: \(error)\n")
            exit(2)
        } catch let error as CheckError {
            StandardStreams.writeError("layerlint: error: \(error)\n")
            exit(2)
        } catch let error as RuntimeCatalogError {
            StandardStreams.writeError("layerlint: error: \(error)\n")
            exit(2)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            let message = LayerlintCommand.fullMessage(for: error)
            if LayerlintCommand.exitCode(for: error) == .success {
                StandardStreams.writeOut(message + "\n")
                exit(0)
            }
            StandardStreams.writeError(message + "\n")
            exit(2)
        }
    }
}

/// What a command has finished with but which is not freed: the process exits right
/// after the command, and freeing a report (its archives, merged image and distributions:
/// tens of thousands of small objects for a large layer) would only cost time. Used only
/// from the main thread, once the command's work is done.
enum KeptUntilExit {
    nonisolated(unsafe) private static var values: [Any] = []

    static func keep(_ value: Any) { values.append(value) }
}

/// Unbuffered writes to the standard streams (file descriptors 1 and 2).
enum StandardStreams {
    static func writeOut(_ text: String) { write(Array(text.utf8), to: 1) }

    static func writeOut(_ bytes: [UInt8]) { write(bytes, to: 1) }

    static func writeError(_ text: String) { write(Array(text.utf8), to: 2) }

    /// Colour only on a terminal, and never when `NO_COLOR` is set to anything non-empty
    /// (https://no-color.org).
    static var stdoutWantsColour: Bool {
        isatty(1) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = systemWrite(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // a closed pipe: nothing useful left to do
                }
                offset += written
            }
        }
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
#endif
