import Foundation
@testable import ImageModel
import LambdaPlatform
@testable import LayerLint
@testable import LintRules
@testable import OpeningStage
import TestSupport
import Testing
import ZipArchive

/// Reports are handed on in pieces as they are written (issue 15: 100,000 findings used to
/// be built whole, then copied), and a failed write stops the stream and is reported.
@Suite struct ReportStreamTests {
    /// 800 distributions, each missing its one requirement: 800 D001 findings (warnings: they
    /// have no module whose import could fail).
    static func report() throws -> CheckReport {
        var builder = ZipBuilder()
        for index in 0..<800 {
            builder.add(
                "python/p\(index)-1.0.dist-info/METADATA",
                "Metadata-Version: 2.1\nName: p\(index)\nVersion: 1.0\nRequires-Dist: missing\(index)>=1\n")
        }
        let archive = try Archive(bytes: builder.bytes(), name: "many.zip")
        let input = CheckInput(path: "many.zip", role: .layer, digest: nil, archive: .success(archive))
        let catalog = try RuntimeCatalog.bundled()
        let target = Target(runtime: catalog.runtime("python3.12"), architecture: .x86_64, sources: [])
        let context = LintContext(target: target, layers: [input], catalog: catalog, today: "2026-12-01")
        let result = LintEngine.run(context, rules: try RuleSelection(select: ["D001"]).rules())
        return CheckReport(
            target: target, inputs: [input], findings: result.findings, checkedRules: result.checked,
            skippedRules: result.skipped)
    }

    @Test(arguments: ReportFormat.allCases)
    func piecesAreBoundedAndMakeTheWholeReport(format: ReportFormat) throws {
        let report = try Self.report()
        #expect(report.findings.count == 800)
        var pieces: [[UInt8]] = []
        let stream = ReportStream { bytes in
            pieces.append(bytes)
            return nil
        }
        let reporter = format.reporter(workingDirectory: "/work")
        reporter.write(report, to: stream)
        #expect(stream.finish() == nil)
        // More than one piece, none much past the piece size (one finding's record over it)
        // but SARIF's every-rule documentation, written in one go at the end.
        #expect(pieces.count > 1)
        let large = pieces.filter { $0.count >= ReportStream.pieceSize + 8_192 }
        #expect(large.count == (format == .sarif ? 1 : 0))
        #expect(pieces.joined().elementsEqual(reporter.render(report)))
    }

    @Test func theFirstFailureStopsTheStream() throws {
        let report = try Self.report()
        var calls = 0
        let stream = ReportStream { _ in
            calls += 1
            return "no space left on device"
        }
        JSONReporter().write(report, to: stream)
        #expect(stream.finish() == "no space left on device")
        #expect(calls == 1)
    }

    /// GitHub drops a step summary over 1 MiB: the findings table stops at the budget and
    /// says how many more there are.
    @Test func theStepSummaryFitsGitHubsLimit() throws {
        let report = try Self.report()
        let whole = String(decoding: GitHubReporter().summary(report), as: UTF8.self)
        #expect(whole.components(separatedBy: "| warning | D001 |").count - 1 == 800)
        #expect(!whole.contains("not shown here"))
        let cut = GitHubReporter().summary(report, budget: 20_000)
        let text = String(decoding: cut, as: UTF8.self)
        let shown = text.components(separatedBy: "| warning | D001 |").count - 1
        #expect(shown > 10 && shown < 800)
        #expect(
            text.hasSuffix(
                "\n\(800 - shown) more findings not shown here (GitHub limits a step summary to 1 MiB); the job log lists them all.\n"
            ))
        #expect(cut.count < 20_000 + 200)
    }
}
