/// A PEP 508 environment marker (`python_version < "3.8" and extra == "socks"`), parsed,
/// printed and evaluated as `packaging.markers.Marker` (26.x) does.
public struct Marker: Hashable, CustomStringConvertible, Sendable {
    /// One side of a comparison: a marker variable or a quoted value.
    public enum Operand: Hashable, Sendable {
        case variable(String)
        case value(String)

        var text: String {
            switch self {
            case .variable(let name): return name
            case .value(let value): return value
            }
        }
    }

    /// A marker is a flat list of comparisons and parenthesized groups joined by `and`/`or`,
    /// `and` binding tighter, exactly as `packaging` keeps it.
    public indirect enum Element: Hashable, Sendable {
        case comparison(Operand, String, Operand)
        case group([Element])
        case and
        case or
    }

    public let elements: [Element]

    /// Parses a marker expression.
    ///
    /// - Throws: `MarkerError.invalid` with the syntax error.
    public init(_ text: String) throws(MarkerError) {
        var tokenizer = DependencyTokenizer(text)
        do throws(DependencySyntaxError) {
            let elements = try Self.parseMarker(&tokenizer)
            _ = try tokenizer.expect(.end, "end of marker expression")
            self.elements = Self.normalizingExtras(elements)
        } catch {
            throw .invalid(error)
        }
    }

    init(elements: [Element]) {
        self.elements = Self.normalizingExtras(elements)
    }

    // MARK: Parsing

    /// The deepest nesting of parentheses accepted. Real markers nest two or three levels;
    /// the limit keeps parsing, printing and evaluating (which recurse over groups) far from
    /// the stack's end on hostile metadata (`packaging` itself fails near 1,000 levels).
    public static let maximumNesting = 100

    static func parseMarker(_ tokenizer: inout DependencyTokenizer, depth: Int = 0) throws(DependencySyntaxError)
        -> [Element]
    {
        var expression = [try parseAtom(&tokenizer, depth: depth)]
        while let joiner = tokenizer.consume(.booleanOperator) {
            expression.append(joiner == "and" ? .and : .or)
            expression.append(try parseAtom(&tokenizer, depth: depth))
        }
        return expression
    }

    private static func parseAtom(_ tokenizer: inout DependencyTokenizer, depth: Int) throws(DependencySyntaxError)
        -> Element
    {
        tokenizer.consume(.whitespace)
        let atom: Element
        if tokenizer.peek(.leftParenthesis) != nil {
            let opening = tokenizer.position
            guard depth < maximumNesting else {
                throw DependencySyntaxError(
                    message: "Marker nests parentheses deeper than \(maximumNesting) levels", source: tokenizer.source,
                    position: opening)
            }
            tokenizer.consume(.leftParenthesis)
            tokenizer.consume(.whitespace)
            let inner = try parseMarker(&tokenizer, depth: depth + 1)
            tokenizer.consume(.whitespace)
            guard tokenizer.consume(.rightParenthesis) != nil else {
                throw DependencySyntaxError(
                    message: "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker expression",
                    source: tokenizer.source, position: opening)
            }
            atom = .group(inner)
        } else {
            tokenizer.consume(.whitespace)
            let left = try parseOperand(&tokenizer)
            tokenizer.consume(.whitespace)
            let op = try parseOperator(&tokenizer)
            tokenizer.consume(.whitespace)
            let right = try parseOperand(&tokenizer)
            tokenizer.consume(.whitespace)
            atom = .comparison(left, op, right)
        }
        tokenizer.consume(.whitespace)
        return atom
    }

    private static func parseOperand(_ tokenizer: inout DependencyTokenizer) throws(DependencySyntaxError) -> Operand {
        if let name = tokenizer.consume(.variable) {
            let normalized = name.replacingDots()
            if normalized == "python_implementation" { return .variable("platform_python_implementation") }
            return .variable(normalized)
        }
        if let quoted = tokenizer.consume(.quotedString) {
            // A NUL cannot be in a marker's value (packaging rejects it too).
            guard let value = PythonLiteral.unquote(quoted), !value.unicodeScalars.contains("\0") else {
                throw tokenizer.error("Invalid string literal \(quoted)")
            }
            return .value(value)
        }
        throw tokenizer.error("Expected a marker variable or quoted string")
    }

