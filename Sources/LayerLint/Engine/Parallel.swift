import Dispatch
import Foundation

enum Parallel {
    /// `transform` applied to `0..<count`, in order, spread over the cores when `count` is
    /// at least `threshold` (below it, threads cost more than they save).
    static func map<T>(count: Int, threshold: Int = 8, _ transform: @Sendable (Int) -> T) -> [T] {
        guard count >= threshold else { return (0..<count).map(transform) }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes its own slot.
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: count) { index in buffer[index] = transform(index) }
        }
        return results.compactMap { $0 }  // every slot was written
    }
}

/// A value computed on first use and shared by every copy of the struct holding it: the
/// lint context computes what only some rules need (native binaries) only if one asks.
final class Lazy<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?
    private let make: @Sendable () -> Value

    init(_ make: @escaping @Sendable () -> Value) { self.make = make }

    var wrapped: Value {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let made = make()
        value = made
        return made
    }
}
