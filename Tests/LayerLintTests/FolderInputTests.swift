import Foundation
import LambdaPlatform
import TestSupport
import Testing
import ZipArchive

@testable import LayerLint

#if canImport(Glibc)
    import Glibc
#endif

/// A build folder gives the same findings as the ZIP made from it, over every layer
/// fixture, except for what only a ZIP can break.
@Suite struct FolderInputTests {
    /// Rules about the ZIP itself: its bytes, its structure, names no folder can hold.
    static let zipOnly: Set<String> = ["Z001", "Z002", "Z004", "Z006", "Z007", "Z008", "S001"]

    /// Extracts `archive` into `folder` as Lambda would: modes applied, links made, names
    /// taken as they are (backslashes included); names no file system holds are left out.
    ///
    /// - Returns: whether every entry had a Unix mode, and whether every member could be
    ///   read (a corrupt member is a ZIP's problem: no folder holds it).
    static func extract(_ archive: Archive, into folder: URL) throws -> (modes: Bool, readable: Bool) {
        var everyModeRecorded = true
        var everyMemberRead = true
        for entry in archive.entries {
            guard EntryName.isExtractedInPlace(rawName: entry.rawName, name: entry.name) || entry.name.contains("\\")
            else { continue }
            guard !entry.name.hasPrefix("/"), !entry.name.split(separator: "/").contains("..") else { continue }
            let target = folder.appendingPathComponent(entry.name)
            let mode = entry.unixMode.map { mode_t($0 & 0o7777) }
            if mode == nil { everyModeRecorded = false }
            if entry.isDirectory {
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                if let mode { chmod(target.path, mode) }
                continue
            }
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard let bytes = try? archive.contents(of: entry) else {
                everyMemberRead = false
                continue
            }
            if entry.fileType == .symlink {
                _ = symlink(String(decoding: bytes, as: UTF8.self), target.path)
                continue
            }
            try Data(bytes).write(to: target)
            chmod(target.path, mode ?? 0o644)
        }
        return (everyModeRecorded, everyMemberRead)
    }

    static func findings(_ path: String, replacing: String) throws -> [String] {
        let options = CheckOptions(layers: [path], runtime: "python3.11", architecture: "x86_64", today: "2026-12-01")
        return try CheckRun.report(for: options, catalog: try RuntimeCatalog.bundled()).findings
            .filter { !zipOnly.contains($0.rule) }
            .map { finding in
                let text = [
                    finding.rule, finding.severity.rawValue, finding.path ?? "-", finding.message, finding.fix ?? "",
                    finding.paths.joined(separator: ","),
                ].joined(separator: " | ")
                return text.replacingOccurrences(of: replacing, with: "<input>")
            }
            .sorted()
    }

    @Test func everyLayerFixtureGivesTheSameFindingsAsAFolder() throws {
        let layers = try FileManager.default.contentsOfDirectory(atPath: FixturePaths.layer(""))
            .filter { $0.hasSuffix(".zip") }.sorted()
        #expect(layers.count > 40)
        var compared = 0
        for name in layers {
            let zip = FixturePaths.layer(name)
            guard let archive = try? Archive(path: zip), archive.anomalies.isEmpty || name.hasPrefix("group") else {
                continue  // corrupt and hostile archives cannot be extracted faithfully
            }
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
                "layerlint-folder-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let (modes, readable) = try Self.extract(archive, into: scratch)
            guard readable else { continue }
            var fromZip = try Self.findings(zip, replacing: zip)
            var fromFolder = try Self.findings(scratch.path, replacing: scratch.path)
            if !modes {
                // A ZIP without Unix modes is extracted 0666 by Lambda: the folder has real ones.
                fromZip = fromZip.filter { !$0.hasPrefix("P") }
                fromFolder = fromFolder.filter { !$0.hasPrefix("P") }
            }
            #expect(fromFolder == fromZip, "\(name)")
            compared += 1
        }
        #expect(compared > 40)
    }

    @Test func aFolderSaysSoAndLeavesSpecialFilesOut() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-fifo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(
            at: scratch.appendingPathComponent("python/pkg"), withIntermediateDirectories: true)
        try Data("# stub\n".utf8).write(to: scratch.appendingPathComponent("python/pkg/__init__.py"))
        #expect(mkfifo(scratch.appendingPathComponent("python/pipe").path, 0o644) == 0)
        let archive = try Archive(folderAt: scratch.path)
        #expect(archive.isFolder)
        #expect(archive.entries.map(\.name) == ["python/", "python/pkg/", "python/pkg/__init__.py"])
        #expect(archive.folderSpecialFiles == ["python/pipe"])
        #expect(try archive.contents(of: archive.entries[2]) == Array("# stub\n".utf8))
        // A file that changes after the listing is a corrupt member, not a crash.
        try Data("# longer stub\n".utf8).write(to: scratch.appendingPathComponent("python/pkg/__init__.py"))
        #expect(throws: ArchiveError.self) { try archive.contents(of: archive.entries[2]) }
    }

    /// A folder whose name is not UTF-8 (`caf\xe9`, Latin-1) is read by its bytes: its
    /// decoded name holds U+FFFD, and reopening the file by that name used to fail with
    /// "it is no longer a regular file".
    @Test func aNameThatIsNotUTF8IsReopenedByItsBytes() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layerlint-latin1-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = Array((scratch.path + "/python/caf").utf8) + [0xE9]
        let file = folder + Array("/__init__.py".utf8)
        #expect(mkdir(scratch.path, 0o755) == 0 && mkdir(scratch.path + "/python", 0o755) == 0)
        #expect((folder.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { mkdir($0.baseAddress!, 0o755) } == 0)
        let descriptor = (file.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer {
            open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644)
        }
        #expect(descriptor >= 0)
        #expect(write(descriptor, "x = 1\n", 6) == 6)
        close(descriptor)
        let archive = try Archive(folderAt: scratch.path)
        let member = try #require(archive.entries.first { $0.rawName == Array("python/caf".utf8) + [0xE9] + Array("/__init__.py".utf8) })
        #expect(try archive.contents(of: member) == Array("x = 1\n".utf8))
    }
}