    private static func parseOperator(_ tokenizer: inout DependencyTokenizer) throws(DependencySyntaxError) -> String {
        if tokenizer.consume(.inKeyword) != nil { return "in" }
        if tokenizer.consume(.notKeyword) != nil {
            _ = try tokenizer.expect(.whitespace, "whitespace after 'not'")
            _ = try tokenizer.expect(.inKeyword, "'in' after 'not'")
            return "not in"
        }
        if let op = tokenizer.consume(.op) { return op }
        throw tokenizer.error("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in")
    }

    /// `extra` values are compared in normalized form (PEP 685), at every depth of the
    /// marker: `python_version >= "3" and (extra == "Socks")` matches the extra `socks`.
    /// (`packaging` 26.x rewrites only the top level; its main branch fixed that.)
    private static func normalizingExtras(_ elements: [Element]) -> [Element] {
        elements.map { element in
            switch element {
            case .group(let inner): return .group(normalizingExtras(inner))
            case .comparison(let left, let op, let right):
                if left == .variable("extra") {
                    return .comparison(left, op, .value(PackageName.normalize(right.text)))
                }
                if right == .variable("extra") {
                    return .comparison(.value(PackageName.normalize(left.text)), op, right)
                }
                return element
            case .and, .or: return element
            }
        }
    }

    /// How the marker's truth depends on the `extra` variable, so that a requirement need
    /// not be evaluated once per extra of its distribution.
    public enum ExtraDependence: Equatable, Sendable {
        /// Only through `==`, `!=`, `<=` or `>=` with these values (normalized): for any other
        /// extra the marker is what it is for any value not among them.
        case values(Set<String>)
        /// Through `in` or `not in`: every extra may differ.
        case any
    }

    /// How the marker depends on `extra`: `.values([])` when it never names it.
    public var extraDependence: ExtraDependence {
        var values = Set<String>()
        var pending = [elements]
        while let list = pending.popLast() {
            for element in list {
                switch element {
                case .group(let inner): pending.append(inner)
                case .comparison(let left, let op, let right):
                    let other: Operand
                    if left == .variable("extra") {
                        other = right
                    } else if right == .variable("extra") {
                        other = left
                    } else {
                        continue
                    }
                    if op == "in" || op == "not in" { return .any }
                    guard case .value(let value) = other else { return .any }
                    if op == "==" || op == "!=" || op == "<=" || op == ">=" { values.insert(value) }
                case .and, .or: continue
                }
            }
        }
        return .values(values)
    }

    /// Two markers are equal when their normalized forms are (as `packaging`'s `Marker`
    /// compares them): quoting, spacing and redundant parentheses do not count.
    public static func == (lhs: Marker, rhs: Marker) -> Bool { lhs.description == rhs.description }

    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    // MARK: Text

    /// The marker in `packaging`'s normalized form: double-quoted values, canonical variable
    /// names, and only the parentheses that change the meaning.
    public var description: String { Self.format(elements, first: true) }

    private static func format(_ elements: [Element], first: Bool) -> String {
        if elements.count == 1 {
            switch elements[0] {
            case .group(let inner): return format(inner, first: true)
            case .comparison: return format(elements[0])
            default: break
            }
        }
        let inner = elements.map { element -> String in
            if case .group(let group) = element { return format(group, first: false) }
            return format(element)
        }.joined(separator: " ")
        return first ? inner : "(" + inner + ")"
    }

    private static func format(_ element: Element) -> String {
        switch element {
        case .comparison(let left, let op, let right): return "\(serialize(left)) \(op) \(serialize(right))"
        case .group(let inner): return format(inner, first: false)
        case .and: return "and"
        case .or: return "or"
        }
    }

    private static func serialize(_ operand: Operand) -> String {
        switch operand {
        case .variable(let name): return name
        case .value(let value): return "\"\(value)\""
        }
    }

    // MARK: Evaluation

    /// Variables compared as PEP 440 versions when the other side is a valid specifier.
    private static let versionVariables: Set<String> = [
        "implementation_version", "platform_release", "python_full_version", "python_version",
    ]

    /// Evaluates the marker in `environment`, as for core metadata: `extra` is `""` unless
    /// the environment sets it, and is compared in normalized form.
    ///
    /// Every comparison is evaluated, as `packaging` does, so an undefined comparison is an
    /// error even where the other side of an `or` would decide.
    ///
    /// - Throws: `MarkerError.undefinedComparison` (an operator with no meaning for the
    ///   values, such as `~=` on `os_name`) or `MarkerError.undefinedEnvironmentName`.
    public func evaluate(in environment: MarkerEnvironment) throws(MarkerError) -> Bool {
        // The environment is copied only when its extra is not yet in normal form: an
        // environment made once and used for every requirement is never copied.
        let extra = environment.values["extra"] ?? ""
        let normalized = extra.isEmpty ? "" : PackageName.normalize(extra)
        guard environment.values["extra"] != normalized else { return try Self.evaluate(elements, environment.values) }
        var values = environment.values
        values["extra"] = normalized
        return try Self.evaluate(elements, values)
    }

