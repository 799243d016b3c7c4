import Foundation
import TestSupport
import Testing
import ZipArchive

@testable import LayerLint

/// `inspect` reports, text and JSON, as golden files (re-record with RECORD_SNAPSHOTS=1).
@Suite struct InspectReportTests {
    /// Opens a fixture from its bytes under a relative name, so snapshots do not hold machine paths.
    func report(_ fixture: String) throws -> InspectReport {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.zip(fixture)))
        return InspectReport(archive: try Archive(bytes: bytes, name: "Fixtures/zip/\(fixture)"))
    }

    static let snapshotFixtures = [
        "infozip-requests-layer.zip", "python-modes.zip", "python-names.zip",
        "hostile-overlap.zip", "hostile-duplicate-names.zip", "infozip-zip64-comment.zip",
    ]

    @Test(arguments: snapshotFixtures)
    func textReport(fixture: String) throws {
        let text = try report(fixture).text()
        if let problem = Snapshot.mismatch(text, named: "inspect-\(fixture).txt") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test(arguments: snapshotFixtures)
    func jsonReport(fixture: String) throws {
        let json = try report(fixture).json().serialized() + "\n"
        if let problem = Snapshot.mismatch(json, named: "inspect-\(fixture).json") {
            Issue.record(Comment(rawValue: problem))
        }
        // The output is JSON that a standard parser accepts, with the documented top-level keys.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["schemaVersion", "archive", "entries", "anomalies"])
    }

    @Test func jsonEntriesCarryTheDocumentedFields() throws {
        let json = try report("python-modes.zip").json()
        guard case .object(let top) = json, case .array(let entries)? = top["entries"],
            case .object(let tool)? = entries.dropFirst().first
        else {
            Issue.record("unexpected JSON shape")
            return
        }
        #expect(tool["path"] == .string("bin/tool"))
        #expect(tool["size"] == .unsigned(20))
        #expect(tool["method"] == .unsigned(8))
        #expect(tool["mode"] == .string("0755"))
        #expect(tool["type"] == .string("file"))
        #expect(tool["encrypted"] == .bool(false))
        #expect(tool["crc32"] != nil && tool["compressedSize"] != nil)
    }

    @Test func unreadableArchiveReport() {
        let failure = ArchiveError.notAZipArchive(path: "broken.zip", reason: "the file is empty")
        let report = InspectReport(path: "broken.zip", failure: failure)
        #expect(report.hasProblems)
        #expect(report.text() == "Archive: broken.zip\n  unreadable: broken.zip is not a readable ZIP archive: the file is empty\n")
        #expect(
            report.json().serialized() == """
                {
                  "anomalies": [
                    {
                      "kind": "unreadable",
                      "message": "broken.zip is not a readable ZIP archive: the file is empty",
                      "path": null
                    }
                  ],
                  "archive": {
                    "error": "broken.zip is not a readable ZIP archive: the file is empty",
                    "path": "broken.zip",
                    "readable": false
                  },
                  "entries": [],
                  "schemaVersion": 1
                }
                """)
    }

    @Test func makeSeparatesMissingFilesFromBrokenArchives() throws {
        #expect(throws: ArchiveError.cannotOpen(path: "/nonexistent/layer.zip", reason: "no such file")) {
            try InspectReport.make(path: "/nonexistent/layer.zip")
        }
        let broken = try InspectReport.make(path: FixturePaths.zip("not-a-zip.zip"))
        #expect(broken.archive == nil)
        #expect(broken.hasProblems)
    }

    @Test func cleanArchiveHasNoProblems() throws {
        #expect(try !report("infozip-requests-layer.zip").hasProblems)
        #expect(try report("hostile-overlap.zip").hasProblems)
    }

    @Test func topLevelGroupsByFirstComponent() throws {
        let groups = try report("python-modes.zip").topLevel
        #expect(groups.map(\.name) == ["bin/", "python/"])
        #expect(groups.map(\.entries) == [2, 5])
    }
}
