import Foundation
import TestSupport
import Testing

@testable import ZipArchive

/// Opening files: mapping, the read fallback for files that cannot be mapped, and errors.
@Suite struct ByteStorageTests {
    @Test func pipeIsReadWhenItCannotBeMapped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("layer.zip").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let contents = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.zip("python-methods.zip")))
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(contents)
                try? handle.close()
            }
        }
        writer.start()
        let archive = try Archive(path: fifo)
        #expect(archive.entries.map(\.name) == ["python/", "python/stored.py", "python/deflated.py"])
        #expect(try archive.contents(of: archive.entries[1]) == Array("STORED = True\n".utf8))
    }

    @Test func missingFileAndDirectoryCannotBeOpened() {
        #expect(throws: ArchiveError.cannotOpen(path: "/nonexistent/layer.zip", reason: "no such file")) {
            try Archive(path: "/nonexistent/layer.zip")
        }
        let folder = FixturePaths.packageRoot.appendingPathComponent("Fixtures").path
        #expect(throws: ArchiveError.cannotOpen(path: folder, reason: "it is a directory")) {
            try Archive(path: folder)
        }
    }

    @Test func emptyFileIsNotAZip() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-empty-\(UUID().uuidString).zip"
        ).path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ArchiveError.notAZipArchive(path: path, reason: "the file is empty")) {
            try Archive(path: path)
        }
    }
}
