import Foundation
import TestSupport
import Testing

@testable import ZipArchive

/// The shared ZIP conformance corpus (../shared/corpus/zip), when it is present.
///
/// Valid archives must list exactly what the manifest records (Python's zipfile view:
/// raw name bytes, decoded name, method, sizes, CRC), and every stored or deflated member
/// must inflate to its CRC. Malformed and hostile archives must open or fail with an
/// `ArchiveError`, never trap. scripts/conformance checks the same corpus through the CLI.
@Suite(.enabled(if: FixturePaths.sharedCorpus != nil, "../shared/corpus/zip is not present"))
struct CorpusConformanceTests {
    struct Manifest: Decodable {
        struct Item: Decodable {
            let file: String
            let verdict: String
            let entry_count: Int?
            let entries: [Entry]?
        }
        struct Entry: Decodable {
            let name: String
            let name_hex: String
            let method: UInt16
            let csize: UInt64
            let usize: UInt64
            let crc: UInt32
            let name_len: Int?
        }
        let files: [Item]
    }

    static let manifest: Manifest? = {
        guard let corpus = FixturePaths.sharedCorpus,
            let data = try? Data(contentsOf: corpus.appendingPathComponent("manifest.json"))
        else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }()

    static var files: [String] { manifest?.files.map(\.file) ?? [] }

    func item(_ file: String) throws -> Manifest.Item {
        try #require(Self.manifest?.files.first { $0.file == file })
    }

    func path(_ file: String) throws -> String {
        try #require(FixturePaths.sharedCorpus).appendingPathComponent(file).path
    }

    @Test func manifestLoads() {
        #expect(Self.files.count == 578)
    }

    @Test(arguments: files.filter { $0.hasPrefix("valid/") })
    func validArchiveListsAsZipfileDoes(file: String) throws {
        let expected = try item(file)
        let archive = try Archive(path: path(file))
        let entries = try #require(expected.entries)
        #expect(archive.entries.count == expected.entry_count)
        for (entry, want) in zip(archive.entries, entries) {
            if want.name_len == nil {
                #expect(entry.rawName.map { String(format: "%02x", $0) }.joined() == want.name_hex, "\(file)")
                #expect(entry.name == want.name, "\(file)")
            }
            #expect(entry.method == want.method, "\(file) \(want.name)")
            #expect(entry.compressedSize == want.csize, "\(file) \(want.name)")
            #expect(entry.uncompressedSize == want.usize, "\(file) \(want.name)")
            #expect(entry.crc32 == want.crc, "\(file) \(want.name)")
        }
        // Reading: every member layerlint can read inflates to its CRC (the 5 GB member is skipped).
        for entry in archive.entries
        where !entry.isEncrypted && CompressionMethod.isSupported(entry.method) && entry.uncompressedSize <= 64 << 20 {
            #expect(throws: Never.self, "\(file) \(entry.name)") { try archive.contents(of: entry) }
        }
    }

    @Test(arguments: files.filter { !$0.hasPrefix("valid/") })
    func brokenArchiveFailsCleanly(file: String) throws {
        guard let archive = try? Archive(path: path(file)) else { return }
        for entry in archive.entries.prefix(200) {
            _ = try? archive.prefix(of: entry, count: 256)
            _ = try? archive.contents(of: entry, limit: 16 << 20)
        }
    }
}
