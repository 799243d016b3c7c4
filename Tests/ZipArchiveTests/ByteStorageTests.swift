import Foundation
import TestSupport
import Testing

@testable import ZipArchive

/// Opening files: positioned reads, files that change under the reader, and errors.
@Suite struct ByteStorageTests {
    /// A FIFO is refused at once (opening one used to wait for a writer): only regular
    /// files are read, so that no input can block or stream without end.
    @Test func pipeIsRefusedWithoutWaiting() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("layer.zip").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: ArchiveError.cannotOpen(path: fifo, reason: "it is a FIFO (named pipe), not a regular file")) {
            try Archive(path: fifo)
        }
        #expect(
            throws: ArchiveError.cannotOpen(path: "/dev/zero", reason: "it is a character device, not a regular file")
        ) {
            try Archive(path: "/dev/zero")
        }
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

    /// A layer rewritten shorter while it is read (a build writing the ZIP again) used to
    /// raise SIGBUS through the mapping; with positioned reads the lost bytes are a corrupt
    /// member or a changed-file error.
    @Test func fileThatShrinksUnderTheReaderIsAnErrorNotASignal() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-shrink-\(UUID().uuidString).zip"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.layer("deps-requests-complete.zip")))
        try original.write(to: URL(fileURLWithPath: path))
        let archive = try Archive(centralDirectoryAt: path)
        let last = try #require(archive.entries.max { $0.localHeaderOffset < $1.localHeaderOffset })
        #expect(truncate(path, 0) == 0)
        #expect(throws: ArchiveError.self) { try archive.contents(of: last) }

        // Shrunk between opening and reading the central directory: the view reads short.
        try original.write(to: URL(fileURLWithPath: path))
        let storage = try ByteStorage.load(path: path)
        #expect(truncate(path, off_t(original.count / 2)) == 0)
        let view = ByteView(storage: storage)
        #expect(view.uint32(at: original.count - 22) == nil)
        #expect(view.shortRead)
    }
}
