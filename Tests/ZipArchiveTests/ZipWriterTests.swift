import Foundation
import Testing

@testable import ZipArchive

/// What `ZipWriter` writes reads back through the reader with the same names, bytes, modes
/// and timestamp, in the order given, with no structural anomaly; the same members give the
/// same bytes.
@Suite struct ZipWriterTests {
    /// Writes the members into memory (patches applied in place).
    static func write(_ build: (inout ZipWriter) throws -> Void) throws -> [UInt8] {
        final class Buffer: @unchecked Sendable { var bytes: [UInt8] = [] }
        let buffer = Buffer()
        var writer = ZipWriter(
            sink: { buffer.bytes += $0; return nil },
            patch: { offset, bytes in
                buffer.bytes.replaceSubrange(Int(offset)..<Int(offset) + bytes.count, with: bytes)
                return nil
            })
        try build(&writer)
        try writer.finish()
        return buffer.bytes
    }

    @Test func membersReadBackAsWritten() throws {
        let text = Array(String(repeating: "import os\n", count: 500).utf8)
        let random = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        var pieces = [Array(random[..<30_000]), Array(random[30_000...]), []]
        let bytes = try Self.write { writer in
            try writer.addFolder("python")
            try writer.addFile("python/a.py", contents: text, executable: false)
            try writer.addFile("python/bin/tool", contents: [], executable: true)
            try writer.addFile("python/big.so", executable: true) { pieces.removeFirst() }
            try writer.addFile("python/café.py", contents: Array("x = 1\n".utf8), executable: false)
        }
        let archive = try Archive(bytes: bytes, name: "written.zip").readingLocalHeaders()
        #expect(archive.anomalies.isEmpty)
        #expect(archive.entries.map(\.name) == ["python/", "python/a.py", "python/bin/tool", "python/big.so", "python/café.py"])
        #expect(archive.entries.map { $0.unixMode.map { String($0, radix: 8) } } == ["40755", "100644", "100755", "100755", "100644"])
        #expect(archive.entries.allSatisfy { $0.modified.year == 1980 })
        #expect(try archive.contents(of: archive.entries[1]) == text)
        #expect(archive.entries[1].method == 8, "text is deflated")
        #expect(try archive.contents(of: archive.entries[2]) == [])
        #expect(try archive.contents(of: archive.entries[3]) == random)
        #expect(archive.entries[4].isUTF8Flagged)
    }

    @Test func theSameMembersGiveTheSameBytes() throws {
        let build = { (writer: inout ZipWriter) throws in
            try writer.addFile("python/m.py", contents: Array("pass\n".utf8), executable: false)
        }
        #expect(try Self.write(build) == Self.write(build))
    }

    @Test func namesThatCannotBeMembersAreRefused() throws {
        for name in ["", "/abs.py", "python/../x.py", "a\\b.py", "python//x.py"] {
            #expect(throws: ZipWriter.WritingError.badName(name)) {
                _ = try Self.write { try $0.addFile(name, contents: [], executable: false) }
            }
        }
    }
}
