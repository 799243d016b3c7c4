import Foundation
@testable import ImageModel
@testable import LayerLint
import TestSupport
import Testing
import ZipArchive

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
        "hostile-control-names.zip",
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
        let json = String(decoding: try report(fixture).jsonBytes(), as: UTF8.self) + "\n"
        if let problem = Snapshot.mismatch(json, named: "inspect-\(fixture).json") {
            Issue.record(Comment(rawValue: problem))
        }
        // The output is JSON that a standard parser accepts, with the documented top-level keys.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "schemaVersion", "archive", "distributions", "entries", "importNames", "anomalies", "nativeBinaries",
                "sizes",
            ])
    }

    @Test func jsonEntriesCarryTheDocumentedFields() throws {
        let object = try JSONSerialization.jsonObject(with: Data(try report("python-modes.zip").jsonBytes()))
        let entries = try #require((object as? [String: Any])?["entries"] as? [[String: Any]])
        let tool = try #require(entries.dropFirst().first)
        #expect(tool["path"] as? String == "bin/tool")
        #expect(tool["size"] as? Int == 20)
        #expect(tool["method"] as? Int == 8)
        #expect(tool["mode"] as? String == "0755")
        #expect(tool["type"] as? String == "file")
        #expect(tool["encrypted"] as? Bool == false)
        #expect(tool["crc32"] is Int && tool["compressedSize"] is Int)
        #expect(entries[6]["mode"] is NSNull, "an entry from a Windows host has no mode")
    }

    @Test func unreadableArchiveReport() {
        let failure = ArchiveError.notAZipArchive(path: "broken.zip", reason: "the file is empty")
        let report = InspectReport(path: "broken.zip", failure: failure)
        #expect(report.hasProblems)
        #expect(
            report.text()
                == "Archive: broken.zip\n  unreadable: broken.zip is not a readable ZIP archive: the file is empty\n")
        #expect(
            String(decoding: report.jsonBytes(), as: UTF8.self) == """
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
                  "distributions": [],
                  "entries": [],
                  "importNames": [],
                  "nativeBinaries": [],
                  "schemaVersion": 1,
                  "sizes": []
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

    /// Folders whose members come in several runs are counted once, in order of first
    /// appearance; package sizes add up over the runs; directories count in the top level
    /// but not in the sizes.
    @Test func groupsAcrossInterleavedRuns() throws {
        var builder = ZipBuilder()
        for (name, text) in [
            ("python/a/x.py", "12345"), ("bin/tool", "1"), ("python/a/y.py", "123"), ("python/b.py", "1234567"),
            ("python/a/z.py", "1"), ("bin/other", "12"), ("python/lib/python3.11/site-packages/c/m.py", "1234"),
        ] {
            builder.add(name, text)
        }
        builder.add("python/a/", "") { member in member.externalAttributes = 0o040755 << 16 }
        let report = InspectReport(archive: try Archive(bytes: builder.bytes(), name: "runs.zip"))
        #expect(report.topLevel.map(\.name) == ["python/", "bin/"])
        #expect(report.topLevel.map(\.entries) == [6, 2])
        #expect(
            report.sizes.map(\.name) == ["python/a/", "python/b.py", "python/lib/python3.11/site-packages/c/", "bin/"])
        #expect(report.sizes.map(\.files) == [3, 1, 1, 2])
        #expect(report.sizes.map(\.uncompressed) == [9, 7, 4, 3])
    }
}

@Suite struct InspectDistributionTests {
    @Test func distributionsWithRequirementsAndImportNames() throws {
        let report = try InspectReport.make(path: FixturePaths.layer("deps-bare-folder.zip"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.jsonBytes())) as? [String: Any])
        let distributions = try #require(object["distributions"] as? [[String: Any]])
        #expect(distributions.map { $0["name"] as? String } == ["urllib3"])
        #expect(distributions.first?["location"] as? String == "python/urllib3-2.2.3.dist-info/")
        #expect(distributions.first?["importNames"] as? [String] == ["urllib3"])
        #expect((distributions.first?["requires"] as? [String])?.last == "zstandard>=0.18.0; extra == 'zstd'")
        let names = try #require(object["importNames"] as? [[String: Any]])
        #expect(
            names.map { "\($0["name"] ?? "") \($0["distribution"] ?? "")" } == ["requests <null>", "urllib3 urllib3"])
        #expect(report.text().contains("importable without a distribution: python/requests/\n"))
    }

    @Test func everyVersionedSitePackagesFolderWithoutATarget() throws {
        let report = try InspectReport.make(path: FixturePaths.layer("deps-urllib3-v2.zip"))
        #expect(
            report.text().contains(
                "distributions in python/lib/python3.11/site-packages/ and python/: 2\n"
                    + "  urllib3 2.2.3 at python/lib/python3.11/site-packages/urllib3-2.2.3.dist-info/ (imports urllib3)\n"
            ))
    }
}

@Suite struct InspectNativeTests {
    /// Each needed library with where Lambda's loader finds it, on each Amazon Linux: the
    /// layer's lib/, a module's $ORIGIN RUNPATH, the system (libcrypt.so.1 only on 2), or nowhere.
    @Test func neededLibrariesAndWhereEachIsFound() throws {
        let archive = try RuleExampleTests.archive(
            [
                .binary("python/pkg/_gl.abi3.so", "elf-x86_64-needs-libgl.so"),
                .binary("python/pkg/_native.abi3.so", "elf-x86_64-needs-native.so"),
                .binary("lib/libfastmath_native.so.1", "elf-x86_64-libfastmath-native.so.1"),
                .binary("python/fastmath/_core.abi3.so", "elf-x86_64-runpath-origin.so"),
                .binary(
                    "python/fastmath.libs/libfastmath_native-1a2b3c4d.so.1", "elf-x86_64-libfastmath-native-hashed.so.1"),
                .binary("python/pkg/_crypt.abi3.so", "elf-x86_64-needs-libcrypt.so"),
            ], name: "layer.zip")
        let report = InspectReport(archive: try archive.readingLocalHeaders())
        let text = report.text()
        #expect(text.contains("  python/pkg/_gl.abi3.so: ELF x86_64, abi3\n    needs: libGL.so.1 (not found)\n"))
        #expect(text.contains("    needs: libfastmath_native.so.1 (in lib/)\n"))
        #expect(text.contains("    needs: libfastmath_native-1a2b3c4d.so.1 (in python/fastmath.libs/)\n"))
        #expect(
            text.contains(
                "    needs: libcrypt.so.1 (system on Amazon Linux 2; not found on Amazon Linux 2023)\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.jsonBytes())) as? [String: Any])
        let binaries = try #require(object["nativeBinaries"] as? [[String: Any]])
        let crypt = try #require(binaries.first { $0["path"] as? String == "python/pkg/_crypt.abi3.so" })
        let resolved = try #require(crypt["resolved"] as? [[String: Any]])
        #expect(resolved.first?["library"] as? String == "libcrypt.so.1")
        let found = try #require(resolved.first?["found"] as? [String: Any])
        #expect(found["Amazon Linux 2"] as? String == "system")
        #expect(found["Amazon Linux 2023"] is NSNull)
    }

    @Test func nativeBinariesAndSizes() throws {
        let report = try InspectReport.make(path: FixturePaths.layer("native-glibc236.zip"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.jsonBytes())) as? [String: Any])
        let binaries = try #require(object["nativeBinaries"] as? [[String: Any]])
        #expect(
            binaries.map { $0["path"] as? String } == [
                "lib/libfastmath.so.1", "python/fastmath/_core.cpython-312-x86_64-linux-gnu.so",
            ])
        #expect(binaries.map { $0["glibc"] as? String } == ["2.28", "2.36"])
        #expect(binaries.map { $0["python"] as? String } == [nil, "CPython 3.12"])
        #expect(binaries.last?["architectures"] as? [String] == ["x86_64"])
        #expect(binaries.last?["needed"] as? [String] == ["libc.so.6"])
        let sizes = try #require(object["sizes"] as? [[String: Any]])
        #expect(sizes.map { $0["name"] as? String } == ["python/fastmath/", "lib/", "python/fastmath-1.0.dist-info/"])
        #expect(sizes.first?["uncompressedBytes"] as? Int == 14_189)
        #expect(report.text().contains("native binaries: 2\n  lib/libfastmath.so.1: ELF x86_64, glibc 2.28\n"))
    }

    @Test func packageOfAPath() {
        #expect(PackagePath.prefix(of: "python/numpy/core/x.so") == "python/numpy/")
        #expect(PackagePath.prefix(of: "python/six.py") == "python/six.py")
        #expect(
            PackagePath.prefix(of: "python/lib/python3.11/site-packages/pandas/a.py")
                == "python/lib/python3.11/site-packages/pandas/")
        #expect(PackagePath.prefix(of: "lib/libpq.so.5") == "lib/")
        #expect(PackagePath.prefix(of: "README") == "README")
    }
}
