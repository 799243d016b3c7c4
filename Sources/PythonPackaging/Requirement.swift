/// A PEP 508 dependency specifier, as in `Requires-Dist`: a name, extras, a version
/// specifier or a URL, and a marker. Parsed as `packaging.requirements.Requirement` does.
public struct Requirement: Hashable, CustomStringConvertible, Sendable {
    /// The name as written.
    public let name: String
    /// Extras as written, without duplicates, in sorted order.
    public let extras: [String]
    public let specifier: SpecifierSet
    public let url: String?
    public let marker: Marker?

    /// The PEP 503 normalized name.
    public var normalizedName: String { PackageName.normalize(name) }

    /// Two requirements are equal when they name the same project (normalized names, as
    /// `packaging` compares them) with the same extras, specifier, URL and marker.
    public static func == (lhs: Requirement, rhs: Requirement) -> Bool {
        lhs.normalizedName == rhs.normalizedName && lhs.extras == rhs.extras && lhs.specifier == rhs.specifier
            && lhs.url == rhs.url && lhs.marker == rhs.marker
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(normalizedName)
        hasher.combine(extras)
        hasher.combine(specifier)
        hasher.combine(url)
        hasher.combine(marker)
    }

    /// Parses a requirement.
    ///
    /// - Throws: `RequirementError.invalid` with the syntax error.
    public init(_ text: String) throws(RequirementError) {
        var tokenizer = DependencyTokenizer(text)
        do throws(DependencySyntaxError) {
            tokenizer.consume(.whitespace)
            name = try tokenizer.expect(.identifier, "package name at the start of dependency specifier")
            tokenizer.consume(.whitespace)
            extras = Array(Set(try Self.parseExtras(&tokenizer))).sorted()
            tokenizer.consume(.whitespace)
            let details = try Self.parseDetails(&tokenizer)
            _ = try tokenizer.expect(.end, "end of dependency specifier")
            url = details.url
            marker = details.marker.map { Marker(elements: $0) }
            if let specifiers = details.specifiers {
                specifier = SpecifierSet(parsed: specifiers)
            } else {
                do {
                    specifier = try SpecifierSet(details.specifier)
                } catch {
                    throw tokenizer.error("Invalid specifier \(details.specifier)")
                }
            }
        } catch {
            throw .invalid(error)
        }
    }

    private static func parseExtras(_ tokenizer: inout DependencyTokenizer) throws(DependencySyntaxError) -> [String] {
        guard tokenizer.peek(.leftBracket) != nil else { return [] }
        let opening = tokenizer.position
        tokenizer.consume(.leftBracket)
        tokenizer.consume(.whitespace)
        var extras: [String] = []
        if let first = tokenizer.consume(.identifier) {
            extras.append(first)
            while true {
                tokenizer.consume(.whitespace)
                if tokenizer.peek(.identifier) != nil { throw tokenizer.error("Expected comma between extra names") }
                guard tokenizer.consume(.comma) != nil else { break }
                tokenizer.consume(.whitespace)
                extras.append(try tokenizer.expect(.identifier, "extra name after comma"))
            }
        }
        tokenizer.consume(.whitespace)
        guard tokenizer.consume(.rightBracket) != nil else {
            throw DependencySyntaxError(
                message: "Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras",
                source: tokenizer.source, position: opening)
        }
        return extras
    }

    private static func parseDetails(_ tokenizer: inout DependencyTokenizer) throws(DependencySyntaxError)
        -> (url: String?, specifier: String, specifiers: [Specifier]?, marker: [Marker.Element]?)
    {
        if tokenizer.consume(.at) != nil {
            tokenizer.consume(.whitespace)
            let url = try tokenizer.expect(.url, "URL after @")
            if tokenizer.peek(.end) != nil { return (url, "", [], nil) }
            _ = try tokenizer.expect(.whitespace, "whitespace after URL")
            if tokenizer.peek(.end) != nil { return (url, "", [], nil) }
            return (url, "", [], try parseMarkerClause(&tokenizer, expected: "semicolon (after URL and whitespace)"))
        }
        let (specifier, specifiers) = try parseSpecifier(&tokenizer)
        tokenizer.consume(.whitespace)
        if tokenizer.peek(.end) != nil { return (nil, specifier, specifiers, nil) }
        let expected =
            specifier.isEmpty
            ? "semicolon (after name with no version specifier)"
            : "comma (within version specifier), semicolon (after version specifier)"
        return (nil, specifier, specifiers, try parseMarkerClause(&tokenizer, expected: expected))
    }

    private static func parseMarkerClause(_ tokenizer: inout DependencyTokenizer, expected: String)
        throws(DependencySyntaxError) -> [Marker.Element]
    {
        guard tokenizer.consume(.semicolon) != nil else { throw tokenizer.error("Expected \(expected) or end") }
        let marker = try Marker.parseMarker(&tokenizer)
        tokenizer.consume(.whitespace)
        return marker
    }

    /// `(>=1.0, <2)` or `>=1.0, <2`, returned as the specifier text and the specifiers
    /// already parsed, or `nil` when the text must be parsed as a whole (an `===` that
    /// `Specifier` rejects or that holds a comma, as `packaging` splits the text on commas).
    private static func parseSpecifier(_ tokenizer: inout DependencyTokenizer) throws(DependencySyntaxError)
        -> (text: String, specifiers: [Specifier]?)
    {
        let parenthesized = tokenizer.peek(.leftParenthesis) != nil
        let opening = tokenizer.position
        if parenthesized { tokenizer.consume(.leftParenthesis) }
        tokenizer.consume(.whitespace)
        var text = ""
        var specifiers: [Specifier]? = []
        while let (specifierText, specifier) = tokenizer.consumeSpecifier() {
            text += specifierText
            if let specifier, !specifierText.utf8.contains(UInt8(ascii: ",")) {
                specifiers?.append(specifier)
            } else {
                specifiers = nil
            }
            if tokenizer.peek(.versionPrefixTrail) != nil {
                throw tokenizer.error(".* suffix can only be used with `==` or `!=` operators")
            }
            if tokenizer.peek(.versionLocalLabelTrail) != nil {
                throw tokenizer.error("Local version label can only be used with `==` or `!=` operators")
            }
            tokenizer.consume(.whitespace)
            guard let comma = tokenizer.consume(.comma) else { break }
            text += comma
            tokenizer.consume(.whitespace)
        }
        tokenizer.consume(.whitespace)
        if parenthesized {
            guard tokenizer.consume(.rightParenthesis) != nil else {
                throw DependencySyntaxError(
                    message: "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier",
                    source: tokenizer.source, position: opening)
            }
        }
        return (text, specifiers)
    }

    /// The requirement in `packaging`'s normalized form: `name[extras]specifier @ url; marker`.
    public var description: String {
        var text = name
        if !extras.isEmpty { text += "[" + extras.joined(separator: ",") + "]" }
        if !specifier.isEmpty { text += specifier.description }
        if let url {
            text += " @ " + url
            if marker != nil { text += " " }
        }
        if let marker { text += "; " + marker.description }
        return text
    }
}

/// Why a requirement cannot be parsed.
public enum RequirementError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(DependencySyntaxError)

    public var description: String {
        switch self {
        case .invalid(let error): return "invalid requirement: \(error)"
        }
    }
}
