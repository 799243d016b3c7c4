import Dispatch

/// The one place in layerlint where work is spread over threads.
///
/// The ZIP reader decodes a large central directory and reads local headers in chunks; the
/// opening stage hands it independent pieces of reading (listing an archive, hashing a file,
/// sniffing a binary, reading a distribution's metadata); the rule engine runs rules that
/// only read a finished context. Each piece writes only its own result slot (or its own
/// range of a new array), and the results come back in order once every piece is done, so
/// nothing shared is ever written while another thread reads, and the outcome does not
/// depend on scheduling.
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

    /// An array of `count` elements made in chunks of `chunkSize`, side by side: `fill` is
    /// given a chunk's range and must `set` each index of it exactly once (the element is
    /// moved into place, not copied: a copy retains whatever buffers it holds); what else
    /// each chunk returns comes back in chunk order.
    package static func buildArray<Element, ChunkResult>(
        count: Int, chunkSize: Int,
        _ fill: @Sendable (_ range: Range<Int>, _ set: (Int, consuming Element) -> Void) -> ChunkResult
    ) -> (elements: [Element], chunks: [ChunkResult]) {
        precondition(chunkSize > 0)
        let chunkCount = (count + chunkSize - 1) / chunkSize
        var chunks: [ChunkResult] = []
        let elements = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Chunks initialize disjoint ranges of the buffer, which outlives them all.
            nonisolated(unsafe) let slots = buffer
            chunks = map(count: chunkCount, threshold: 2) { chunk in
                let range = (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize)
                return fill(range) { index, element in
                    precondition(range.contains(index), "a chunk sets only its own range")
                    slots.initializeElement(at: index, to: element)
                }
            }
            initialized = count
        }
        return (elements, chunks)
    }
}
