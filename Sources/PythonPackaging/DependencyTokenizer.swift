/// The context-sensitive tokenizer of PEP 508 dependency specifiers and markers.
///
/// Like `packaging`'s tokenizer, it never splits the input up front: the parser asks
/// whether a given kind of token starts at the current position, because what a token is
/// depends on where the parser is (`in` is an operator in a marker, part of a name elsewhere).
struct DependencyTokenizer {
    enum Kind {
        case leftParenthesis, rightParenthesis, leftBracket, rightBracket, semicolon, comma
        case quotedString, op, booleanOperator, inKeyword, notKeyword, variable, specifier
        case at, url, identifier, versionPrefixTrail, versionLocalLabelTrail, whitespace, end
    }

    let source: String
    let scalars: [Unicode.Scalar]
    private(set) var position = 0

    init(_ source: String) {
        self.source = source
        self.scalars = Array(source.unicodeScalars)
    }

    /// The text of a token of `kind` at the current position, without reading it.
    func peek(_ kind: Kind) -> String? {
        length(of: kind).map { Self.string(scalars[position..<(position + $0)]) }
    }

    /// Reads a token of `kind` if one is here.
    @discardableResult
    mutating func consume(_ kind: Kind) -> String? {
        guard let text = peek(kind) else { return nil }
        position += text.unicodeScalars.count
        return text
    }

    /// Reads a token of `kind`, or fails with a message saying what was expected.
    mutating func expect(_ kind: Kind, _ expected: String) throws(DependencySyntaxError) -> String {
        guard let text = consume(kind) else { throw error("Expected \(expected)") }
        return text
    }

