import CZlib

/// CRC-32 (ISO 3309, as ZIP uses it), computed by zlib.
enum CRC32 {
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { update(0, with: $0) }
    }

    static func update(_ crc: UInt32, with bytes: UnsafeRawBufferPointer) -> UInt32 {
        var value = UInt(crc)
        var remaining = bytes
        while let base = remaining.baseAddress, !remaining.isEmpty {
            // zlib takes the length as a 32-bit count.
            let length = min(remaining.count, 1 << 30)
            value = CZlib.crc32(value, base.assumingMemoryBound(to: Bytef.self), uInt(length))
            remaining = UnsafeRawBufferPointer(rebasing: remaining[length...])
        }
        return UInt32(truncatingIfNeeded: value)
    }
}
