import Foundation
@testable import ImageModel
import LambdaPlatform
@testable import LayerLint
@testable import LintRules
@testable import OpeningStage
import TestSupport
import Testing

@Suite struct CheckReportTextTests {
    static func report() throws -> CheckReport {
        let layer = try CheckInput.load(path: FixturePaths.layer("deps-trimmed.zip"), role: .layer)
        let result = LintEngine.run(LintContext(target: .none, layers: [layer]))
        return CheckReport(
            target: .none, inputs: [layer], findings: result.findings, checkedRules: result.checked,
            skippedRules: result.skipped)
    }

    /// An input is hashed only when asked, and its digest is the file's SHA-256.
    @Test func digestOnlyWhenAsked() throws {
        let path = FixturePaths.layer("deps-trimmed.zip")
        let hashed = try CheckInput.load(path: path, role: .layer, hashing: true)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(hashed.digest == FileDigest.sha256(of: bytes))
        #expect(try CheckInput.load(path: path, role: .layer).digest == nil)
    }

    @Test func colourMarksSeverityRuleAndFix() throws {
        let text = String(decoding: TextReporter(colour: true).render(try Self.report()), as: UTF8.self)
        #expect(text.contains("\u{1B}[1;31merror\u{1B}[0m\u{1B}[1m[D005 incomplete-distribution]\u{1B}[0m: "))
        #expect(text.contains("  \u{1B}[32mfix:\u{1B}[0m reinstall it: "))
    }

    @Test func plainTextHasNoEscapes() throws {
        let text = String(decoding: TextReporter(colour: false).render(try Self.report()), as: UTF8.self)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("error[D005 incomplete-distribution]: "))
    }

    @Test func selectionByIdPrefixAndName() throws {
        let ids = { (selection: RuleSelection) in selection.rules().map { type(of: $0).description.id } }
        #expect(
            try ids(RuleSelection(select: ["D00"], ignore: ["D003,version-conflict"])) == [
                "D001", "D004", "D005", "D006", "D007", "D008", "D009",
            ])
        #expect(try ids(RuleSelection(select: ["foreign-bytecode", "z001"])) == ["Z001", "L006"])
        #expect(
            throws: RuleSelectionError.nothingSelected(select: ["ALL"], ignore: ["Z", "L", "D", "C", "S", "P", "F"])
        ) {
            try RuleSelection(select: ["ALL"], ignore: ["Z", "L", "D", "C", "S", "P", "F"])
        }
        #expect(throws: RuleSelectionError.nothingSelected(select: [], ignore: ["ALL"])) {
            try RuleSelection(ignore: ["ALL"])
        }
        // The most specific selector decides; --ignore wins a tie (as in ruff).
        #expect(try ids(RuleSelection(select: ["D001"], ignore: ["D"])) == ["D001"])
        #expect(try ids(RuleSelection(select: ["missing-dependency"], ignore: ["D"])) == ["D001"])
        #expect(try ids(RuleSelection(select: ["D", "D002"], ignore: ["D00"])) == ["D002"])
        #expect(try ids(RuleSelection(select: ["C", "Z001"], ignore: ["C00", "Z"])) == ["Z001", "C010", "C011"])
        #expect(throws: RuleSelectionError.nothingSelected(select: ["D001"], ignore: ["missing-dependency"])) {
            try RuleSelection(select: ["D001"], ignore: ["missing-dependency"])
        }
        #expect(throws: RuleSelectionError.unknownSelector("D1", option: "--select")) {
            try RuleSelection(select: ["D1"])
        }
    }
}
