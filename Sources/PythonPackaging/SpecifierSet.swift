/// A comma-separated set of version specifiers, as in `Requires-Dist: urllib3<3,>=1.21.1`,
/// matching as `packaging.specifiers.SpecifierSet` (26.x) does.
///
/// Pre-releases: a set matches a pre-release whenever every specifier does, unless
/// pre-releases are excluded, either by the caller (`prereleases: false`) or by the set's
/// own `prereleases` setting. This is `packaging`'s answer for a single candidate version,
/// and the one `pip check` needs for an installed pre-release.
public struct SpecifierSet: Hashable, CustomStringConvertible, Sendable {
    public let specifiers: [Specifier]
    /// An explicit pre-release policy; `nil` lets the specifiers decide.
    public var prereleases: Bool?
    private let hasArbitrary: Bool

    /// Parses `text`, splitting on commas; empty items are ignored, so `""` is the set
    /// that matches everything.
    ///
    /// - Throws: `SpecifierError.invalid` naming the first invalid specifier.
    public init(_ text: String, prereleases: Bool? = nil) throws(SpecifierError) {
        var specifiers: [Specifier] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = PythonText.stripped(String(item))
            if trimmed.isEmpty { continue }
            specifiers.append(try Specifier(trimmed))
        }
        self.specifiers = specifiers
        self.prereleases = prereleases
        self.hasArbitrary = text.contains("===")
    }

    /// A set of specifiers already parsed (a requirement's tokenizer reads them one by one).
    init(parsed specifiers: [Specifier], prereleases: Bool? = nil) {
        self.specifiers = specifiers
        self.prereleases = prereleases
        self.hasArbitrary = specifiers.contains { $0.op == .arbitrary }
    }

    public var isEmpty: Bool { specifiers.isEmpty }

    /// The specifiers sorted by their text, duplicates (in canonical form) removed, joined by commas.
    public var description: String {
        var seen = Set<String>()
        return specifiers.sorted {
            $0.description.unicodeScalars.lexicographicallyPrecedes($1.description.unicodeScalars)
        }
        .filter { seen.insert($0.canonicalForm).inserted }
        .map(\.description)
        .joined(separator: ",")
    }

    public static func == (lhs: SpecifierSet, rhs: SpecifierSet) -> Bool {
        Set(lhs.specifiers) == Set(rhs.specifiers)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(Set(specifiers)) }

    /// The pre-release policy in force when the caller gives none.
    private var impliedPrereleases: Bool? {
        if let prereleases { return prereleases }
        return specifiers.contains { $0.impliesPrereleases == true } ? true : nil
    }

    /// Whether `version` satisfies every specifier.
    ///
    /// - Parameter prereleases: `false` rejects pre-releases, `true` or `nil` accept them
    ///   when they match (`nil` defers to the set's own `prereleases`).
    public func contains(_ version: Version, prereleases: Bool? = nil) -> Bool {
        evaluate(version, text: version.description, prereleases: prereleases)
    }

    /// Like `contains(_:prereleases:)` for a version as written; a string that is not a
    /// version can still match `===`.
    public func contains(_ text: String, prereleases: Bool? = nil) -> Bool {
        let version = try? Version(text)
        // `===` compares the text as written; everything else compares versions.
        let written = hasArbitrary || version == nil ? text : version?.description ?? text
        return evaluate(version, text: written, prereleases: prereleases)
    }

    private func evaluate(_ version: Version?, text: String, prereleases: Bool?) -> Bool {
        // Something that is not a version has no pre-release policy: only `===` can match it,
        // and the empty set matches anything.
        if let version, (prereleases ?? impliedPrereleases) == false && version.isPrerelease { return false }
        return specifiers.allSatisfy { $0.matches(version, text: text) }
    }
}
