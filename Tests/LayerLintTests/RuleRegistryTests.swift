import Foundation
@testable import ImageModel
@testable import LayerLint
@testable import LintRules
import TestSupport
import Testing
import ZipArchive

/// The catalog: stable ids and names, each in its family, and docs/rules.md generated from it.
@Suite struct RuleRegistryTests {
    @Test func idsAndNamesAreStableShapes() {
        let rules = RuleRegistry.descriptions
        #expect(Set(rules.map(\.id)).count == rules.count)
        #expect(Set(rules.map(\.name)).count == rules.count)
        for rule in rules {
            let digits = rule.id.dropFirst()
            #expect(rule.id.count == 4 && rule.id.first?.isUppercase == true && digits.allSatisfy { $0.isNumber })
            #expect(rule.name.allSatisfy { $0.isLowercase || $0 == "-" }, "\(rule.name)")
            #expect(rule.id.first == rule.family.letter, "\(rule.id) is in the \(rule.family) family")
            #expect(![rule.summary, rule.rationale, rule.fix, rule.fires, rule.passes].contains { $0.isEmpty })
        }
        #expect(RuleRegistry.description(for: "z002")?.name == "unsafe-path")
        #expect(RuleRegistry.description(for: "unsafe-path")?.id == "Z002")
    }

    @Test func docsRulesMarkdownIsCurrent() throws {
        let path = FixturePaths.packageRoot.appendingPathComponent("docs/rules.md").path
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            committed == RuleDocumentation.markdown(),
            "docs/rules.md is stale: run `swift run layerlint rules --markdown > docs/rules.md`")
    }
}
