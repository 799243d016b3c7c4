/// Where a reporter's bytes go, handed on in pieces of about 64 KiB as they are made: a
/// report of 100,000 findings is never held whole (nor copied on the way out).
///
/// The destination (standard output, an `--output` file, an array in a test) is the
/// caller's. After its first failure nothing more is written, and `finish()` says why.
public final class ReportStream {
    /// How many bytes are gathered before they are handed on.
    static let pieceSize = 1 << 16

    private var pending: [UInt8] = []
    private let destination: ([UInt8]) -> String?
    private var failure: String?

    /// - Parameter destination: writes one piece, returning why it could not (`no space left
    ///   on device`), or `nil`.
    public init(destination: @escaping ([UInt8]) -> String?) {
        self.destination = destination
        pending.reserveCapacity(Self.pieceSize)
    }

    public func write(_ text: String) {
        pending.append(contentsOf: text.utf8)
        if pending.count >= Self.pieceSize { handOn() }
    }

    public func write(_ bytes: [UInt8]) {
        if pending.isEmpty && bytes.count >= Self.pieceSize {
            send(bytes)
            return
        }
        pending.append(contentsOf: bytes)
        if pending.count >= Self.pieceSize { handOn() }
    }

    /// Hands on what is left.
    ///
    /// - Returns: why some bytes could not be written, or `nil` when all were.
    public func finish() -> String? {
        if !pending.isEmpty { handOn() }
        return failure
    }

    private func handOn() {
        send(pending)
        pending.removeAll(keepingCapacity: true)
    }

    private func send(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        failure = destination(bytes)
    }
}

extension Reporter {
    /// The whole report as bytes (tests, the GitHub step summary).
    public func render(_ report: Report) -> [UInt8] {
        var collected: [UInt8] = []
        let stream = ReportStream { bytes in
            collected.append(contentsOf: bytes)
            return nil
        }
        write(report, to: stream)
        _ = stream.finish()
        return collected
    }
}
