import Testing

@testable import PythonPackaging

/// PEP 440 versions against `packaging` (Fixtures/golden/versions.json, version-order.json).
@Suite struct VersionTests {
    struct Case: Decodable {
        let input: String
        let valid: Bool
        let normalized: String?
        let `public`: String?
        let base: String?
        let epoch: UInt64?
        let release: [UInt64]?
        let pre: [GoldenScalar]?
        let post: UInt64?
        let dev: UInt64?
        let local: String?
        let is_prerelease: Bool?
        let is_postrelease: Bool?
        let is_devrelease: Bool?
    }

    static let cases = GoldenData.load("versions.json", as: [Case].self)
    static let order = GoldenData.load("version-order.json", as: [[GoldenScalar]].self)

    @Test func goldenDataIsLarge() {
        #expect(Self.cases.count > 3000)
        #expect(Self.order.count > 4000)
    }

    @Test func everyVersionParsesAsPackagingDoes() {
        var disagreements: [String] = []
        for item in Self.cases {
            let parsed = try? Version(item.input)
            guard let version = parsed else {
                if item.valid { disagreements.append("\(item.input.debugDescription): rejected, packaging accepts") }
                continue
            }
            guard item.valid else {
                disagreements.append("\(item.input.debugDescription): accepted as \(version), packaging rejects")
                continue
            }
            let pre: [GoldenScalar]? = version.pre.map { [.text($0.phase.rawValue), .number(Int64($0.number))] }
            let fields: [(String, Bool)] = [
                ("normalized", version.description == item.normalized),
                ("public", version.publicVersion.description == item.public),
                ("base", version.baseVersion.description == item.base),
                ("epoch", version.epoch == item.epoch),
                ("release", version.release == item.release),
                ("pre", pre == item.pre),
                ("post", version.post == item.post),
                ("dev", version.dev == item.dev),
                ("local", version.localLabel == item.local),
                ("is_prerelease", version.isPrerelease == item.is_prerelease),
                ("is_postrelease", version.isPostrelease == item.is_postrelease),
                ("is_devrelease", version.isDevrelease == item.is_devrelease),
            ]
            for (name, agrees) in fields where !agrees {
                disagreements.append("\(item.input.debugDescription): \(name) differs (ours: \(version))")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(10))")
    }

    @Test func orderingAgreesWithPackaging() throws {
        var disagreements: [String] = []
        var checked = 0
        for pair in Self.order {
            guard case .text(let left) = pair[0], case .text(let right) = pair[1], case .number(let expected) = pair[2]
            else { continue }
            checked += 1
            let a = try Version(left)
            let b = try Version(right)
            let ours = a < b ? -1 : (a == b ? 0 : 1)
            if ours != expected { disagreements.append("\(left) vs \(right): ours \(ours), packaging \(expected)") }
            if (a == b) != (a.hashValue == b.hashValue) && a == b {
                disagreements.append("\(left) == \(right) but hashes differ")
            }
        }
        #expect(checked == Self.order.count)
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(10))")
    }

    @Test func numbersPastUInt64AreATypedError() {
        #expect(throws: VersionError.numberTooLarge("18446744073709551616")) { try Version("18446744073709551616") }
        #expect(throws: VersionError.invalid("2004d")) { try Version("2004d") }
    }

    @Test func equalVersionsHashAlike() throws {
        #expect(try Set([Version("1.0"), Version("1.0.0"), Version("1"), Version("v1.0.0")]).count == 1)
    }
}
