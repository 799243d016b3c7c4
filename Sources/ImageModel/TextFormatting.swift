/// Small helpers for human-readable output.
package enum TextFormatting {
    /// Makes a name from an archive safe to print on a terminal.
    ///
    /// Archive names are attacker-controlled: an escape sequence in a name could rewrite
    /// the screen or hide a finding. Control characters become visible escapes.
    package static func escaped(_ text: String) -> String {
        // Printable ASCII without backslashes (nearly every name) needs no work.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                let digits = String(scalar.value, radix: 16)
                result += "\\x" + String(repeating: "0", count: max(0, 2 - digits.count)) + digits
            case _ where scalar.properties.generalCategory == .format:
                // Bidirectional overrides and zero-width characters can disguise a name.
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` broken at spaces into lines of at most `width` characters (a word longer than
    /// that stands on its own line), every line after the first starting with `indent`
    /// spaces. Without a width, or one too narrow to leave 20 characters after the indent,
    /// the text stays on one line.
    package static func wrapped(_ text: String, width: Int?, indent: Int, firstLineUsed: Int = 0) -> String {
        guard let width, width - indent >= 20 else { return text }
        var lines: [String] = []
        var line = ""
        var used = firstLineUsed
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, used + 1 + word.count > width {
                lines.append(line)
                line = String(repeating: " ", count: indent) + word
                used = indent + word.count
            } else {
                if !line.isEmpty || used > firstLineUsed {
                    line += " "
                    used += 1
                }
                line += word
                used += word.count
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// The permission bits of a Unix mode as four octal digits (`0644`), as `ls` and `chmod` write them.
    package static func octalMode(_ mode: UInt16) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// `1234567` as `1,234,567`.
    package static func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var result = ""
        for (position, digit) in digits.enumerated() {
            if position > 0 && (digits.count - position) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return result
    }

    /// `count` followed by `singular`, or by `plural` (default: `singular` + "s") when it is not 1.
    package static func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(grouped(UInt64(max(count, 0)))) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    package static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    package static func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
