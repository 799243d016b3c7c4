import Foundation
import TestSupport
import Testing

@testable import ZipArchive

/// The committed fixtures, read exactly: every entry against Python's `zipfile`
/// (Fixtures/zip/listings.json, written by make_fixtures.py) and every anomaly by kind.
@Suite struct FixtureTests {
    struct Listings: Decodable {
        struct Item: Decodable {
            let entries: [Expected]?
            let error: String?
        }
        struct Expected: Decodable {
            let name: String
            let name_hex: String
            let size: UInt64
            let compressed_size: UInt64
            let method: UInt16
            let crc: UInt32
            let flags: UInt16
            let create_system: UInt8
            let external_attr: UInt32
        }
        let archives: [String: Item]
    }

    static let listings: Listings = {
        let url = URL(fileURLWithPath: FixturePaths.zip("listings.json"))
        do {
            return try JSONDecoder().decode(Listings.self, from: Data(contentsOf: url))
        } catch {
            fatalError("Fixtures/zip/listings.json is unreadable: \(error)")
        }
    }()

    static let readableByPython = listings.archives.filter { $0.value.entries != nil }.keys.sorted()

    @Test(arguments: readableByPython)
    func entriesMatchPythonZipfile(fixture: String) throws {
        let archive = try Archive(path: FixturePaths.zip(fixture))
        let expected = try #require(Self.listings.archives[fixture]?.entries)
        #expect(archive.entries.count == expected.count)
        for (entry, want) in zip(archive.entries, expected) {
            #expect(entry.name == want.name)
            #expect(entry.rawName.map { String(format: "%02x", $0) }.joined() == want.name_hex)
            #expect(entry.uncompressedSize == want.size, "\(want.name)")
            #expect(entry.compressedSize == want.compressed_size, "\(want.name)")
            #expect(entry.method == want.method, "\(want.name)")
            #expect(entry.crc32 == want.crc, "\(want.name)")
            #expect(entry.flags == want.flags, "\(want.name)")
            #expect(entry.hostSystem.rawValue == want.create_system, "\(want.name)")
            #expect(entry.externalAttributes == want.external_attr, "\(want.name)")
        }
    }

    @Test(arguments: readableByPython)
    func everyReadableMemberInflatesWithItsCRC(fixture: String) throws {
        let archive = try Archive(path: FixturePaths.zip(fixture))
        for entry in archive.entries
        where !entry.isEncrypted && CompressionMethod.isSupported(entry.method) && entry.uncompressedSize < 1 << 26 {
            let bytes = try archive.contents(of: entry)
            #expect(UInt64(bytes.count) == entry.uncompressedSize)
        }
    }

    /// Anomaly kinds per fixture, in the order the reader reports them. Fixtures not listed have none.
    static let expectedAnomalies: [String: [Anomaly.Kind]] = [
        "hostile-duplicate-names.zip": [.duplicateName],
        "hostile-entry-count.zip": [.entryCountMismatch],
        "hostile-local-mismatch.zip": [.localHeaderMismatch],
        "hostile-lying-size.zip": [.suspiciousCompressionRatio],
        "hostile-overlap.zip": [.localHeaderMismatch, .overlappingEntries],
        "hostile-ratio.zip": [.suspiciousCompressionRatio],
        "infozip-encrypted.zip": [.encryptedEntry],
        "python-bzip2.zip": [.unsupportedCompression],
    ]

    @Test(arguments: readableByPython + ["tricky-eocd-in-comment.zip"])
    func anomaliesAreExactlyTheExpectedKinds(fixture: String) throws {
        let archive = try Archive(path: FixturePaths.zip(fixture))
        #expect(archive.anomalies.map(\.kind) == (Self.expectedAnomalies[fixture] ?? []))
    }

