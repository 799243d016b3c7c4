import Testing

@testable import PythonPackaging

/// Specifier sets against `packaging` (Fixtures/golden/specifiers.json).
@Suite struct SpecifierTests {
    struct Case: Decodable {
        let specifier: String
        let valid: Bool
        let cases: [[GoldenScalar]]?
    }

    /// A containment case is `[version, prereleases (null, true or false), expected]`.
    static let cases = GoldenData.load("specifiers.json", as: [Case].self)

    @Test func goldenDataIsLarge() {
        #expect(Self.cases.count > 400)
        #expect(Self.cases.compactMap(\.cases).joined().count > 30_000)
    }

    @Test func validityAgreesWithPackaging() {
        let disagreements = Self.cases.filter { ((try? SpecifierSet($0.specifier)) != nil) != $0.valid }
            .map { "\($0.specifier.debugDescription): packaging says \($0.valid ? "valid" : "invalid")" }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements: \(disagreements.prefix(10))")
    }

    @Test func containmentAgreesWithPackaging() throws {
        var disagreements: [String] = []
        var checked = 0
        for item in Self.cases where item.valid {
            let set = try SpecifierSet(item.specifier)
            for entry in item.cases ?? [] {
                guard case .text(let version) = entry[0], case .bool(let expected) = entry[2] else { continue }
                let prereleases: Bool?
                if case .bool(let value) = entry[1] { prereleases = value } else { prereleases = nil }
                checked += 1
                if set.contains(version, prereleases: prereleases) != expected {
                    disagreements.append(
                        "\(item.specifier.debugDescription) contains \(version) (prereleases: \(String(describing: prereleases))): packaging says \(expected)"
                    )
                }
            }
        }
        #expect(checked > 30_000)
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements: \(disagreements.prefix(12))")
    }

    @Test func normalizedTextSortsAndDeduplicates() throws {
        #expect(try SpecifierSet(">=1.0, <2,>=1.0").description == "<2,>=1.0")
        #expect(try SpecifierSet(">=1.0,>=1.0.0").description == ">=1.0")
        #expect(try SpecifierSet(" == 1.0 ").description == "==1.0")
        #expect(try SpecifierSet("").description == "")
    }

    /// A combining mark right after the operator does not hide it (found by the requirement
    /// fuzzer: the tokenizer read `===\u{0594}3` and the specifier parser did not).
    @Test func combiningMarkAfterTheOperator() throws {
        let specifier = try Specifier("===\u{0594}3")
        #expect(specifier.op == .arbitrary && specifier.versionText == "\u{0594}3")
        let requirement = try Requirement("extra ===\u{0594}3")
        #expect(try requirement.specifier.specifiers.map { try Specifier($0.description).versionText } == ["\u{0594}3"])
        #expect(throws: SpecifierError.self) { try Specifier("=\u{0301}=1.0") }
    }

    @Test func invalidSpecifierIsATypedError() {
        #expect(throws: SpecifierError.invalid("=>1.0")) { try SpecifierSet(">=0.1,=>1.0") }
    }
}
