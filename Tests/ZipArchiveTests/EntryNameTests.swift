import Testing

@testable import ZipArchive

/// What an entry's name means once extracted, and the hash the name tables share.
@Suite struct EntryNameTests {
    @Test func unsafety() {
        func unsafety(_ name: String) -> EntryName.Unsafety? {
            EntryName.unsafety(rawName: Array(name.utf8), name: name)
        }
        #expect(unsafety("python/requests/api.py") == nil)
        #expect(unsafety("python/..hidden/x") == nil)
        #expect(unsafety("x..y") == nil)
        #expect(unsafety("/opt/python/x.py") == .absolute)
        #expect(unsafety("\\x.py") == .absolute)
        #expect(unsafety("C:/x.py") == .driveLetter("C:"))
        #expect(unsafety("../../tmp/evil.py") == .climbsOut)
        #expect(unsafety("python\\..\\x") == .climbsOut)
        #expect(EntryName.unsafety(rawName: Array("a".utf8) + [0] + Array("b".utf8), name: "a") == .nulByte)
    }

    /// Safe names with backslashes are not unsafe, but they have no place in the tree.
    @Test func extractedInPlace() {
        func inPlace(_ name: String) -> Bool { EntryName.isExtractedInPlace(rawName: Array(name.utf8), name: name) }
        #expect(inPlace("python/requests/api.py"))
        #expect(inPlace("python/..hidden/x"))
        #expect(!inPlace("python\\requests\\api.py"))
        #expect(!inPlace("../x.py"))
        #expect(!inPlace("/x.py"))
    }

    /// Hashing a name in two pieces gives the hash of the joined name (the path table
    /// looks up a folder and a name inside it without joining them).
    @Test func hashInPieces() {
        let whole = Array("python/requests/api.py".utf8)
        var pieces = FNV1a()
        whole[..<7].withUnsafeBytes { pieces.add($0) }
        whole[7...].withUnsafeBytes { pieces.add($0) }
        #expect(pieces.value == whole.withUnsafeBytes(FNV1a.hash))
        #expect(FNV1a.hash(UnsafeRawBufferPointer(start: nil, count: 0)) == 0xCBF2_9CE4_8422_2325)
        #expect(Array("a".utf8).withUnsafeBytes(FNV1a.hash) == 0xAF63_DC4C_8601_EC8C)
    }
}
