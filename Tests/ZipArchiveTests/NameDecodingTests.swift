import TestSupport
import Testing

@testable import ZipArchive

@Suite struct NameDecodingTests {
    @Test func asciiIsTakenAsIs() {
        #expect(NameDecoding.decode(Array("python/a.py".utf8), utf8Flag: false) == ("python/a.py", true))
    }

    @Test func cp437CoversTheHighHalf() {
        // Python: bytes([0x80, 0x9b, 0xe1, 0xff]).decode("cp437") == "Ç¢ß\u{a0}"
        #expect(NameDecoding.decode([0x80, 0x9B, 0xE1, 0xFF], utf8Flag: false).name == "Ç¢ß\u{A0}")
    }

    @Test func utf8FlagDecodesUTF8() {
        #expect(NameDecoding.decode(Array("café".utf8), utf8Flag: true) == ("café", true))
    }

    @Test func invalidUTF8IsReportedAndReplaced() throws {
        var builder = ZipBuilder()
        builder.add("x", "X") {
            $0.name = [0x61, 0xFF, 0x62]
            $0.flags = 0x0800
        }
        let archive = try Archive(bytes: builder.bytes(), name: "bad-name.zip")
        #expect(archive.entries[0].name == "a\u{FFFD}b")
        #expect(archive.anomalies.map(\.kind) == [.invalidName])
    }

    @Test func nameEndsAtTheFirstNUL() throws {
        var builder = ZipBuilder()
        builder.add("x", "X") { $0.name = Array("python/a.py".utf8) + [0] + Array(".txt".utf8) }
        let archive = try Archive(bytes: builder.bytes(), name: "nul.zip")
        #expect(archive.entries[0].name == "python/a.py")
        #expect(archive.entries[0].rawName.count == 16)
    }

    @Test func unicodePathFieldWithAStaleCRCIsIgnored() throws {
        let raw: [UInt8] = Array("up-".utf8) + [0x82]
        let unicode = Array("up-ł".utf8)
        func field(crc: UInt32) -> [UInt8] {
            le16(0x7075) + le16(UInt16(5 + unicode.count)) + [1] + le32(crc) + unicode
        }
        var builder = ZipBuilder()
        builder.add("a", "1") {
            $0.name = raw; $0.centralExtra = field(crc: crc32(raw))
        }
        builder.add("b", "2") {
            $0.name = raw + [0x2E]; $0.centralExtra = field(crc: crc32(raw))
        }
        let archive = try Archive(bytes: builder.bytes(), name: "up.zip")
        #expect(archive.entries.map(\.name) == ["up-ł", "up-é."])
    }

    @Test func extraFieldRunningPastItsEndIsAnAnomaly() throws {
        var builder = ZipBuilder()
        builder.add("python/a.py", "A") { $0.centralExtra = le16(0x5455) + le16(40) + [1, 2, 3] }
        let archive = try Archive(bytes: builder.bytes(), name: "extra.zip")
        #expect(archive.anomalies.map(\.kind) == [.corruptExtraField])
        #expect(archive.anomalies.first?.message == "extra field 0x5455 claims 40 bytes but only 3 remain")
    }

    @Test func zip64ExtraFieldReplacesPlaceholders() throws {
        var builder = ZipBuilder()
        builder.add("python/a.py", "ABC") {
            $0.compressedSize = 0xFFFF_FFFF
            $0.uncompressedSize = 0xFFFF_FFFF
            $0.centralExtra = le16(1) + le16(16) + le64(3) + le64(3)
        }
        let archive = try Archive(bytes: builder.bytes(), name: "z.zip")
        #expect(archive.entries[0].uncompressedSize == 3)
        #expect(archive.entries[0].compressedSize == 3)
        #expect(try archive.contents(of: archive.entries[0]) == Array("ABC".utf8))
    }

    @Test func zip64ExtraFieldMissingAValue() throws {
        var builder = ZipBuilder()
        builder.add("python/a.py", "ABC") {
            $0.compressedSize = 0xFFFF_FFFF
            $0.uncompressedSize = 0xFFFF_FFFF
            $0.centralExtra = le16(1) + le16(8) + le64(3)
        }
        let archive = try Archive(bytes: builder.bytes(), name: "z.zip")
        #expect(archive.anomalies.map(\.message).contains("the ZIP64 extra field lacks the compressed size"))
    }
}

@Suite struct DOSDateTimeTests {
    @Test func fieldsAndISOString() {
        // 2024-01-02 03:04:06 as MS-DOS date 0x5822 and time 0x1883.
        let stamp = DOSDateTime(date: 0x5822, time: 0x1883)
        #expect([stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second] == [2024, 1, 2, 3, 4, 6])
        #expect(stamp.isoString == "2024-01-02T03:04:06")
    }

    @Test func zeroAndOutOfRangeFieldsStillFormat() {
        #expect(DOSDateTime(date: 0, time: 0).isoString == "1980-00-00T00:00:00")
        #expect(DOSDateTime(date: 0xFFFF, time: 0xFFFF).isoString == "2107-15-31T31:63:62")
    }
}