    /// Opening in two steps (central directory now, local headers later, as `check` does to
    /// overlap them with its own work) ends with the same archive, and members read before
    /// the second step find their data through their own headers.
    @Test(arguments: readableByPython + ["tricky-eocd-in-comment.zip"])
    func localHeadersReadLaterGiveTheSameArchive(fixture: String) throws {
        let full = try Archive(path: FixturePaths.zip(fixture))
        let listed = try Archive(centralDirectoryAt: FixturePaths.zip(fixture))
        #expect(full.hasReadLocalHeaders && !listed.hasReadLocalHeaders)
        #expect(listed.entries.allSatisfy { listed.dataOffset(of: $0) == nil })
        let completed = listed.readingLocalHeaders()
        #expect(completed.hasReadLocalHeaders)
        #expect(completed.entries == full.entries)
        #expect(completed.entries.map(completed.dataOffset(of:)) == full.entries.map(full.dataOffset(of:)))
        #expect(completed.anomalies.map(\.message) == full.anomalies.map(\.message))
        for (early, entry) in zip(listed.entries, full.entries)
        where !entry.isEncrypted && CompressionMethod.isSupported(entry.method) && entry.uncompressedSize < 1 << 26 {
            #expect(
                Result { () throws(ArchiveError) in try listed.contents(of: early) }
                    == Result { () throws(ArchiveError) in try full.contents(of: entry) },
                "\(entry.name)")
        }
    }

    @Test func requestsLayerListing() throws {
        let archive = try Archive(path: FixturePaths.zip("infozip-requests-layer.zip"))
        #expect(
            archive.entries.map(\.name) == [
                "python/", "python/requests/", "python/requests/__init__.py", "python/requests/api.py",
                "python/requests-2.32.3.dist-info/", "python/requests-2.32.3.dist-info/METADATA",
                "python/requests-2.32.3.dist-info/top_level.txt", "python/requests-2.32.3.dist-info/WHEEL",
            ])
        #expect(
            archive.entries.map(\.fileType) == [.directory, .directory] + [.regular, .regular, .directory] + [
                .regular, .regular, .regular,
            ])
        #expect(
            archive.entries.map(\.unixMode) == [
                0o40755, 0o40755, 0o100644, 0o100644, 0o40755, 0o100644, 0o100644, 0o100644,
            ])
        #expect(archive.entries.allSatisfy { $0.modified.isoString == "2024-01-02T03:04:06" })
        #expect(archive.entries.allSatisfy { $0.hostSystem == .unix })
        #expect(!archive.isZip64)
        #expect(archive.compressedSize == 452)
        #expect(archive.uncompressedSize == 656)
        let metadata = try archive.contents(of: archive.entries[5])
        #expect(
            String(decoding: metadata, as: UTF8.self).hasPrefix(
                "Metadata-Version: 2.1\nName: requests\nVersion: 2.32.3\n"))
    }

    @Test func zip64EndRecordAndCommentFromInfoZip() throws {
        let archive = try Archive(path: FixturePaths.zip("infozip-zip64-comment.zip"))
        #expect(archive.isZip64)
        #expect(archive.declaredEntryCount == 8)
        #expect(String(decoding: archive.comment, as: UTF8.self) == "layer built by make_fixtures.py")
        #expect(archive.entries.count == 8)
        #expect(archive.anomalies.isEmpty)
    }

    @Test func prependedStubShiftsEveryOffset() throws {
        let archive = try Archive(path: FixturePaths.zip("prepended-stub.zip"))
        let plain = try Archive(path: FixturePaths.zip("infozip-requests-layer.zip"))
        #expect(archive.prependedBytes == 74)
        #expect(archive.entries.map(\.name) == plain.entries.map(\.name))
        let expected = try plain.contents(of: plain.entries[3])
        #expect(try archive.contents(of: archive.entries[3]) == expected)
        #expect(archive.anomalies.isEmpty)
    }

    @Test func dataDescriptorsAreRecognised() throws {
        let archive = try Archive(path: FixturePaths.zip("python-data-descriptor.zip"))
        #expect(archive.entries.allSatisfy { $0.hasDataDescriptor })
        #expect(try archive.contents(of: archive.entries[1]) == Array("X = 2\n".utf8))
    }

    @Test func modesTypesAndHosts() throws {
        let archive = try Archive(path: FixturePaths.zip("python-modes.zip"))
        let summary = archive.entries.map {
            "\($0.name) \($0.fileType.rawValue) \($0.unixMode.map { String($0, radix: 8) } ?? "-")"
        }
        #expect(
            summary == [
                "bin/ directory 40755",
                "bin/tool file 100755",
                "python/private.py file 100600",
                "python/lib/ directory 40700",
                "python/current symlink 120777",
                "python/escape symlink 120777",
                "python/windows.py file -",
            ])
        #expect(archive.entries[6].hostSystem == .msdos)
        #expect(try archive.contents(of: archive.entries[5]) == Array("../../etc/passwd".utf8))
    }

    @Test func namesDecodeAsPythonDoes() throws {
        let archive = try Archive(path: FixturePaths.zip("python-names.zip"))
        #expect(archive.entries.map(\.name) == ["python/café/naïve.py", "python/cp437-ü.txt", "python/up-ł.txt"])
        #expect(archive.entries.map(\.isUTF8Flagged) == [true, false, false])
        #expect(archive.entries[1].rawName == Array("python/cp437-".utf8) + [0x81] + Array(".txt".utf8))
    }

    @Test func endRecordSignatureInsideTheCommentIsNotTaken() throws {
        // Python's zipfile and Info-ZIP take the last signature and fail; the record whose
        // comment ends the file is the real one.
        let archive = try Archive(path: FixturePaths.zip("tricky-eocd-in-comment.zip"))
        #expect(archive.entries.map(\.name) == ["python/real.py"])
        #expect(try archive.contents(of: archive.entries[0]) == Array("REAL = 1\n".utf8))
    }

    @Test func emptyArchive() throws {
        let archive = try Archive(path: FixturePaths.zip("empty.zip"))
        #expect(archive.entries.isEmpty)
        #expect(archive.anomalies.isEmpty)
        #expect(archive.fileSize == 22)
    }

    @Test(arguments: [("hostile-truncated.zip", 600), ("not-a-zip.zip", 46)])
    func unreadableArchivesThrowNotAZip(fixture: String, size: Int) {
        let path = FixturePaths.zip(fixture)
        #expect(
            throws: ArchiveError.notAZipArchive(
                path: path, reason: "no end-of-central-directory record in its \(size) bytes")
        ) {
            try Archive(path: path)
        }
    }

    @Test func overlapNamesBothMembers() throws {
        let archive = try Archive(path: FixturePaths.zip("hostile-overlap.zip"))
        let overlap = try #require(archive.anomalies.first { $0.kind == .overlappingEntries })
        #expect(overlap.path == "python/b.py")
        #expect(overlap.message.contains("\"python/a.py\""))
    }

    @Test func localHeaderMismatchSaysWhatDiffers() throws {
        let archive = try Archive(path: FixturePaths.zip("hostile-local-mismatch.zip"))
        #expect(
            archive.anomalies.first?.message
                == "the local header disagrees with the central directory: the name is \"python/innocent.txt\", the method is 0 instead of 8"
        )
    }
}
