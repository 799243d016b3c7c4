import Foundation
import TestSupport
import Testing

/// `layerlint inspect`: the listing, its JSON and its exit status.
@Suite struct InspectCommandTests {
    let cli = CommandRunner()

    @Test func readmeExampleListsTheLayer() throws {
        let result = try cli.run("inspect", "Fixtures/zip/infozip-requests-layer.zip")
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        cli.expectSnapshot(result.stdout, "inspect-requests-layer.txt")
    }

    @Test func jsonOfAHostileArchiveExitsOne() throws {
        let result = try cli.run("inspect", "--format", "json", "Fixtures/zip/hostile-overlap.zip")
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        cli.expectSnapshot(result.stdout, "inspect-hostile-overlap.json")
    }

    @Test func corruptArchiveIsReportedWithExitOne() throws {
        let result = try cli.run("inspect", "Fixtures/zip/hostile-truncated.zip")
        #expect(result.status == 1)
        #expect(
            result.stdout == """
                Archive: Fixtures/zip/hostile-truncated.zip
                  unreadable: Fixtures/zip/hostile-truncated.zip is not a readable ZIP archive: \
                no end-of-central-directory record in its 600 bytes

                """)
    }

    @Test func missingFileExitsTwoWithOneClearLine() throws {
        let result = try cli.run("inspect", "Fixtures/zip/no-such-layer.zip")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "layerlint: error: cannot open Fixtures/zip/no-such-layer.zip: no such file\n")
    }

    /// A folder is a build folder, listed as the ZIP made from it would be (it was exit 2 once).
    @Test func directoryIsListedAsAFolder() throws {
        let result = try cli.run("inspect", "Fixtures/templates")
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("Folder (not zipped yet): Fixtures/templates\n"))
    }

    @Test func usageErrorsExitTwo() throws {
        let unknownFormat = try cli.run("inspect", "--format", "xml", "Fixtures/zip/empty.zip")
        #expect(unknownFormat.status == 2)
        #expect(unknownFormat.stderr.contains("--format"))
        #expect(unknownFormat.stdout.isEmpty)

        let missingArgument = try cli.run("inspect")
        #expect(missingArgument.status == 2)
        #expect(missingArgument.stderr.contains("Missing expected argument '<archives> ...'"))

        let unknownCommand = try cli.run("frobnicate")
        #expect(unknownCommand.status == 2)
    }

    @Test func helpExitsZero() throws {
        let help = try cli.run("inspect", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: layerlint inspect <archives> ... [--format <format>]"))
        // --version: CatalogOptionTests.
    }

    @Test func inputFileIsNotModified() throws {
        let path = FixturePaths.zip("hostile-overlap.zip")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        _ = try cli.run("inspect", "--format", "json", "Fixtures/zip/hostile-overlap.zip")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let after = try FileManager.default.attributesOfItem(atPath: path)
        #expect(after[.modificationDate] as? Date == attributes[.modificationDate] as? Date)
    }
}