    private static func evaluate(_ elements: [Element], _ environment: [String: String]) throws(MarkerError) -> Bool {
        var groups: [[Bool]] = [[]]
        for element in elements {
            switch element {
            case .group(let inner):
                groups[groups.count - 1].append(try evaluate(inner, environment))
            case .comparison(let left, let op, let right):
                let key: String
                let leftValue: String
                let rightValue: String
                if case .variable(let name) = left {
                    key = name
                    guard let value = environment[name] else { throw .undefinedEnvironmentName(name) }
                    leftValue = value
                    rightValue = right.text
                } else {
                    key = right.text
                    guard let value = environment[key] else { throw .undefinedEnvironmentName(key) }
                    leftValue = left.text
                    rightValue = value
                }
                groups[groups.count - 1].append(try compare(leftValue, op, rightValue, key: key))
            case .or:
                groups.append([])
            case .and:
                break
            }
        }
        return groups.contains { $0.allSatisfy { $0 } }
    }

    private static func compare(_ left: String, _ op: String, _ right: String, key: String) throws(MarkerError) -> Bool
    {
        if versionVariables.contains(key), let specifier = try? Specifier(op + right) {
            return specifier.matches(try? Version(left), text: left)
        }
        // Python compares strings by code point, not by canonical equivalence.
        let equal = left.unicodeScalars.elementsEqual(right.unicodeScalars)
        switch op {
        case "in": return right.unicodeScalars.containsSubsequence(left.unicodeScalars)
        case "not in": return !right.unicodeScalars.containsSubsequence(left.unicodeScalars)
        case "==", "<=", ">=": return equal
        case "!=": return !equal
        case "<", ">": return false
        default: throw .undefinedComparison("\(op) on \"\(left)\" and \"\(right)\"")
        }
    }
}

/// Values of the marker variables for one target.
public struct MarkerEnvironment: Hashable, Sendable {
    public var values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    /// The environment of a Lambda Python runtime: CPython on Linux.
    ///
    /// - Parameters:
    ///   - pythonFullVersion: `3.11.13`; `python_version` is its first two numbers.
    ///   - machine: `x86_64` or `aarch64` (`platform.machine()` on Lambda's arm64).
    ///   - extra: the extra being evaluated, or `""`.
    public static func lambda(pythonFullVersion: String, machine: String, extra: String = "") -> MarkerEnvironment {
        let parts = pythonFullVersion.split(separator: ".")
        return MarkerEnvironment([
            "implementation_name": "cpython",
            "implementation_version": pythonFullVersion,
            "os_name": "posix",
            "platform_machine": machine,
            "platform_python_implementation": "CPython",
            "platform_system": "Linux",
            "platform_release": "",
            "platform_version": "",
            "python_full_version": pythonFullVersion,
            "python_version": parts.prefix(2).joined(separator: "."),
            "sys_platform": "linux",
            // In normal form (PEP 685) already, so that evaluating never copies the environment.
            "extra": extra.isEmpty ? "" : PackageName.normalize(extra),
        ])
    }
}

/// Why a marker cannot be parsed or evaluated.
public enum MarkerError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(DependencySyntaxError)
    case undefinedComparison(String)
    case undefinedEnvironmentName(String)

    public var description: String {
        switch self {
        case .invalid(let error): return "invalid marker: \(error)"
        case .undefinedComparison(let detail): return "undefined comparison: \(detail)"
        case .undefinedEnvironmentName(let name): return "the environment has no value for \(name)"
        }
    }
}

extension String {
    fileprivate func replacingDots() -> String {
        guard utf8.contains(UInt8(ascii: ".")) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "." ? "_" : $0 }))
    }
}

extension String.UnicodeScalarView {
    /// Python's `needle in haystack` for strings: a contiguous run of code points.
    fileprivate func containsSubsequence(_ needle: String.UnicodeScalarView) -> Bool {
        let haystack = Array(self)
        let pattern = Array(needle)
        if pattern.isEmpty { return true }
        guard pattern.count <= haystack.count else { return false }
        for start in 0...(haystack.count - pattern.count)
        where haystack[start..<(start + pattern.count)].elementsEqual(pattern) {
            return true
        }
        return false
    }
}
