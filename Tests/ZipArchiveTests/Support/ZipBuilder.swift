import Foundation

/// Builds small archives byte by byte, so tests can state exactly which header lies.
///
/// Members are stored (method 0) unless given pre-compressed data; every field that a
/// hostile archive might falsify can be overridden.
struct ZipBuilder {
    struct Member {
        var name: [UInt8]
        var data: [UInt8]
        var method: UInt16 = 0
        var flags: UInt16 = 0
        var crc: UInt32
        var compressedSize: UInt32
        var uncompressedSize: UInt32
        var localName: [UInt8]?
        var localMethod: UInt16?
        var localOffsetOverride: UInt32?
        var versionMadeBy: UInt16 = 0x0314
        var externalAttributes: UInt32 = 0o100644 << 16
        var centralExtra: [UInt8] = []
    }

    var members: [Member] = []
    var prefix: [UInt8] = []
    var comment: [UInt8] = []
    var declaredCount: UInt16?
    var suffix: [UInt8] = []

    mutating func add(_ name: String, _ text: String, configure: (inout Member) -> Void = { _ in }) {
        let data = Array(text.utf8)
        var member = Member(
            name: Array(name.utf8), data: data, crc: crc32(data),
            compressedSize: UInt32(data.count), uncompressedSize: UInt32(data.count))
        configure(&member)
        members.append(member)
    }

    func bytes() -> [UInt8] {
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

func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }

func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8((value >> (8 * UInt64($0))) & 0xFF) } }

/// Bitwise CRC-32, independent of zlib so that tests do not check zlib against itself.
func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
        }
    }
    return ~crc
}
