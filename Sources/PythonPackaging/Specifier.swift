/// One PEP 440 version specifier (`>=2.0`, `==1.4.*`, `~=3.1`, `===foo`), matching as
/// `packaging.specifiers.Specifier` does.
public struct Specifier: Hashable, CustomStringConvertible, Sendable {
    public enum Operator: String, CaseIterable, Sendable {
        case compatible = "~="
        case equal = "=="
        case notEqual = "!="
        case lessThanOrEqual = "<="
        case greaterThanOrEqual = ">="
        case lessThan = "<"
        case greaterThan = ">"
        case arbitrary = "==="
    }

    public let op: Operator
    /// The version as written after the operator (whitespace removed), `.*` included.
    public let versionText: String
    /// The version, for every operator but `===` (whose text need not be a version).
    /// For a wildcard (`==1.2.*`) it is the prefix, `1.2`.
    let version: Version?
    let isWildcard: Bool

    /// Parses one specifier.
    ///
    /// - Throws: `SpecifierError.invalid` for anything `packaging` rejects: an unknown
    ///   operator, a version that is not PEP 440, `.*` or a local label with an ordering
    ///   operator, `~=` with a single release number.
    public init(_ text: String) throws(SpecifierError) {
        let stripped = PythonText.stripped(text)
        // By scalars, not Characters: a combining mark after the operator (`===\u{0594}3`) would
        // join its last '=' into another Character and hide the operator.
        guard
            let op = Self.operatorsLongestFirst.first(where: {
                stripped.unicodeScalars.starts(with: $0.rawValue.unicodeScalars)
            })
        else {
            throw .invalid(text)
        }
        let rest = PythonText.stripped(
            String(String.UnicodeScalarView(stripped.unicodeScalars.dropFirst(op.rawValue.unicodeScalars.count))))
        self.op = op
        self.versionText = rest

        if op == .arbitrary {
            // Anything but white space, ';' and ')' (which end a specifier inside a requirement).
            guard !rest.unicodeScalars.contains(where: { PythonText.isWhitespace($0) || $0 == ";" || $0 == ")" })
            else { throw .invalid(text) }
            version = try? Version(rest)
            isWildcard = false
            return
        }
        // The version text must be a version by itself: no inner white space.
        guard !rest.unicodeScalars.contains(where: PythonText.isWhitespace) else { throw .invalid(text) }
        if rest.hasSuffix(".*") {
            guard op == .equal || op == .notEqual, let prefix = try? Version(String(rest.dropLast(2))),
                prefix.pre == nil, prefix.post == nil, prefix.dev == nil, prefix.local == nil
            else { throw .invalid(text) }
            version = prefix
            isWildcard = true
            return
        }
        guard let parsed = try? Version(rest) else { throw .invalid(text) }
        if parsed.local != nil && op != .equal && op != .notEqual { throw .invalid(text) }
        if op == .compatible && Self.releaseCount(in: rest) < 2 { throw .invalid(text) }
        version = parsed
        isWildcard = false
    }

    /// A specifier whose parts have been read and checked already (by the requirement
    /// tokenizer, which scans the version itself).
    init(op: Operator, versionText: String, version: Version, isWildcard: Bool) {
        self.op = op
        self.versionText = versionText
        self.version = version
        self.isWildcard = isWildcard
    }

    public var description: String { op.rawValue + versionText }

    /// `===` before `==`, `<=` before `<`: the longest operator that prefixes the text wins.
    private static let operatorsLongestFirst = Operator.allCases.sorted { $0.rawValue.count > $1.rawValue.count }

    /// How many release numbers `text` writes (trailing zeros count: `~=1.0` has two).
    private static func releaseCount(in text: String) -> Int {
        var scanner = Substring(text)
        if let first = scanner.first, first == "v" || first == "V" { scanner = scanner.dropFirst() }
        if let bang = scanner.firstIndex(of: "!") { scanner = scanner[scanner.index(after: bang)...] }
        var count = 0
        var inNumber = false
        for character in scanner {
            if character.isASCII && character.isNumber {
                if !inNumber { count += 1 }
                inNumber = true
            } else if character == "." && inNumber {
                inNumber = false
            } else {
                break
            }
        }
        return count
    }

    // MARK: Equality as packaging defines it

    /// Operator and version with trailing zeros removed (kept for `~=`), so that `>=1.0`
    /// and `>=1.0.0` are the same specifier; `===` and wildcards compare as written.
    var canonicalForm: String {
        guard op != .arbitrary, !isWildcard, let version else { return op.rawValue + versionText }
        if op == .compatible { return op.rawValue + version.description }
        var release = version.release
        while release.count > 1 && release.last == 0 { release.removeLast() }
        let trimmed = Version(
            epoch: version.epoch, release: release, pre: version.pre, post: version.post, dev: version.dev,
            local: version.local)
        return op.rawValue + trimmed.description
    }

    public static func == (lhs: Specifier, rhs: Specifier) -> Bool { lhs.canonicalForm == rhs.canonicalForm }

