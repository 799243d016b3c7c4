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

extension String {
    /// Whether the UTF-8 bytes contain `needle` (ASCII), without Foundation or String
    /// searching: the per-entry tests of large archives are hot loops.
    func utf8Contains(_ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0 else { return true }
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: count)
        return utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.count >= count else { return false }
            var index = 0
            let last = bytes.count - count
            while index <= last {
                if bytes[index] == pattern[0] && bytes[index..<(index + count)].elementsEqual(pattern) { return true }
                index += 1
            }
            return false
        }
            ?? Array(utf8).withUnsafeBufferPointer { bytes in
                bytes.count >= count
                    && (0...(bytes.count - count)).contains { bytes[$0..<($0 + count)].elementsEqual(pattern) }
            }
    }

    /// Whether the UTF-8 bytes start with `prefix` (ASCII).
    func utf8HasPrefix(_ prefix: StaticString) -> Bool {
        utf8.starts(with: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
    }

    /// Whether the UTF-8 bytes end with `suffix` (ASCII).
    func utf8HasSuffix(_ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        return utf8.count >= count
            && utf8.suffix(count).elementsEqual(UnsafeBufferPointer(start: suffix.utf8Start, count: count))
    }
}
