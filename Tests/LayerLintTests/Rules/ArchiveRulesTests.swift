import Foundation
@testable import ImageModel
import LambdaPlatform
@testable import LayerLint
@testable import LintRules
@testable import OpeningStage
import TestSupport
import Testing
import ZipArchive

/// Z001–Z008 on the ZIP fixtures: exact findings where a rule fires, nothing on the near misses.
@Suite struct ArchiveRulesTests {
    /// The archive rules only: the other families have their own tests.
    static let archiveRules: [any Rule] = {
        do { return try RuleSelection(select: ["Z"]).rules() } catch { fatalError("\(error)") }
    }()

    static func findings(_ fixture: String) throws -> [Finding] {
        let input = try CheckInput.load(path: FixturePaths.zip(fixture), role: .layer)
        return LintEngine.run(LintContext(target: .none, layers: [input]), rules: Self.archiveRules).findings
    }

    /// One cause, one finding: every backslash name of an archive (one tool wrote them all)
    /// is one Z003 listing each; the '/' name beside them is the near miss.
    @Test func backslashNamesAreOneFinding() throws {
        let input = try CheckInput.load(path: FixturePaths.layer("group-backslash.zip"), role: .layer)
        let found = LintEngine.run(LintContext(target: .none, layers: [input]), rules: Self.archiveRules).findings
        #expect(found.map(\.rule) == ["Z003"])
        #expect(found.first?.path == "python\\requests\\__init__.py")
        #expect(
            found.first?.paths == [
                "python\\requests\\__init__.py", "python\\requests\\api.py", "python\\requests\\models.py",
            ])
        #expect(
            found.first?.message
                == "3 entry names use '\\' as a separator (e.g. this one); Lambda extracts each as one file, not folders"
        )
        // JSON carries every path.
        let report = CheckReport(target: .none, inputs: [input], findings: found)
        let json = String(decoding: JSONReporter().render(report), as: UTF8.self)
        #expect(json.contains("\"paths\": [\n        \"python\\\\requests\\\\__init__.py\",\n"))
    }

    /// Corrupt member data (Fixtures/layers/make_corrupt_fixtures.py): with --verify every
    /// broken member is a Z001 finding with what is wrong; without it only the members
    /// read anyway are, so the broken modules pass unread and the near miss, the intact
    /// __init__.py, never fires.
    @Test func corruptMemberData() throws {
        func findings(_ fixture: String, verifying: Bool) throws -> [String] {
            let input = try CheckInput.load(path: FixturePaths.layer(fixture), role: .layer)
            let context = LintContext(target: .none, layers: [input], verifying: verifying)
            return LintEngine.run(context, rules: Self.archiveRules).findings.map {
                "\($0.rule) \($0.path ?? "-"): \($0.message)"
            }
        }
        let tail = "; unzip -t and Lambda reject the archive"
        #expect(
            try findings("corrupt-members.zip", verifying: true) == [
                "Z001 python/pkg/bad_crc.py: its data is corrupt: its CRC-32 is 0x901bae16 but the central directory "
                    + "records 0x6fe451e9" + tail,
                "Z001 python/pkg/cut.py: its data is corrupt: its deflate stream is cut off" + tail,
                "Z001 python/pkg/garbage.py: its data is corrupt: invalid deflate data (invalid block type)" + tail,
            ])
        #expect(try findings("corrupt-members.zip", verifying: false) == [])
        let metadata =
            "Z001 python/six-1.16.0.dist-info/METADATA: its data is corrupt: its CRC-32 is 0x512709f2 but the "
            + "central directory records 0x512709f3" + tail
        #expect(try findings("corrupt-metadata.zip", verifying: false) == [metadata])
        #expect(try findings("corrupt-metadata.zip", verifying: true) == [metadata])
        // Intact archives pass --verify.
        for fixture in ["deps-requests-complete.zip", "native-x86_64.zip"] {
            #expect(try findings(fixture, verifying: true) == [], "\(fixture)")
        }
    }

    /// Fixture → the findings it must produce, as `rule path`.
    static let expected: [String: [String]] = [
        "not-a-zip.zip": ["Z001 -"],
        "hostile-truncated.zip": ["Z001 -"],
        // python/ok.py in the same archive is the near miss.
        "hostile-traversal.zip": ["Z002 ../../tmp/evil.py", "Z002 /opt/python/abs.py"],
        "hostile-backslash.zip": ["Z003 python\\requests\\__init__.py"],
        "hostile-duplicate-names.zip": ["Z004 python/dup.py"],
        "python-modes.zip": ["Z005 python/escape"],
        "infozip-encrypted.zip": ["Z006 python/secret.py"],
        "python-bzip2.zip": ["Z007 python/bz.py"],
        "hostile-overlap.zip": ["Z008 python/b.py", "Z008 python/b.py"],
        "hostile-entry-count.zip": ["Z008 -"],
        "hostile-ratio.zip": ["Z008 python/zeros.bin"],
        // Near misses for every rule: well-formed archives from three writers.
        "infozip-requests-layer.zip": [],
        "infozip-zip64-comment.zip": [],
        "python-methods.zip": [],
        "python-data-descriptor.zip": [],
        "prepended-stub.zip": [],
        "tricky-eocd-in-comment.zip": [],
    ]

    @Test(arguments: expected.keys.sorted())
    func exactFindings(fixture: String) throws {
        let found = try Self.findings(fixture).map { "\($0.rule) \($0.path ?? "-")" }
        #expect(found == Self.expected[fixture])
    }

    @Test func everyArchiveRuleFiresSomewhere() {
        let fired = Set(Self.expected.values.joined().map { String($0.prefix(4)) })
        #expect(fired == Set(RuleRegistry.descriptions.map(\.id).filter { $0.hasPrefix("Z") }))
    }

    /// A link to a member of the layer is fine (python/current → lib/); one that leaves the
    /// layer is reported.
    @Test func symlinkMessagesTellInsideFromOutside() throws {
        let messages = try Self.findings("python-modes.zip").map(\.message)
        #expect(messages == ["a symbolic link to \"../../etc/passwd\", outside the layer"])
    }

    /// npm's node_modules/.bin/ links point at scripts the layer has: no finding; the one whose
    /// target is missing is one Z005 whose fix removes it (Fixtures/layers/make_grouping_fixtures.py).
    @Test func nodeModulesBinLinksAreFine() throws {
        let input = try CheckInput.load(path: FixturePaths.layer("group-node-bin.zip"), role: .layer)
        let found = LintEngine.run(
            LintContext(target: .none, layers: [input]), rules: try RuleSelection(select: ["Z"]).rules()
        ).findings
        #expect(
            found.map { "\($0.rule) \($0.path ?? "-"): \($0.message) | \($0.fix ?? "-")" } == [
                "Z005 nodejs/node_modules/.bin/semver: a symbolic link to \"../semver/bin/semver.js\", which the "
                    + "layer does not have | add what it points to, or, if nothing needs it, remove the link: rm "
                    + "nodejs/node_modules/.bin/semver"
            ])
        #expect(SymlinkEntryRule.resolve(link: "a/.bin/x", target: "../x/bin/cli.js") == "a/x/bin/cli.js")
        #expect(SymlinkEntryRule.resolve(link: "a/x", target: "../../y") == nil)
    }

    @Test func unsafeNames() {
        #expect(
            UnsafePathRule.problem(rawName: Array("C:/x.py".utf8), name: "C:/x.py")?.contains("drive letter") == true)
        #expect(
            UnsafePathRule.problem(rawName: Array("a".utf8) + [0] + Array("b".utf8), name: "a")?.contains("NUL") == true
        )
        #expect(UnsafePathRule.problem(rawName: Array("python\\..\\x".utf8), name: "python\\..\\x") != nil)
        #expect(UnsafePathRule.problem(rawName: Array("python/..hidden/x".utf8), name: "python/..hidden/x") == nil)
        #expect(SymlinkEntryRule.escapes(link: "python/a", target: "../b") == false)
        #expect(SymlinkEntryRule.escapes(link: "python/a", target: "../../b") == true)
        #expect(SymlinkEntryRule.escapes(link: "a", target: "/etc/passwd") == true)
    }

    @Test func findingsAreSortedByArchivePathRule() throws {
        let layers = try ["hostile-traversal.zip", "hostile-duplicate-names.zip"].map {
            try CheckInput.load(path: FixturePaths.zip($0), role: .layer)
        }
        let findings = LintEngine.run(LintContext(target: .none, layers: layers), rules: Self.archiveRules).findings
        #expect(findings.map(\.rule) == ["Z004", "Z002", "Z002"])
        #expect(findings == findings.sorted(by: Finding.reportOrder))
    }

    @Test func plainNamesSkipTheCloseLook() {
        #expect(EntryName.isPlain(Array("python/requests/api.py".utf8)))
        #expect(EntryName.isPlain(Array("python/a.b/c".utf8)))
        for unsafe in ["/etc/passwd", "C:/x.py", "python/../x", "python\\x.py", "a\u{0}b", "", "x..y"] {
            #expect(!EntryName.isPlain(Array(unsafe.utf8)), "\(unsafe)")
        }
        // Not plain is not unsafe: the close look decides.
        #expect(UnsafePathRule.problem(rawName: Array("x..y".utf8), name: "x..y") == nil)
    }
}
