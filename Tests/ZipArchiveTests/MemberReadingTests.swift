import TestSupport
import Testing

@testable import ZipArchive

/// Reading member data: stored, deflate, caps, CRC, prefixes, and refusals.
@Suite struct MemberReadingTests {
    @Test func storedMemberRoundTrips() throws {
        var builder = ZipBuilder()
        builder.add("python/a.py", "print('hello')\n")
        let archive = try Archive(bytes: builder.bytes(), name: "s.zip")
        #expect(try archive.contents(of: archive.entries[0]) == Array("print('hello')\n".utf8))
        #expect(try archive.prefix(of: archive.entries[0], count: 5) == Array("print".utf8))
        #expect(try archive.prefix(of: archive.entries[0], count: 500) == Array("print('hello')\n".utf8))
    }

    @Test func corruptStoredDataFailsItsCRC() throws {
        var builder = ZipBuilder()
        builder.add("python/a.py", "A = 1\n") { $0.crc ^= 1 }
        let archive = try Archive(bytes: builder.bytes(), name: "crc.zip")
        let expected = crc32(Array("A = 1\n".utf8)) ^ 1
        #expect(throws: ArchiveError.checksumMismatch(name: "python/a.py", expected: expected, actual: expected ^ 1)) {
            try archive.contents(of: archive.entries[0])
        }
        // A prefix read does not check the CRC: it never sees the whole member.
        #expect(try archive.prefix(of: archive.entries[0], count: 3) == Array("A =".utf8))
    }

    @Test func lyingSizeIsRefusedBeforeAnythingIsRead() throws {
        let archive = try Archive(path: FixturePaths.zip("hostile-lying-size.zip"))
        let entry = archive.entries[0]
        #expect(entry.uncompressedSize == 0xFFFF_FFFE)
        #expect(
            throws: ArchiveError.entryTooLarge(
                name: "python/huge.bin", size: 0xFFFF_FFFE, limit: Archive.defaultReadLimit)
        ) {
            try archive.contents(of: entry)
        }
        // The first bytes are cheap to read all the same.
        #expect(try archive.prefix(of: entry, count: 10) == Array("not really".utf8))
        // Allowed to try, the read stops where the data does.
        #expect(
            throws: ArchiveError.corruptEntry(
                name: "python/huge.bin", reason: "it inflates to 1040 bytes but declares 4294967294 bytes")
        ) {
            try archive.contents(of: entry, limit: Int(UInt32.max))
        }
    }

    @Test func bombIsCappedAndItsPrefixIsCheap() throws {
        let archive = try Archive(path: FixturePaths.zip("hostile-ratio.zip"))
        let entry = archive.entries[0]
        #expect(throws: ArchiveError.entryTooLarge(name: "python/zeros.bin", size: 24 << 20, limit: 1 << 20)) {
            try archive.contents(of: entry, limit: 1 << 20)
        }
        #expect(try archive.prefix(of: entry, count: 64) == [UInt8](repeating: 0, count: 64))
        #expect(try archive.contents(of: entry).count == 24 << 20)
    }

    @Test func deflateThatProducesMoreThanDeclaredStopsOneBytePast() throws {
        // The deflated member claims 8 bytes but inflates to 60.
        var builder = ZipBuilder()
        let stream: [UInt8] = try {
            let source = try Archive(path: FixturePaths.zip("hostile-overlap.zip"))
            let entry = source.entries[0]
            return try source.prefix(of: entry, count: 0)
                + rawDeflateBytes(of: entry, in: FixturePaths.zip("hostile-overlap.zip"))
        }()
        builder.add("python/a.py", "") {
            $0.data = stream
            $0.method = 8
            $0.compressedSize = UInt32(stream.count)
            $0.uncompressedSize = 8
            $0.crc = 0
        }
        let archive = try Archive(bytes: builder.bytes(), name: "more.zip")
        #expect(
            throws: ArchiveError.corruptEntry(
                name: "python/a.py", reason: "it inflates to more than its declared 8 bytes")
        ) {
            try archive.contents(of: archive.entries[0])
        }
    }

    @Test func invalidDeflateDataIsAnError() throws {
        var builder = ZipBuilder()
        builder.add("python/a.py", "") {
            $0.data = [0xFF, 0xFF, 0xFF, 0xFF]
            $0.method = 8
            $0.compressedSize = 4
            $0.uncompressedSize = 10
        }
        let archive = try Archive(bytes: builder.bytes(), name: "bad.zip")
        #expect(
            throws: ArchiveError.corruptEntry(name: "python/a.py", reason: "invalid deflate data (invalid block type)")
        ) {
            try archive.contents(of: archive.entries[0])
        }
    }

    @Test func truncatedDeflateStream() throws {
        let source = try Archive(path: FixturePaths.zip("python-methods.zip"))
        let entry = source.entries[2]
        let stream = try rawDeflateBytes(of: entry, in: FixturePaths.zip("python-methods.zip"))
        var builder = ZipBuilder()
        builder.add("python/deflated.py", "") {
            $0.data = Array(stream.prefix(stream.count - 4))
            $0.method = 8
            $0.compressedSize = UInt32(stream.count - 4)
            $0.uncompressedSize = UInt32(entry.uncompressedSize)
            $0.crc = entry.crc32
        }
        let archive = try Archive(bytes: builder.bytes(), name: "cut.zip")
        #expect(throws: ArchiveError.corruptEntry(name: "python/deflated.py", reason: "its deflate stream is cut off"))
        {
            try archive.contents(of: archive.entries[0])
        }
    }

    @Test func encryptedAndUnsupportedMembersAreRefused() throws {
        let encrypted = try Archive(path: FixturePaths.zip("infozip-encrypted.zip"))
        #expect(throws: ArchiveError.encryptedEntry(name: "python/secret.py")) {
            try encrypted.contents(of: encrypted.entries[1])
        }
        let bzip2 = try Archive(path: FixturePaths.zip("python-bzip2.zip"))
        #expect(throws: ArchiveError.unsupportedCompression(name: "python/bz.py", method: 12)) {
            try bzip2.prefix(of: bzip2.entries[0], count: 4)
        }
    }

    @Test func dataPastTheEndOfTheFile() throws {
        var builder = ZipBuilder()
        builder.add("python/a.py", "A = 1\n") {
            $0.compressedSize = 4000; $0.uncompressedSize = 4000
        }
        let archive = try Archive(bytes: builder.bytes(), name: "past.zip")
        #expect(archive.anomalies.map(\.kind).contains(.offsetOutOfBounds))
        #expect(
            throws: ArchiveError.corruptEntry(name: "python/a.py", reason: "its data runs past the end of the archive")
        ) {
            try archive.contents(of: archive.entries[0])
        }
    }

    @Test func localHeaderOutsideTheFile() throws {
        var builder = ZipBuilder()
        builder.add("python/a.py", "A = 1\n") { $0.localOffsetOverride = 60_000 }
        let archive = try Archive(bytes: builder.bytes(), name: "far.zip")
        #expect(archive.anomalies.map(\.kind) == [.offsetOutOfBounds])
        #expect(
            throws: ArchiveError.corruptEntry(
                name: "python/a.py", reason: "its local header is missing or lies outside the archive")
        ) {
            try archive.contents(of: archive.entries[0])
        }
    }
}

/// The raw deflate bytes of a member, cut from the file by its local header.
func rawDeflateBytes(of entry: Entry, in path: String) throws -> [UInt8] {
    let archive = try Archive(path: path)
    let target = try #require(archive.entries.first { $0.index == entry.index })
    let start = try #require(archive.dataOffset(of: target))
    let file = try #require(FileBytes.read(path))
    return Array(file[start..<(start + Int(target.compressedSize))])
}

enum FileBytes {
    static func read(_ path: String) -> [UInt8]? {
        guard let handle = fopen(path, "rb") else { return nil }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, handle)
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}

#if canImport(Glibc)
    import Glibc
#endif
