import Foundation
@testable import ImageModel
@testable import LayerLint
@testable import LintRules
import TestSupport
import Testing
import ZipArchive

/// Entries read in place (as the rules test them, without copying) give what the entries
/// themselves give, over every ZIP and layer fixture: Unix and Windows hosts, files with
/// modes and without, directories, symlinks.
@Suite struct EntryInPlaceTests {
    @Test func readsAsTheEntryItself() throws {
        let folders = ["Fixtures/zip", "Fixtures/layers"].map { FixturePaths.packageRoot.appendingPathComponent($0) }
        var checked = 0
        var kinds: Set<String> = []
        for folder in folders {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".zip") }
            for name in names {
                guard let archive = try? Archive(path: folder.appendingPathComponent(name).path) else { continue }
                var seen: [Int] = []
                archive.entries.forEachInPlace { view in
                    let entry = archive.entries[view.index]
                    #expect(view.fileType == entry.fileType, "\(name) \(entry.name)")
                    #expect(view.isDirectory == entry.isDirectory, "\(name) \(entry.name)")
                    #expect(view.unixMode == entry.unixMode, "\(name) \(entry.name)")
                    #expect(view.name == entry.name && view.rawName == entry.rawName)
                    #expect(
                        view.uncompressedSize == entry.uncompressedSize && view.compressedSize == entry.compressedSize)
                    #expect(view.crc32 == entry.crc32 && view.method == entry.method && view.modified == entry.modified)
                    #expect(view.isEncrypted == entry.isEncrypted && view.hostSystem == entry.hostSystem)
                    kinds.insert(entry.fileType.rawValue + (entry.unixMode == nil ? " without mode" : ""))
                    seen.append(view.index)
                }
                #expect(seen == Array(archive.entries.indices))
                #expect(
                    archive.entries.indices(where: { $0.isDirectory })
                        == archive.entries.indices.filter {
                            archive.entries[$0].isDirectory
                        })
                checked += archive.entries.count
            }
        }
        #expect(checked > 500)
        #expect(kinds.isSuperset(of: ["file", "directory", "symlink", "file without mode"]))
    }
}
