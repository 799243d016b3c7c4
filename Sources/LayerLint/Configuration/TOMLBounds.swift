import ImageModel

/// A linear pass over a configuration's text before the TOML parser sees it, refusing what
/// the parser would crash on or misread: a dotted key or table header of thousands of parts
/// (the parser recurses once per part and overflows the stack), brackets nested thousands
/// deep, a bare key of megabytes, and NUL bytes (the parser reads C strings: text after a
/// NUL would silently vanish, and a file of NULs would read as empty).
///
/// It also refuses what the parser (toml++ 3, inside TOMLKit) aborts the process on, with an
/// assertion, instead of reporting: a table header that does not begin with a key
/// (`[= "x"`, `[#]`, `[.a]`) and a closing bracket of the wrong kind (`a = [1, }`). Both
/// were found by scripts/fuzz-configuration.
///
/// Strings (basic, literal, and their multi-line forms) and comments are skipped, so dots
/// and brackets inside values never count.
enum TOMLBounds {
    /// Parts of one dotted key or header (`a.b.c` has 3); real ones have a handful.
    static let keyParts = 64
    /// Nesting of arrays and inline tables.
    static let nesting = 64
    /// Bytes of one bare key part.
    static let keyBytes = 1_024

    /// The first line that crosses a bound, and what is wrong with it; nil when none does.
    static func violation(in text: String) -> (line: Int, detail: String)? {
        enum State { case normal, comment, basic, literal, multilineBasic, multilineLiteral }
        let bytes = Array(text.utf8)
        var state = State.normal
        var line = 1
        var parts = 1
        var keyLength = 0
        // The arrays, inline tables and table headers open here, innermost last.
        var open: [UInt8] = []
        var index = 0
        // Only blanks so far on this line, outside any array or inline table: a `[` here
        // opens a table header.
        var lineStart = true
        func starts(_ quote: UInt8, at position: Int) -> Bool {
            position + 2 < bytes.count && bytes[position] == quote && bytes[position + 1] == quote
                && bytes[position + 2] == quote
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0 { return (line, "it holds a NUL byte, which TOML text never does") }
            if byte == UInt8(ascii: "\n") { line += 1 }
            if state == .normal && lineStart && open.isEmpty && byte == UInt8(ascii: "[") {
                var next = index + 1
                if next < bytes.count && bytes[next] == UInt8(ascii: "[") { next += 1 }
                while next < bytes.count && (bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t")) {
                    next += 1
                }
                guard next < bytes.count, isKeyStart(bytes[next]) || bytes[next] == UInt8(ascii: "]") else {
                    return (line, "a table header must begin with a key: a bare name or a quoted string")
                }
            }
            if byte == UInt8(ascii: "\n") {
                lineStart = true
            } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\r") {
                lineStart = false
            }
            switch state {
            case .comment:
                if byte == UInt8(ascii: "\n") { state = .normal }
            case .basic:
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") {
                    state = .normal
                }
            case .literal:
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\n") { state = .normal }
            case .multilineBasic:
                if byte == UInt8(ascii: "\\") {
                    // An escaped newline still counts as a line.
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") { line += 1 }
                    index += 1
                } else if starts(UInt8(ascii: "\""), at: index) {
                    state = .normal
                    index += 2
                }
            case .multilineLiteral:
                if starts(UInt8(ascii: "'"), at: index) {
                    state = .normal
                    index += 2
                }
            case .normal:
                switch byte {
                case UInt8(ascii: "#"): state = .comment
                case UInt8(ascii: "\""):
                    if starts(byte, at: index) {
                        state = .multilineBasic
                        index += 2
                    } else {
                        state = .basic
                    }
                case UInt8(ascii: "'"):
                    if starts(byte, at: index) {
                        state = .multilineLiteral
                        index += 2
                    } else {
                        state = .literal
                    }
                case UInt8(ascii: "."):
                    parts += 1
                    keyLength = 0
                    if parts > keyParts { return (line, "a dotted key or header of more than \(keyParts) parts") }
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    open.append(byte)
                    keyLength = 0
                    if open.count > nesting { return (line, "arrays or inline tables nested more than \(nesting) deep") }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    let opener = byte == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "{")
                    guard open.last == opener else {
                        return (
                            line,
                            byte == UInt8(ascii: "]")
                                ? "a ']' where no array or table header is open"
                                : "a '}' where no inline table is open")
                    }
                    open.removeLast()
                    (parts, keyLength) = (1, 0)
                case UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: "\n"):
                    (parts, keyLength) = (1, 0)
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                    break
                default:
                    keyLength += 1
                    if keyLength > keyBytes { return (line, "a key or value of more than \(keyBytes) bytes outside quotes") }
                }
            }
            index += 1
        }
        return nil
    }

    /// A byte that may begin a TOML key: a bare key's letters, digits, `_` and `-`, or a quote.
    private static func isKeyStart(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
