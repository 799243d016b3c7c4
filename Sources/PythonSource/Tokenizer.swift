/// Python's lexical structure, as far as finding statements needs it: logical lines (joined
/// over brackets and backslash continuations), their indentation, and their tokens, with
/// comments and the contents of strings (including f-strings and their nested expressions)
/// skipped. It works on the UTF-8 bytes in one pass, with an explicit stack for nesting, so
/// that no input can make it recurse or take more than linear time.
///
/// Reference: The Python Language Reference, chapter 2 "Lexical analysis".
public struct Tokenizer {
    public struct Token: Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            /// An identifier or keyword.
            case name
            case number
            /// A string literal of any kind. `text` is `""`; `value` holds the contents of a
            /// short plain literal (`"win32"`, `'nt'`), the kind that tests of the platform compare.
            case string
            /// An operator or delimiter (`(`, `:`, `==`, `...`).
            case op
        }

        public let kind: Kind
        public let text: String
        /// The line (1-based) the token starts on.
        public let line: Int
        /// The contents of a string literal without prefix, escapes or f-string fields, of at
        /// most `Tokenizer.maximumStringValue` bytes; `nil` for every other token and string.
        public let value: String?

        public init(kind: Kind, text: String, line: Int, value: String? = nil) {
            self.kind = kind
            self.text = text
            self.line = line
            self.value = value
        }
    }

    /// One logical line: its indentation (tabs to the next multiple of 8, as CPython) and
    /// its tokens.
    public struct LogicalLine: Equatable, Sendable {
        public let indent: Int
        public let line: Int
        public let tokens: [Token]
    }

    /// Where the source cannot be tokenized, as CPython would report it.
    public struct SyntaxError: Error, Equatable, Sendable {
        public let line: Int
        public let message: String
    }

    /// The deepest nesting of brackets and f-string expressions accepted (CPython's parser
    /// stops at 200 levels too).
    public static let maximumNesting = 200
    /// The longest string literal whose contents are kept (`Token.value`): platform names and
    /// module names are short, docstrings are not.
    public static let maximumStringValue = 256

    /// The logical lines of `source`, or the first error that stops tokenizing.
    public static func logicalLines(_ source: String) -> Result<[LogicalLine], SyntaxError> {
        var source = source
        return source.withUTF8 { bytes in
            var lexer = Lexer(bytes: bytes)
            return lexer.run()
        }
    }
}

private struct Lexer {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var line = 1
    var lines: [Tokenizer.LogicalLine] = []
    var tokens: [Tokenizer.Token] = []
    var lineStart = 1
    var indent = 0
    /// Open brackets, each with the line it opened on.
    var brackets: [(byte: UInt8, line: Int)] = []
    /// F-strings being read: their quote, whether triple-quoted, and the bracket depth at
    /// which their current `{...}` expression started (`nil` while in the literal part).
    var formats: [(quote: UInt8, triple: Bool, raw: Bool, expressionDepth: Int?)] = []

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func byte(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index < bytes.count ? bytes[index] : nil
    }