    /// A String from scalars; ASCII text (nearly all of it) is written byte by byte into
    /// the new string rather than appended scalar by scalar.
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        guard scalars.allSatisfy(\.isASCII) else { return String(String.UnicodeScalarView(scalars)) }
        return String(unsafeUninitializedCapacity: scalars.count) { bytes in
            for (offset, scalar) in scalars.enumerated() { bytes[offset] = UInt8(truncatingIfNeeded: scalar.value) }
            return scalars.count
        }
    }

    func error(_ message: String) -> DependencySyntaxError {
        DependencySyntaxError(message: message, source: source, position: position)
    }

    // MARK: Token shapes

    private func scalar(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    /// Python's `\w` for `str` patterns: letters, digits (any script) and underscore.
    private static func isWordCharacter(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        if scalar.isASCII { return scalar == "_" || PackageName.isAlphanumeric(scalar) }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Python's `\b` at `index`: a word character on exactly one side.
    private func isWordBoundary(at index: Int) -> Bool {
        let before = index > 0 ? scalars[index - 1] : nil
        let after = index < scalars.count ? scalars[index] : nil
        return Self.isWordCharacter(before) != Self.isWordCharacter(after)
    }

    /// Whether the ASCII `literal` is written at `index`.
    private func matchesLiteral(_ literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= scalars.count else { return false }
        let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        return bytes.indices.allSatisfy { scalars[index + $0].value == UInt32(bytes[$0]) }
    }

    /// A keyword or one of several words, bounded by `\b` on both sides.
    private func word(_ words: [StaticString]) -> Int? {
        guard isWordBoundary(at: position) else { return nil }
        for candidate in words where matchesLiteral(candidate, at: position) {
            let end = position + candidate.utf8CodeUnitCount
            if isWordBoundary(at: end) { return candidate.utf8CodeUnitCount }
        }
        return nil
    }

    /// Marker variable names, longest first, so that `extras` is not read as `extra`.
    private static let markerVariables: [StaticString] = [
        "python_version", "python_full_version", "os_name", "os.name", "sys_platform", "sys.platform",
        "platform_release", "platform_system", "platform_version", "platform.version", "platform_machine",
        "platform.machine", "platform_python_implementation", "platform.python_implementation",
        "python_implementation", "implementation_name", "implementation_version", "extras", "extra",
        "dependency_groups",
    ].sorted { $0.utf8CodeUnitCount > $1.utf8CodeUnitCount }

    private func length(of kind: Kind) -> Int? {
        switch kind {
        case .leftParenthesis: return scalar() == "(" ? 1 : nil
        case .rightParenthesis: return scalar() == ")" ? 1 : nil
        case .leftBracket: return scalar() == "[" ? 1 : nil
        case .rightBracket: return scalar() == "]" ? 1 : nil
        case .semicolon: return scalar() == ";" ? 1 : nil
        case .comma: return scalar() == "," ? 1 : nil
        case .at: return scalar() == "@" ? 1 : nil
        case .quotedString:
            guard let quote = scalar(), quote == "'" || quote == "\"" else { return nil }
            var index = position + 1
            while index < scalars.count && scalars[index] != quote { index += 1 }
            return index < scalars.count ? index - position + 1 : nil
        case .op:
            for candidate: StaticString in ["===", "==", "~=", "!=", "<=", ">=", "<", ">"]
            where matchesLiteral(candidate, at: position) {
                return candidate.utf8CodeUnitCount
            }
            return nil
        case .booleanOperator: return word(["or", "and"])
        case .inKeyword: return word(["in"])
        case .notKeyword: return word(["not"])
        case .variable:
            return word(Self.markerVariables)
        case .identifier:
            guard isWordBoundary(at: position), let first = scalar(), PackageName.isAlphanumeric(first) else {
                return nil
            }
            var end = position + 1
            while end < scalars.count,
                PackageName.isAlphanumeric(scalars[end]) || scalars[end] == "." || scalars[end] == "_"
                    || scalars[end] == "-"
            {
                end += 1
            }
            // Give back trailing characters until the name ends on a word boundary.
            while end > position + 1 && !isWordBoundary(at: end) { end -= 1 }
            return isWordBoundary(at: end) ? end - position : nil
        case .url:
            var end = position
            while end < scalars.count && scalars[end] != " " && scalars[end] != "\t" { end += 1 }
            return end > position ? end - position : nil
        case .whitespace:
            var end = position
            while end < scalars.count && (scalars[end] == " " || scalars[end] == "\t") { end += 1 }
            return end > position ? end - position : nil
        case .end:
            // Python's `$` also matches before a final newline.
            if position == scalars.count { return 0 }
            return position == scalars.count - 1 && scalars[position] == "\n" ? 0 : nil
        case .versionPrefixTrail:
            return matchesLiteral(".*", at: position) ? 2 : nil
        case .versionLocalLabelTrail:
            guard scalar() == "+" else { return nil }
            func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            }
            var end = position + 1
            guard end < scalars.count, isLowerAlphanumeric(scalars[end]) else { return nil }
            while end < scalars.count && isLowerAlphanumeric(scalars[end]) { end += 1 }
            while end + 1 < scalars.count, [".", "_", "-"].contains(scalars[end]), isLowerAlphanumeric(scalars[end + 1])
            {
                end += 1
                while end < scalars.count && isLowerAlphanumeric(scalars[end]) { end += 1 }
            }
            return end - position
        case .specifier:
            return specifier()?.length
        }
    }

    /// Reads a specifier if one is here, returning it parsed as well as its text.
    /// The specifier is `nil` for an `===` whose text `Specifier` rejects (the requirement then
    /// fails as an invalid specifier).
    mutating func consumeSpecifier() -> (text: String, specifier: Specifier?)? {
        guard let (length, specifier) = specifier() else { return nil }
        let text = Self.string(scalars[position..<(position + length)])
        position += length
        return (text, specifier)
    }

    /// The longest specifier (`>=1.0`, `== 2.*`, `===x`) starting here, and its length.
    ///
    /// The operator decides what may follow; the version is read greedily by the same
    /// scanner that parses versions, which accepts the same strings as the pattern.
    private func specifier() -> (length: Int, specifier: Specifier?)? {
        guard let opLength = length(of: .op) else { return nil }
        let op = Self.string(scalars[position..<(position + opLength)])
        var index = position + opLength
        while index < scalars.count && PythonText.isWhitespace(scalars[index]) { index += 1 }
        if op == "===" {
            while index < scalars.count && !PythonText.isWhitespace(scalars[index]) && scalars[index] != ";"
                && scalars[index] != ")"
            {
                index += 1
            }
            return (index - position, try? Specifier(Self.string(scalars[position..<index])))
        }
        // A version never holds white space, ',', ';' or ')': scan only up to the first of them,
        // so that a long line costs linear time.
        var restEnd = index
        while restEnd < scalars.count, !PythonText.isWhitespace(scalars[restEnd]), scalars[restEnd] != ",",
            scalars[restEnd] != ";", scalars[restEnd] != ")"
        {
            restEnd += 1
        }
        var scanner = VersionScanner(prefixOf: scalars[index..<restEnd])
        guard let version = try? scanner.parseVersionPrefix(), let parsedOp = Specifier.Operator(rawValue: op) else {
            return nil
        }
        var end = index + scanner.consumed
        var isWildcard = false
        if parsedOp == .equal || parsedOp == .notEqual {
            if version.pre == nil, version.post == nil, version.dev == nil, version.local == nil,
                matchesLiteral(".*", at: end)
            {
                end += 2
                isWildcard = true
            }
        } else if version.local != nil {
            // Other operators take no local label: the specifier ends before the `+`, and its
            // version is the one without the label.
            end = index + scanner.consumedBeforeLocal
            guard let specifier = try? Specifier(Self.string(scalars[position..<end])) else { return nil }
            return (end - position, specifier)
        }
        // What `Specifier.init` would check of this text that the scan has not: `~=` needs two
        // release numbers (as written, trailing zeros included).
        guard parsedOp != .compatible || version.release.count >= 2 else { return nil }
        let specifier = Specifier(
            op: parsedOp, versionText: Self.string(scalars[index..<end]), version: version, isWildcard: isWildcard)
        return (end - position, specifier)
    }
}

/// A PEP 508 syntax error: the message, the text and where in it the error was found.
public struct DependencySyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public let source: String
    public let position: Int

    public var description: String { "\(message) at position \(position) in \"\(source)\"" }
}
