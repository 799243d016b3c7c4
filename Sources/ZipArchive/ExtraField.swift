/// The extra-field records a reader must apply to a central-directory entry.
struct ExtraFieldValues {
    static let zip64ID: UInt16 = 0x0001
    static let unicodePathID: UInt16 = 0x7075

    var uncompressedSize: UInt64
    var compressedSize: UInt64
    var localHeaderOffset: UInt64
    var hasZip64: Bool = false
    /// The name from a 0x7075 Unicode Path field whose CRC matches the raw name.
    var unicodeName: String?
    /// Sentences describing fields that could not be decoded.
    var problems: [String] = []

    /// Walks `extra` and applies the ZIP64 and Unicode Path fields.
    ///
    /// ZIP64 values are present only for the fields whose 32-bit value is 0xFFFFFFFF, in
    /// the order uncompressed size, compressed size, local header offset (APPNOTE 4.5.3);
    /// Python's `zipfile` follows the same rule, including treating an all-ones 64-bit
    /// uncompressed size as a placeholder.
    init(extra: [UInt8], rawName: [UInt8], uncompressedSize: UInt64, compressedSize: UInt64, localHeaderOffset: UInt64)
    {
        self.uncompressedSize = uncompressedSize
        self.compressedSize = compressedSize
        self.localHeaderOffset = localHeaderOffset

        var position = 0
        while position + 4 <= extra.count {
            guard let id = extra.littleEndianInteger(at: position, as: UInt16.self),
                let length = extra.littleEndianInteger(at: position + 2, as: UInt16.self)
            else { break }
            let start = position + 4
            let end = start + Int(length)
            guard end <= extra.count else {
                problems.append(
                    "extra field 0x\(String(id, radix: 16)) claims \(length) bytes but only \(extra.count - start) remain"
                )
                break
            }
            let data = Array(extra[start..<end])
            switch id {
            case Self.zip64ID: applyZip64(data)
            case Self.unicodePathID: applyUnicodePath(data, rawName: rawName)
            default: break
            }
            position = end
        }
    }

    private mutating func applyZip64(_ data: [UInt8]) {
        hasZip64 = true
        var cursor = 0
        func next(_ field: String) -> UInt64? {
            guard let value = data.littleEndianInteger(at: cursor, as: UInt64.self) else {
                problems.append("the ZIP64 extra field lacks the \(field)")
                return nil
            }
            cursor += 8
            return value
        }
        if uncompressedSize == 0xFFFF_FFFF || uncompressedSize == UInt64.max {
            guard let value = next("uncompressed size") else { return }
            uncompressedSize = value
        }
        if compressedSize == 0xFFFF_FFFF {
            guard let value = next("compressed size") else { return }
            compressedSize = value
        }
        if localHeaderOffset == 0xFFFF_FFFF {
            guard let value = next("local header offset") else { return }
            localHeaderOffset = value
        }
    }

    private mutating func applyUnicodePath(_ data: [UInt8], rawName: [UInt8]) {
        guard data.count >= 5, let storedCRC = data.littleEndianInteger(at: 1, as: UInt32.self) else {
            problems.append("the Unicode Path extra field (0x7075) is too short")
            return
        }
        guard data[0] == 1, storedCRC == CRC32.checksum(rawName) else { return }
        let nameBytes = data[5...]
        guard let name = String(validating: nameBytes, as: UTF8.self) else {
            problems.append("the Unicode Path extra field (0x7075) is not valid UTF-8")
            return
        }
        if !name.isEmpty { unicodeName = name }
    }
}
