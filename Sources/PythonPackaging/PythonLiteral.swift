/// Decoding of the quoted strings in markers, which `packaging` evaluates as Python literals.
enum PythonLiteral {
    /// The value of a single- or double-quoted Python string literal (quotes included),
    /// or `nil` where Python would raise `SyntaxError`.
    ///
    /// Handles the escapes a marker could plausibly hold: `\\`, `\'`, `\"`, `\a \b \f \n \r
    /// \t \v`, octal, `\xhh`, `\uhhhh`, `\Uhhhhhhhh` and a backslash-newline continuation.
    /// Unknown escapes keep their backslash, as Python does. `\N{name}` is not supported and
    /// counts as invalid.
    static func unquote(_ literal: String) -> String? {
        // Nearly every literal (`'socks'`, `"win32"`) has neither escapes nor newlines: its
        // value is the text between the quotes, cut from the bytes (the quotes are ASCII).
        let utf8 = literal.utf8
        if utf8.count >= 2, let first = utf8.first, first == UInt8(ascii: "'") || first == UInt8(ascii: "\""),
            utf8.last == first, !utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\n") })
        {
            return String(Substring(utf8.dropFirst().dropLast()))
        }
        let scalars = Array(literal.unicodeScalars)
        guard scalars.count >= 2, let quote = scalars.first, scalars.last == quote else { return nil }
        let body = scalars[1..<(scalars.count - 1)]
        if body.contains("\n") && !body.contains("\\") { return nil }
        guard body.contains("\\") else { return String(String.UnicodeScalarView(body)) }

        var result = String.UnicodeScalarView()
        var index = body.startIndex
        func hexValue(_ count: Int) -> UInt32? {
            guard index + count <= body.endIndex else { return nil }
            var value: UInt32 = 0
            for scalar in body[index..<(index + count)] {
                guard let digit = scalar.properties.numericType == nil ? hexLetter(scalar) : decimal(scalar) else {
                    return nil
                }
                value = value * 16 + digit
            }
            index += count
            return value
        }
        while index < body.endIndex {
            let scalar = body[index]
            index += 1
            if scalar == "\n" { return nil }  // an unescaped newline ends a one-line string
            guard scalar == "\\" else {
                result.append(scalar)
                continue
            }
            guard index < body.endIndex else { return nil }  // a trailing backslash escapes the quote
            let escape = body[index]
            index += 1
            switch escape {
            case "\n": break
            case "\\", "'", "\"": result.append(escape)
            case "a": result.append("\u{07}")
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "n": result.append("\n")
            case "r": result.append("\r")
            case "t": result.append("\t")
            case "v": result.append("\u{0B}")
            case "0"..."7":
                var value = escape.value - 48
                var digits = 1
                while digits < 3, index < body.endIndex, ("0"..."7").contains(body[index]) {
                    value = value * 8 + body[index].value - 48
                    index += 1
                    digits += 1
                }
                guard let decoded = Unicode.Scalar(value) else { return nil }
                result.append(decoded)
            case "x", "u", "U":
                let width = escape == "x" ? 2 : (escape == "u" ? 4 : 8)
                guard let value = hexValue(width), let decoded = Unicode.Scalar(value) else { return nil }
                result.append(decoded)
            case "N":
                return nil
            default:
                result.append("\\")
                result.append(escape)
            }
        }
        return String(result)
    }

    private static func decimal(_ scalar: Unicode.Scalar) -> UInt32? {
        ("0"..."9").contains(scalar) ? scalar.value - 48 : nil
    }

    private static func hexLetter(_ scalar: Unicode.Scalar) -> UInt32? {
        if ("a"..."f").contains(scalar) { return scalar.value - 87 }
        if ("A"..."F").contains(scalar) { return scalar.value - 55 }
        return nil
    }
}
