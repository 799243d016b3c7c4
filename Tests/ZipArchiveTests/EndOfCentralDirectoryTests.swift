import TestSupport
import Testing

@testable import ZipArchive

/// Byte-level cases for finding the end record, the ZIP64 record and the central directory.
@Suite struct EndOfCentralDirectoryTests {
    func twoMembers() -> ZipBuilder {
        var builder = ZipBuilder()
        builder.add("python/a.py", "A = 1\n")
        builder.add("python/b.py", "B = 2\n")
        return builder
    }

    @Test func plainArchive() throws {
        let archive = try Archive(bytes: twoMembers().bytes(), name: "plain.zip")
        #expect(archive.entries.map(\.name) == ["python/a.py", "python/b.py"])
        #expect(archive.anomalies.isEmpty)
        #expect(archive.prependedBytes == 0)
    }

    @Test func emptyAndTinyFilesAreNotZips() {
        #expect(throws: ArchiveError.notAZipArchive(path: "e.zip", reason: "the file is empty")) {
            try Archive(bytes: [UInt8](), name: "e.zip")
        }
        #expect(throws: ArchiveError.notAZipArchive(path: "t.zip", reason: "the file is only 4 bytes long")) {
            try Archive(bytes: [0x50, 0x4B, 0x05, 0x06], name: "t.zip")
        }
    }

    @Test func commentIsKept() throws {
        var builder = twoMembers()
        builder.comment = Array("built by hand".utf8)
        let archive = try Archive(bytes: builder.bytes(), name: "c.zip")
        #expect(archive.comment == Array("built by hand".utf8))
        #expect(archive.anomalies.isEmpty)
    }

    @Test func signatureInCommentLosesToTheRecordThatEndsTheFile() throws {
        var builder = twoMembers()
        // A fake end record claiming 7 entries and a central directory at offset 1.
        builder.comment =
            le32(0x0605_4B50) + le16(0) + le16(0) + le16(7) + le16(7) + le32(9) + le32(1) + le16(0) + [0x21]
        let archive = try Archive(bytes: builder.bytes(), name: "c.zip")
        #expect(archive.entries.count == 2)
        #expect(archive.anomalies.isEmpty)
    }

    @Test func trailingBytesAreReportedButListed() throws {
        var builder = twoMembers()
        builder.suffix = Array("garbage".utf8)
        let archive = try Archive(bytes: builder.bytes(), name: "t.zip")
        #expect(archive.entries.count == 2)
        #expect(archive.anomalies.map(\.kind) == [.commentLengthMismatch])
        #expect(
            archive.anomalies.first?.message
                == "the end-of-central-directory record does not end the file: 7 bytes follow the end record and its comment"
        )
    }

    @Test func commentLengthPastTheEnd() throws {
        var builder = twoMembers()
        builder.comment = Array("abc".utf8)
        var bytes = builder.bytes()
        bytes.removeLast(1)  // the record now claims one byte more than the file has
        let archive = try Archive(bytes: bytes, name: "t.zip")
        #expect(archive.comment == Array("ab".utf8))
        #expect(
            archive.anomalies.first?.message
                == "the end-of-central-directory record does not end the file: its comment length (3) runs 1 byte past the end of the file"
        )
    }

    @Test func endRecordBeyondTheSearchWindowIsNotFound() {
        var builder = twoMembers()
        builder.suffix = [UInt8](repeating: 0, count: 65_536)
        #expect(
            throws: ArchiveError.notAZipArchive(
                path: "far.zip", reason: "no end-of-central-directory record in the last 65557 bytes")
        ) {
            try Archive(bytes: builder.bytes(), name: "far.zip")
        }
    }

    @Test func prependedDataShiftsOffsets() throws {
        var builder = twoMembers()
        builder.prefix = Array("#!/bin/sh\nexit 0\n".utf8)
        let archive = try Archive(bytes: builder.bytes(), name: "sfx.zip")
        #expect(archive.prependedBytes == 17)
        #expect(archive.anomalies.isEmpty)
        #expect(try archive.contents(of: archive.entries[1]) == Array("B = 2\n".utf8))
    }

    @Test func centralDirectoryNowhereToBeFound() {
        var bytes = twoMembers().bytes()
        // Break the first central-directory signature: neither the stated nor the shifted offset works.
        let central = bytes.count - 22 - (2 * 46 + 22)
        bytes[central] = 0x00
        #expect(throws: ArchiveError.self) { try Archive(bytes: bytes, name: "cd.zip") }
        do {
            _ = try Archive(bytes: bytes, name: "cd.zip")
        } catch {
            #expect(
                error.description.hasPrefix(
                    "cd.zip has a corrupt central directory: the end record places the central directory at offset 94 (114 bytes)"
                ))
        }
    }

    @Test func entryCountMismatch() throws {
        var builder = twoMembers()
        builder.declaredCount = 3
        let archive = try Archive(bytes: builder.bytes(), name: "n.zip")
        #expect(archive.entries.count == 2)
        #expect(archive.anomalies.map(\.kind) == [.entryCountMismatch])
        #expect(archive.declaredEntryCount == 3)
    }

    /// A ZIP64 end record and locator between the central directory and the end record.
    func zip64Archive(diskNumber: UInt32 = 0, locatorOffset: UInt64? = nil, prefix: [UInt8] = []) -> [UInt8] {
        var builder = twoMembers()
        builder.declaredCount = 0xFFFF
        var bytes = builder.bytes()
        let endRecord = Array(bytes.suffix(22))
        bytes.removeLast(22)
        let centralSize = UInt64(2 * (46 + 11))
        let centralOffset = UInt64(bytes.count) - centralSize
        let recordOffset = UInt64(bytes.count)
        var record = le32(0x0606_4B50) + le64(44) + le16(45) + le16(45) + le32(diskNumber) + le32(0)
        record += le64(2) + le64(2) + le64(centralSize) + le64(centralOffset)
        let locator = le32(0x0706_4B50) + le32(0) + le64(locatorOffset ?? recordOffset) + le32(1)
        var end = endRecord
        // Classic fields set to their ZIP64 placeholders.
        end.replaceSubrange(12..<20, with: le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF))
        return prefix + bytes + record + locator + end
    }

    @Test func zip64RecordFoundThroughTheLocator() throws {
        let archive = try Archive(bytes: zip64Archive(), name: "z64.zip")
        #expect(archive.isZip64)
        #expect(archive.declaredEntryCount == 2)
        #expect(archive.entries.map(\.name) == ["python/a.py", "python/b.py"])
        #expect(archive.anomalies.isEmpty)
    }

    @Test func zip64WithPrependedData() throws {
        let archive = try Archive(bytes: zip64Archive(prefix: Array("stub".utf8)), name: "z64.zip")
        #expect(archive.isZip64)
        #expect(archive.prependedBytes == 4)
        #expect(try archive.contents(of: archive.entries[0]) == Array("A = 1\n".utf8))
    }

    @Test func zip64LocatorPointingNowhere() {
        // The locator points at offset 3 and the adjacent position holds no record either, so
        // only the classic record's placeholders are left, and they lead nowhere.
        var bytes = zip64Archive(locatorOffset: 3)
        let recordStart = bytes.count - 22 - 20 - 56
        bytes[recordStart] = 0x00
        #expect(
            throws: ArchiveError.corruptCentralDirectory(
                path: "z64.zip",
                reason: "the end record places the central directory at offset 4294967295 (4294967295 bytes), "
                    + "but there is no central directory header there")
        ) { try Archive(bytes: bytes, name: "z64.zip") }
    }

    @Test func zip64LocatorWithAWrongOffsetFallsBackToTheAdjacentRecord() throws {
        let archive = try Archive(bytes: zip64Archive(locatorOffset: 3), name: "z64.zip")
        #expect(archive.isZip64)
        #expect(archive.entries.count == 2)
    }

    @Test func zip64DiskNumberAtItsMaximumIsAMultiDiskAnomaly() throws {
        // Regression: found by the fuzzer, `diskNumber + 1` overflowed in the message.
        let archive = try Archive(bytes: zip64Archive(diskNumber: 0xFFFF_FFFF), name: "disk.zip")
        let anomaly = try #require(archive.anomalies.first { $0.kind == .multiDisk })
        #expect(anomaly.message.contains("part 4294967296 of a multi-disk"))
    }

    @Test func centralDirectorySizeThatOverflows() {
        // Regression: a directory size near 2^64 must not overflow the end-of-directory arithmetic.
        var bytes = zip64Archive()
        let sizeField = bytes.count - 22 - 20 - 56 + 40
        bytes.replaceSubrange(sizeField..<(sizeField + 8), with: le64(UInt64.max - 3))
        #expect(throws: Never.self) { _ = try? Archive(bytes: bytes, name: "size.zip") }
    }
}
