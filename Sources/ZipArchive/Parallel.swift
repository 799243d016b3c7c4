import Dispatch

/// The one place in `LayerLint` where work is spread over threads.
///
/// The opening stage hands it independent pieces of reading (listing an archive, hashing a
/// file, sniffing a binary, reading a distribution's metadata) and rules that read a finished
/// context; each piece writes only its own result slot, and the results come back in order
/// once every piece is done, so nothing shared is ever written while another thread reads.
package enum Parallel {
    /// `transform` applied to `0..<count`, in order, spread over the cores when `count` is
    /// at least `threshold` (below it, threads cost more than they save).
    package static func map<T>(count: Int, threshold: Int = 8, _ transform: @Sendable (Int) -> T) -> [T] {
        guard count >= threshold else { return (0..<count).map(transform) }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes its own slot, and the buffer outlives every iteration.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: count) { index in slots[index] = transform(index) }
        }
        return results.compactMap { $0 }  // every slot was written
    }
}