    mutating func run() -> Result<[Tokenizer.LogicalLine], Tokenizer.SyntaxError> {
        // A UTF-8 byte-order mark is allowed before the first line.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        var atLineStart = true
        while position < bytes.count {
            if atLineStart && brackets.isEmpty && formats.isEmpty {
                guard let width = readIndentation() else { continue }  // a blank or comment-only line
                atLineStart = false
                indent = width
                lineStart = line
            }
            guard let current = byte() else { break }
            switch current {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), 0x0C:
                position += 1
            case UInt8(ascii: "#"):
                while let next = byte(), next != UInt8(ascii: "\n"), next != UInt8(ascii: "\r") { position += 1 }
            case UInt8(ascii: "\\"):
                // A continuation: the backslash must end the line.
                guard byte(1) == UInt8(ascii: "\n") || byte(1) == UInt8(ascii: "\r") else {
                    return .failure(
                        .init(line: line, message: "unexpected character after line continuation character"))
                }
                position += 1
                skipNewline()
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                skipNewline()
                if brackets.isEmpty && formats.isEmpty {
                    endLogicalLine()
                    atLineStart = true
                }
            default:
                if let error = readToken() { return .failure(error) }
            }
        }
        if let open = brackets.last {
            return .failure(
                .init(line: open.line, message: "'\(Character(Unicode.Scalar(open.byte)))' was never closed"))
        }
        if !formats.isEmpty { return .failure(.init(line: line, message: "unterminated f-string literal")) }
        endLogicalLine()
        return .success(lines)
    }

    mutating func skipNewline() {
        if byte() == UInt8(ascii: "\r") && byte(1) == UInt8(ascii: "\n") { position += 1 }
        position += 1
        line += 1
    }

    mutating func endLogicalLine() {
        guard !tokens.isEmpty else { return }
        lines.append(Tokenizer.LogicalLine(indent: indent, line: lineStart, tokens: tokens))
        tokens = []
    }

    /// Reads the indentation of a physical line; `nil` (with the line consumed) when it is
    /// blank or holds only a comment.
    mutating func readIndentation() -> Int? {
        var width = 0
        while let current = byte() {
            if current == UInt8(ascii: " ") {
                width += 1
            } else if current == UInt8(ascii: "\t") {
                width = (width / 8 + 1) * 8
            } else if current == 0x0C {
                width = 0
            } else {
                break
            }
            position += 1
        }
        switch byte() {
        case nil: return nil
        case UInt8(ascii: "#"):
            while let next = byte(), next != UInt8(ascii: "\n"), next != UInt8(ascii: "\r") { position += 1 }
            if byte() != nil { skipNewline() }
            return nil
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            skipNewline()
            return nil
        case UInt8(ascii: "\\"):
            // A line that starts with a continuation joins the next one.
            return width
        default:
            return width
        }
    }

    /// Adds a token, except inside an f-string's expressions, whose tokens are part of the
    /// string (`f"{a=}"` is no assignment). A string token has no text: its contents never matter.
    mutating func add(_ kind: Tokenizer.Token.Kind, _ start: Int, _ end: Int, at tokenLine: Int, value: String? = nil) {
        guard formats.isEmpty else { return }
        let text =
            kind == .string ? "" : String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        tokens.append(Tokenizer.Token(kind: kind, text: text, line: tokenLine, value: value))
    }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte >= 0x80
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// Reads one token at `position`, or returns the error that stops tokenizing.
    mutating func readToken() -> Tokenizer.SyntaxError? {
        guard let current = byte() else { return nil }
        let start = position
        let startLine = line
        if Self.isNameStart(current) {
            while let next = byte(), Self.isNameByte(next) { position += 1 }
            // A string prefix (r, b, u, f, t, rb, fr, ...) directly before a quote.
            if let quote = byte(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\""), position - start <= 3 {
                let prefix = bytes[start..<position].map { $0 | 0x20 }
                if prefix.allSatisfy({ "rbuft".utf8.contains($0) }) {
                    let isFormat = prefix.contains(UInt8(ascii: "f")) || prefix.contains(UInt8(ascii: "t"))
                    return readString(
                        format: isFormat, raw: prefix.contains(UInt8(ascii: "r")), startLine: startLine)
                }
            }
            add(.name, start, position, at: startLine)
            return nil
        }
        if current >= UInt8(ascii: "0") && current <= UInt8(ascii: "9")
            || (current == UInt8(ascii: ".")
                && (byte(1).map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false))
        {
            while let next = byte(),
                Self.isNameByte(next) || next == UInt8(ascii: ".")
                    || ((next == UInt8(ascii: "+") || next == UInt8(ascii: "-"))
                        && (bytes[position - 1] | 0x20) == UInt8(ascii: "e"))
            {
                position += 1
            }
            add(.number, start, position, at: startLine)
            return nil
        }
        if current == UInt8(ascii: "'") || current == UInt8(ascii: "\"") {
            return readString(format: false, raw: false, startLine: startLine)
        }
        return readOperator(current, startLine: startLine)
    }

    mutating func readOperator(_ current: UInt8, startLine: Int) -> Tokenizer.SyntaxError? {
        let start = position
        switch current {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
            guard brackets.count < Tokenizer.maximumNesting else {
                return .init(line: line, message: "too many nested parentheses")
            }
            brackets.append((current, line))
            position += 1
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            // The `}` that ends an f-string's expression returns to its literal part.
            if current == UInt8(ascii: "}"), let format = formats.last, format.expressionDepth == brackets.count {
                formats[formats.count - 1].expressionDepth = nil
                position += 1
                return readFormatLiteral(startLine: startLine)
            }
            let opener: UInt8 =
                current == UInt8(ascii: ")")
                ? UInt8(ascii: "(") : current == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "{")
            guard let open = brackets.last, open.byte == opener,
                formats.last?.expressionDepth.map({ brackets.count > $0 }) ?? true
            else {
                return .init(line: line, message: "unmatched '\(Character(Unicode.Scalar(current)))'")
            }
            brackets.removeLast()
            position += 1
        case UInt8(ascii: "."):
            position += byte(1) == UInt8(ascii: ".") && byte(2) == UInt8(ascii: ".") ? 3 : 1
        default:
            guard current < 0x80, "+-*/%@&|^~<>=!:;,".utf8.contains(current) else {
                return .init(line: line, message: "invalid character '\(Character(Unicode.Scalar(current)))'")
            }
            position += 1
            // Two- and three-character operators: **, //, ==, !=, <=, >=, ->, :=, <<, >>, and `op=`.
            if let next = byte() {
                let pair = [current, next]
                let doubles: [[UInt8]] = ["**", "//", "<<", ">>"].map { Array($0.utf8) }
                if doubles.contains(pair) {
                    position += 1
                    if byte() == UInt8(ascii: "=") { position += 1 }
                } else if next == UInt8(ascii: "=") || (current == UInt8(ascii: "-") && next == UInt8(ascii: ">")) {
                    position += 1
                }
            }
        }
        // In an f-string expression, a `:` or `!` at its own depth starts the format spec or
        // conversion, which runs to the closing `}` as literal text with nested fields.
        if let format = formats.last, let depth = format.expressionDepth, depth == brackets.count,
            position - start == 1, current == UInt8(ascii: ":") || current == UInt8(ascii: "!")
        {
            if current == UInt8(ascii: "!") && byte() == UInt8(ascii: "=") {
                position += 1
            } else {
                formats[formats.count - 1].expressionDepth = nil
                return readFormatLiteral(startLine: startLine, inSpec: true)
            }
        }
        add(.op, start, position, at: startLine)
        return nil
    }

    /// Reads a string literal whose opening quote is at `position`. A backslash keeps the
    /// next character from ending the string in raw strings too (`r"\""` is one string).
    mutating func readString(format: Bool, raw: Bool, startLine: Int) -> Tokenizer.SyntaxError? {
        guard let quote = byte() else { return nil }
        let triple = byte(1) == quote && byte(2) == quote
        position += triple ? 3 : 1
        if format {
            guard formats.count < Tokenizer.maximumNesting else {
                return .init(line: line, message: "too many nested f-strings")
            }
            add(.string, position, position, at: startLine)  // before the push: the f-string's own token
            formats.append((quote, triple, raw, nil))
            return readFormatLiteral(startLine: startLine)
        }
        let contentStart = position
        var plain = true
        while let current = byte() {
            if current == UInt8(ascii: "\\") {
                plain = false
                position += 1
                if byte() == UInt8(ascii: "\n") || byte() == UInt8(ascii: "\r") {
                    skipNewline()
                } else if byte() != nil {
                    position += 1
                }
                continue
            }
            if current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r") {
                guard triple else { return .init(line: startLine, message: "unterminated string literal") }
                skipNewline()
                continue
            }
            position += 1
            if current == quote && (!triple || (byte() == quote && byte(1) == quote)) {
                let contentEnd = position - 1
                if triple { position += 2 }
                let value =
                    plain && contentEnd - contentStart <= Tokenizer.maximumStringValue
                    ? String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<contentEnd]), as: UTF8.self)
                    : nil
                add(.string, position, position, at: startLine, value: value)
                return nil
            }
        }
        return .init(
            line: startLine,
            message: triple ? "unterminated triple-quoted string literal" : "unterminated string literal")
    }

    /// Reads the literal part of the innermost f-string up to its end (popping it) or to a
    /// `{` that opens an expression. `inSpec`: in a format spec, which a `}` ends.
    mutating func readFormatLiteral(startLine: Int, inSpec: Bool = false) -> Tokenizer.SyntaxError? {
        guard let format = formats.last else { return nil }
        while let current = byte() {
            if current == UInt8(ascii: "\\") {
                position += 1
                switch byte() {
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"): skipNewline()
                // A brace after a backslash is still a brace: `f"\{x}"` has a field.
                case UInt8(ascii: "{"), UInt8(ascii: "}"): break
                // `\N{DASH}` names a character in a non-raw string: its braces are no field.
                case UInt8(ascii: "N") where !format.raw && byte(1) == UInt8(ascii: "{"):
                    while let next = byte(), next != UInt8(ascii: "}"), next != format.quote { position += 1 }
                    if byte() == UInt8(ascii: "}") { position += 1 }
                case nil: break
                default: position += 1
                }
                continue
            }
            if current == UInt8(ascii: "\n") || current == UInt8(ascii: "\r") {
                guard format.triple else { return .init(line: startLine, message: "unterminated f-string literal") }
                skipNewline()
                continue
            }
            if current == UInt8(ascii: "{") {
                if byte(1) == UInt8(ascii: "{") && !inSpec {
                    position += 2
                    continue
                }
                // An expression: read as code until its `}` at this bracket depth.
                guard brackets.count < Tokenizer.maximumNesting else {
                    return .init(line: line, message: "too many nested parentheses")
                }
                position += 1
                formats[formats.count - 1].expressionDepth = brackets.count
                return nil
            }
            if current == UInt8(ascii: "}") {
                if inSpec {
                    // The spec's `}` closes the field: back to the literal part.
                    position += 1
                    return readFormatLiteral(startLine: startLine)
                }
                position += byte(1) == UInt8(ascii: "}") ? 2 : 1
                continue
            }
            if current == format.quote && (!format.triple || (byte(1) == format.quote && byte(2) == format.quote)) {
                position += format.triple ? 3 : 1
                formats.removeLast()
                return nil
            }
            position += 1
        }
        return .init(line: startLine, message: "unterminated f-string literal")
    }
}
