import Foundation
import TestSupport
import Testing

@testable import ZipArchive

@Suite struct StructuralChecksTests {
    /// More entries than one parallel chunk holds, with anomalies planted in several chunks.
    @Test func anomaliesFromParallelChunksComeInEntryOrder() throws {
        let count = StructuralChecks.parallelChunkSize * 2 + 500
        var builder = ZipBuilder()
        for index in 0..<count {
            builder.add("python/m\(index).py", "V = \(index)\n") { member in
                if index == 10 || index == count - 1 { member.localName = Array("python/other.py".utf8) }
                if index == StructuralChecks.parallelChunkSize + 3 { member.localMethod = 8 }
            }
        }
        builder.add("python/m7.py", "again\n")
        let archive = try Archive(bytes: builder.bytes(), name: "many.zip")
        #expect(archive.entries.count == count + 1)
        #expect(
            archive.anomalies.map(\.kind) == [
                .duplicateName, .localHeaderMismatch, .localHeaderMismatch, .localHeaderMismatch,
            ])
        #expect(archive.anomalies.map(\.entryIndex) == [count, 10, StructuralChecks.parallelChunkSize + 3, count - 1])
        #expect(archive.entries.allSatisfy { archive.dataOffset(of: $0) != nil })
        #expect(try archive.contents(of: archive.entries[count - 2]) == Array("V = \(count - 2)\n".utf8))
    }

    /// A central directory large enough to be decoded in parallel chunks keeps entry order,
    /// indexes and per-entry anomalies in order.
    @Test func centralDirectoryDecodedInChunksKeepsItsOrder() throws {
        let count = CentralDirectory.parallelChunkSize * 2 + 100
        var builder = ZipBuilder()
        for index in 0..<count {
            builder.add("python/m\(index).py", "V = \(index)\n") { member in
                if index == 3 || index == CentralDirectory.parallelChunkSize + 7 { member.uncompressedSize += 1 }
                if index == count - 1 {
                    member.name = [0x70, 0xFF, 0x2E, 0x70, 0x79]
                    member.flags = 0x0800
                }
            }
        }
        let archive = try Archive(bytes: builder.bytes(), name: "many.zip")
        #expect(archive.entries.count == count)
        #expect(archive.entries.enumerated().allSatisfy { $0.offset == $0.element.index })
        #expect(archive.entries[count - 2].name == "python/m\(count - 2).py")
        let central = archive.anomalies.filter { $0.kind != .localHeaderMismatch }
        #expect(central.map(\.kind) == [.inconsistentSizes, .inconsistentSizes, .invalidName])
        #expect(central.map(\.entryIndex) == [3, CentralDirectory.parallelChunkSize + 7, count - 1])
    }

    /// Duplicates are byte-equal names, as a Linux file system sees them: a composed and a
    /// decomposed `café.py` are two files, three copies of one name are two duplicates of
    /// the first.
    @Test func duplicateNamesCompareBytes() throws {
        var builder = ZipBuilder()
        for name in ["python/caf\u{E9}.py", "python/cafe\u{301}.py", "python/a.py", "python/a.py", "python/b.py"] {
            builder.add(name, "x\n") { member in member.flags = 0x0800 }  // UTF-8 names
        }
        builder.add("python/a.py", "again\n")
        let archive = try Archive(bytes: builder.bytes(), name: "names.zip")
        #expect(archive.entries[0].name == archive.entries[1].name)  // Swift's == is canonical equivalence
        let duplicates = archive.anomalies.filter { $0.kind == .duplicateName }
        #expect(duplicates.map(\.entryIndex) == [3, 5])
        #expect(
            duplicates.map(\.message) == [
                "the name appears more than once (entries 3 and 4); which copy an extractor keeps depends on the tool",
                "the name appears more than once (entries 3 and 6); which copy an extractor keeps depends on the tool",
            ])
    }

    @Test(arguments: [
        "infozip-requests-layer.zip", "prepended-stub.zip", "hostile-overlap.zip", "python-data-descriptor.zip",
    ])
    func mappedFileAndMemoryGiveTheSameArchive(fixture: String) throws {
        let path = FixturePaths.zip(fixture)
        let mapped = try Archive(path: path)
        let inMemory = try Archive(bytes: try Data(contentsOf: URL(fileURLWithPath: path)), name: path)
        #expect(mapped.entries == inMemory.entries)
        #expect(mapped.anomalies == inMemory.anomalies)
    }

    @Test func memberRunningIntoTheCentralDirectory() throws {
        var builder = ZipBuilder()
        builder.add("python/a.py", "A = 1\n") {
            $0.compressedSize = 30; $0.uncompressedSize = 30
        }
        let archive = try Archive(bytes: builder.bytes(), name: "into.zip")
        let overlap = try #require(archive.anomalies.first { $0.kind == .overlappingEntries })
        #expect(overlap.message == "the member's bytes (offsets 0–71) run into the central directory at offset 47")
    }

    @Test func storedSizesThatDisagree() throws {
        var builder = ZipBuilder()
        builder.add("python/a.py", "A = 1\n") { $0.uncompressedSize = 600 }
        let archive = try Archive(bytes: builder.bytes(), name: "sizes.zip")
        #expect(archive.anomalies.map(\.kind) == [.inconsistentSizes])
    }
}

/// The keyed hash of the name tables: fed in pieces, it hashes as the joined bytes do.
@Suite struct KeyedHashTests {
    @Test func piecesHashAsTheJoinedBytes() {
        let joined = Array("python/requests/__init__.py".utf8)
        var pieces = KeyedHash()
        joined[..<7].withUnsafeBytes { pieces.add($0) }
        joined[7...].withUnsafeBytes { pieces.add($0) }
        #expect(pieces.finish() == joined.withUnsafeBytes(KeyedHash.hash))
        #expect(Array("python/six.py".utf8).withUnsafeBytes(KeyedHash.hash) != joined.withUnsafeBytes(KeyedHash.hash))
    }
}