    public func hash(into hasher: inout Hasher) { hasher.combine(canonicalForm) }

    // MARK: Matching

    /// Whether the specifier's own version asks for pre-releases (`>=1.0a1` does, `!=1.0a1` does not).
    var impliesPrereleases: Bool? {
        if op == .notEqual || (op == .equal && isWildcard) { return false }
        guard let version else { return nil }
        return version.isPrerelease
    }

    /// The operator's verdict on `candidate`, before any pre-release policy.
    ///
    /// - Parameters:
    ///   - candidate: the candidate as a version, or `nil` when it is not one; then only
    ///     `===` can match.
    ///   - text: what `===` compares, the candidate as the caller wrote it.
    func matches(_ candidate: Version?, text: String) -> Bool {
        guard let candidate else { return op == .arbitrary && matchesArbitrary(text) }
        switch op {
        case .arbitrary: return matchesArbitrary(text)
        case .equal: return matchesEqual(candidate, specText: versionText)
        case .notEqual: return !matchesEqual(candidate, specText: versionText)
        case .compatible:
            guard let version else { return false }
            return candidate.publicVersion >= version && matchesEqual(candidate, specText: compatiblePrefix + ".*")
        case .lessThanOrEqual:
            guard let version else { return false }
            return candidate.publicVersion <= version
        case .greaterThanOrEqual:
            guard let version else { return false }
            return candidate.publicVersion >= version
        case .lessThan:
            guard let version, candidate < version else { return false }
            // "<V" must not allow a pre-release of V unless V is itself a pre-release.
            let earliest = Version(
                epoch: version.epoch, release: version.release, pre: version.pre, post: version.post, dev: 0)
            return version.isPrerelease || !candidate.isPrerelease || candidate < earliest
        case .greaterThan:
            guard let version, candidate > version else { return false }
            // ">V" must not allow a post-release of V unless V is itself one, nor a local version of V.
            if !version.isPostrelease && candidate.isPostrelease {
                let base = Version(epoch: candidate.epoch, release: candidate.release, pre: candidate.pre)
                if base == version { return false }
            }
            return candidate.local == nil || candidate.publicVersion != version
        }
    }

    /// `===`: the text as written, ignoring case.
    private func matchesArbitrary(_ text: String) -> Bool {
        text.lowercased() == versionText.lowercased()
    }

    private func matchesEqual(_ candidate: Version, specText: String) -> Bool {
        if specText.hasSuffix(".*") {
            // Prefix matching on normalized strings, padding the candidate's release with zeros.
            let spec = Self.split(Self.canonicalVersionString(String(specText.dropLast(2))))
            let numeric = Self.numericPrefixLength(spec)
            var prospective = Self.split(candidate.publicVersion.description)
            let have = Self.numericPrefixLength(prospective)
            if have < numeric {
                prospective.insert(contentsOf: repeatElement("0", count: numeric - have), at: have)
            }
            return Array(prospective.prefix(spec.count)) == spec
        }
        guard let version else { return false }
        return (version.local == nil ? candidate.publicVersion : candidate) == version
    }

    /// The prefix `~=` implies: the written release without its last number (`~=2.2.post3` → `0!2`).
    ///
    /// Computed from the text as written, as `packaging` does, so its spellings behave
    /// identically (`~=2.2.c1` keeps the `c1` and implies `2.2.*`).
    private var compatiblePrefix: String {
        let parts = Self.split(versionText).prefix { part in
            !["dev", "a", "b", "rc", "post"].contains { part.hasPrefix($0) }
        }
        let kept = Array(parts.dropLast())
        return (kept.first ?? "0") + "!" + kept.dropFirst().joined(separator: ".")
    }

    /// Epoch first, then dot-separated parts, with `1rc1`-style parts cut in two.
    private static func split(_ text: String) -> [String] {
        var epoch = ""
        var rest = Substring(text)
        if let bang = text.lastIndex(of: "!") {
            epoch = String(text[..<bang])
            rest = text[text.index(after: bang)...]
        }
        var result = [epoch.isEmpty ? "0" : epoch]
        for part in rest.split(separator: ".", omittingEmptySubsequences: false) {
            let digits = part.prefix { $0.isASCII && $0.isNumber }
            let suffix = part.dropFirst(digits.count)
            let letters = ["a", "b", "c", "rc"].first { suffix.hasPrefix($0) }
            if !digits.isEmpty, let letters, suffix.count > letters.count,
                suffix.dropFirst(letters.count).allSatisfy({ $0.isASCII && $0.isNumber })
            {
                result += [String(digits), String(suffix)]
            } else {
                result.append(String(part))
            }
        }
        return result
    }

    private static func numericPrefixLength(_ parts: [String]) -> Int {
        parts.prefix { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }.count
    }

    /// A version string in normalized form, or unchanged when it is not a version.
    private static func canonicalVersionString(_ text: String) -> String {
        (try? Version(text))?.description ?? text
    }
}

/// Why a specifier or specifier set is invalid.
public enum SpecifierError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let text): return "\"\(text)\" is not a valid version specifier"
        }
    }
}
