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

    /// Hashing a name in two pieces gives the hash of the joined name: the path table looks
    /// up a folder and a name inside it without joining them, through Swift's keyed `Hasher`.
    @Test func hashInPieces() {
        let whole = Array("python/requests/api.py".utf8)
        var pieces = Hasher()
        whole[..<7].withUnsafeBytes { pieces.combine(bytes: $0) }
        whole[7...].withUnsafeBytes { pieces.combine(bytes: $0) }
        var joined = Hasher()
        whole.withUnsafeBytes { joined.combine(bytes: $0) }
        #expect(pieces.finalize() == joined.finalize())
    }
}
