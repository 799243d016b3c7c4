import Foundation
@testable import ImageModel
import LambdaPlatform
@testable import LintRules
@testable import OpeningStage
import TestSupport
import Testing
import ZipArchive

/// Every rule's own examples, run as SwiftLint's `verifyRule` runs a rule's triggering and
/// non-triggering examples: each example's layers are made (a ZIP written from its members, or
/// the fixture it names), the rule runs alone on the example's target, and its findings must be
/// exactly the example's.
@Suite struct RuleExampleTests {
    static let catalog = bundledCatalog

    /// Rules whose examples stay prose (`fires`/`passes`): a layer over 50 MB zipped or 250 MB
    /// unzipped is no small example (SizePermissionRulesTests checks both on fixtures, with a
    /// catalog whose limits are lowered to a few kilobytes).
    static let withoutExamples: Set<String> = [
        "S001", "S002",
    ]

    static func archive(_ members: [RuleExample.Member], name: String) throws -> Archive {
        var builder = ZipBuilder()
        for member in members {
            let data: [UInt8]
            let type: UInt32
            var mode: UInt16
            switch member.content {
            case .text(let text): (data, type, mode) = (Array(text.utf8), 0o100000, 0o644)
            case .binary(let fixture):
                let url = FixturePaths.packageRoot.appendingPathComponent("Fixtures/binaries/\(fixture)")
                (data, type, mode) = (Array(try Data(contentsOf: url)), 0o100000, 0o755)
            case .link(let target): (data, type, mode) = (Array(target.utf8), 0o120000, 0o777)
            case .folder: (data, type, mode) = ([], 0o040000, 0o755)
            }
            mode = member.mode ?? mode
            builder.add(member.path, data: data)
            builder.members[builder.members.count - 1].externalAttributes = (type | UInt32(mode)) << 16
        }
        return try Archive(bytes: builder.bytes(), name: name)
    }

    static func run(_ example: RuleExample, rule: any Rule) throws -> [String] {
        var layers: [CheckInput] = []
        for (index, layer) in example.layers.enumerated() {
            switch layer {
            case .members(let members):
                let name = index == 0 ? "layer.zip" : "layer\(index + 1).zip"
                layers.append(
                    CheckInput(
                        path: name, role: .layer, digest: nil,
                        archive: .success(try archive(members, name: name).readingLocalHeaders())))
            case .fixture(let path):
                layers.append(try CheckInput.load(path: path, role: .layer))
            case .published(let members, let runtimes, let architectures):
                let name = index == 0 ? "layer.zip" : "layer\(index + 1).zip"
                let quoted = { (values: [String]) in values.map { "\"\($0)\"" }.joined(separator: ", ") }
                let json =
                    "{\"LayerVersionArn\": \"arn:aws:lambda:eu-west-1:123456789012:layer:example:1\", \"Version\": 1, "
                    + "\"CompatibleRuntimes\": [\(quoted(runtimes))], \"CompatibleArchitectures\": [\(quoted(architectures))]}"
                let metadata = try LayerVersionMetadata.decode(Data(json.utf8), file: "layer-metadata.json")
                layers.append(
                    CheckInput(
                        path: name, role: .layer, digest: nil,
                        archive: .success(try archive(members, name: name).readingLocalHeaders()), metadata: metadata))
            }
        }
        let function = try example.function.map {
            CheckInput(
                path: "function.zip", role: .functionPackage, digest: nil,
                archive: .success(try archive($0, name: "function.zip").readingLocalHeaders()))
        }
        let runtime = example.runtime.flatMap { catalog.runtime($0) }
        let architecture = example.architecture.flatMap { Architecture(rawValue: $0) }
        let target = Target(runtime: runtime, architecture: architecture, sources: [])
        var context = LintContext(
            target: target, layers: layers, functionPackage: function, catalog: catalog, today: "2026-12-01")
        context.handler = example.handler
        if example.handler != nil {
            (context.imports, context.importsWithForeignBinariesRebuilt) = LayerOpening.importModels(context)
        }
        let findings = LintEngine.run(context, rules: [rule]).findings
        return findings.map { "\($0.severity.rawValue) \($0.path ?? "-")" }
    }

    @Test func everyRuleFiresAndPassesOnItsOwnExamples() throws {
        var ran = 0
        for rule in RuleRegistry.all {
            let description = type(of: rule).description
            let examples = description.examples
            if Self.withoutExamples.contains(description.id) {
                #expect(examples.isEmpty, "\(description.id) has examples now: take it off the list")
                continue
            }
            #expect(examples.contains { !$0.findings.isEmpty }, "\(description.id) has no example that fires")
            #expect(examples.contains { $0.findings.isEmpty }, "\(description.id) has no example that passes")
            for example in examples {
                let found = try Self.run(example, rule: rule)
                #expect(found == example.findings, "\(description.id): \(example.title)")
                ran += 1
            }
        }
        print("rule examples run: \(ran)")
    }
}
