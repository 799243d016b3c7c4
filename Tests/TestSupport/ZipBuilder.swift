import Foundation

/// Builds small archives byte by byte, so tests can state exactly which header lies.
///
/// Members are stored (method 0) unless given pre-compressed data; every field that a
/// hostile archive might falsify can be overridden.
public struct ZipBuilder {
    public init() {}

    public struct Member {
        public var name: [UInt8]
        public var data: [UInt8]
        public var method: UInt16 = 0
        public var flags: UInt16 = 0
        public var crc: UInt32
        public var compressedSize: UInt32
        public var uncompressedSize: UInt32
        public var localName: [UInt8]?
        public var localMethod: UInt16?
        public var localOffsetOverride: UInt32?
        public var versionMadeBy: UInt16 = 0x0314
        public var externalAttributes: UInt32 = 0o100644 << 16
        public var centralExtra: [UInt8] = []
    }

    public var members: [Member] = []
    public var prefix: [UInt8] = []
    public var comment: [UInt8] = []
    public var declaredCount: UInt16?
    public var suffix: [UInt8] = []

    public mutating func add(_ name: String, _ text: String, configure: (inout Member) -> Void = { _ in }) {
        let data = Array(text.utf8)
        var member = Member(
            name: Array(name.utf8), data: data, crc: crc32(data),
            compressedSize: UInt32(data.count), uncompressedSize: UInt32(data.count))
        configure(&member)
        members.append(member)
    }

    /// A stored member holding `data` (a binary), with its CRC-32 and sizes.
    public mutating func add(_ name: String, data: [UInt8]) {
        members.append(
            Member(
                name: Array(name.utf8), data: data, crc: crc32(data), compressedSize: UInt32(data.count),
                uncompressedSize: UInt32(data.count)))
    }

    public func bytes() -> [UInt8] {
        var body: [UInt8] = []
        var central: [UInt8] = []
        var offsets: [UInt32] = []
        for member in members {
            offsets.append(UInt32(body.count))
            let localName = member.localName ?? member.name
            body += le32(0x0403_4B50) + le16(20) + le16(member.flags) + le16(member.localMethod ?? member.method)
            body += le16(0) + le16(0x5822) + le32(member.crc) + le32(member.compressedSize)
            body += le32(member.uncompressedSize) + le16(UInt16(localName.count)) + le16(0)
            body += localName + member.data
        }
        for (index, member) in members.enumerated() {
            central += le32(0x0201_4B50) + le16(member.versionMadeBy) + le16(20) + le16(member.flags)
            central += le16(member.method) + le16(0) + le16(0x5822) + le32(member.crc)
            central += le32(member.compressedSize) + le32(member.uncompressedSize)
            central += le16(UInt16(member.name.count)) + le16(UInt16(member.centralExtra.count)) + le16(0)
            central += le16(0) + le16(0) + le32(member.externalAttributes)
            central += le32(member.localOffsetOverride ?? offsets[index])
            central += member.name + member.centralExtra
        }
        let count = declaredCount ?? UInt16(members.count)
        var end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(count) + le16(count)
        end += le32(UInt32(central.count)) + le32(UInt32(body.count)) + le16(UInt16(comment.count))
        return prefix + body + central + end + comment + suffix
    }
}

public func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }

public func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

public func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8((value >> (8 * UInt64($0))) & 0xFF) } }

/// Bitwise CRC-32, independent of zlib so that tests do not check zlib against itself.
public func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
        }
    }
    return ~crc
}
