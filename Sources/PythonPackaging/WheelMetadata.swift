/// The `WHEEL` file of a `.dist-info` folder: how the wheel was built and for which platforms.
public struct WheelMetadata: Sendable {
    public let wheelVersion: String?
    public let generator: String?
    /// `Root-Is-Purelib`: `true` for pure-Python wheels.
    public let rootIsPurelib: Bool?
    public let build: String?
    /// Every `Tag:` line, expanded (`cp311-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64`
    /// gives two tags).
    public let tags: [WheelTag]
    /// `Tag:` lines that are not `interpreter-abi-platform`.
    public let invalidTags: [String]

    public init(_ text: String) {
        let header = HeaderFields(text)
        wheelVersion = header.value("Wheel-Version")
        generator = header.value("Generator")
        build = header.value("Build")
        switch header.value("Root-Is-Purelib")?.lowercased() {
        case "true": rootIsPurelib = true
        case "false": rootIsPurelib = false
        default: rootIsPurelib = nil
        }
        var tags: [WheelTag] = []
        var invalid: [String] = []
        for line in header.values("Tag") {
            if let expanded = try? WheelTag.parseSet(line) { tags += expanded } else { invalid.append(line) }
        }
        self.tags = tags
        self.invalidTags = invalid
    }
}

/// One row of a `RECORD` file: a path, its hash and its size.
///
/// The path and hash are slices of the RECORD text (which they keep alive) rather than
/// copies: a large layer's RECORD files list tens of thousands of rows.
public struct RecordEntry: Hashable, Sendable {
    public let path: Substring
    /// `sha256=<urlsafe base64>`, or `nil` (RECORD itself, `.pyc` files).
    public let hash: Substring?
    public let size: UInt64?
}

/// The `RECORD` file of a `.dist-info` folder: CSV as Python's `csv` module writes it.
public enum Record {
    /// Parses `RECORD`.
    ///
    /// - Throws: `RecordError.malformed` with the line number for a row that is not
    ///   `path,hash,size` (an unterminated quote, too few or too many fields, a size that is
    ///   not a number).
    public static func parse(_ text: String) throws(RecordError) -> [RecordEntry] {
        var text = text
        text.makeContiguousUTF8()
        if let entries = try parsePlain(text) { return entries }
        return try parseQuoted(text)
    }

    /// Any RECORD, through the CSV reader.
    static func parseQuoted(_ text: String) throws(RecordError) -> [RecordEntry] {
        var entries: [RecordEntry] = []
        var line = 0
        try CSV.forEachRow(in: text) { row throws(RecordError) in
            line += 1
            if row.count == 1 && row[0].isEmpty { return }  // blank line
            try entries.append(
                entry(
                    path: row[0], hash: row.dropFirst().first, size: row.dropFirst(2).first, fields: row.count,
                    line: line))
        }
        return entries
    }

    /// A RECORD with no quote and no carriage return outside a CRLF line ending, as pip and
    /// wheel write nearly all of them (Python's csv module ends lines with CRLF): each line
    /// is one row and each comma ends a field, so rows are cut straight from the bytes.
    /// Gives what `parseQuoted` gives for such text, and `nil` at the first quote or lone
    /// carriage return (rows before it are read alike by both, so an error found before it
    /// stands).
    static func parsePlain(_ text: String) throws(RecordError) -> [RecordEntry]? {
        let utf8 = text.utf8
        func slice(_ start: Int, _ end: Int) -> Substring {
            Substring(utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)])
        }
        var entries: [RecordEntry] = []
        var failure: RecordError?
        let plain: Bool? = utf8.withContiguousStorageIfAvailable { bytes in
            var line = 0
            var start = 0
            while start < bytes.count {
                line += 1
                var end = start
                // 2 when the line ends in CRLF, as Python's csv module writes RECORD.
                var terminator = 1
                var commas: (first: Int, second: Int, count: Int) = (-1, -1, 0)
                while end < bytes.count {
                    let byte = bytes[end]
                    // Every byte this loop looks for is at most ',': one test passes the rest.
                    if byte > UInt8(ascii: ",") {
                        end += 1
                        continue
                    }
                    if byte == UInt8(ascii: "\n") { break }
                    if byte == UInt8(ascii: ",") {
                        if commas.count == 0 { commas.first = end } else if commas.count == 1 { commas.second = end }
                        commas.count += 1
                    } else if byte == UInt8(ascii: "\r") && end + 1 < bytes.count
                        && bytes[end + 1] == UInt8(ascii: "\n")
                    {
                        terminator = 2
                        break
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r") {
                        return false
                    }
                    end += 1
                }
                defer { start = end + terminator }
                if end == start { continue }  // blank line
                let fields = commas.count + 1
                // The usual row (a path, a hash or none, a size in digits or none) is made here;
                // anything else goes through `entry`, which words the errors.
                if fields == 3, commas.first > start, end - commas.second - 1 <= 19,
                    let size = Self.digits(bytes, from: commas.second + 1, to: end)
                {
                    entries.append(
                        RecordEntry(
                            path: slice(start, commas.first),
                            hash: commas.second > commas.first + 1 ? slice(commas.first + 1, commas.second) : nil,
                            size: size.count > 0 ? size.value : nil))
                    continue
                }
                do throws(RecordError) {
                    try entries.append(
                        entry(
                            path: slice(start, fields > 1 ? commas.first : end),
                            hash: fields > 1 ? slice(commas.first + 1, fields > 2 ? commas.second : end) : nil,
                            size: fields == 3 ? slice(commas.second + 1, end) : nil, fields: fields, line: line))
                } catch {
                    failure = error
                    return true
                }
            }
            return true
        }
        if let failure { throw failure }
        return plain == true ? entries : nil
    }

    /// The decimal value of the ASCII digits in `bytes[start..<end]` (at most 19, which
    /// cannot overflow) and how many there were, or `nil` when another byte is there.
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int)
        -> (value: UInt64, count: Int)?
    {
        var value: UInt64 = 0
        for index in start..<end {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            value = value * 10 + UInt64(digit)
        }
        return (value, end - start)
    }

    /// One row's entry, or the reason it is malformed.
    private static func entry(path: Substring, hash: Substring?, size: Substring?, fields: Int, line: Int)
        throws(RecordError) -> RecordEntry
    {
        guard fields == 3, let hash, let sizeText = size, !path.isEmpty else {
            throw .malformed(line: line, reason: "expected path,hash,size but found \(fields) fields")
        }
        // Plain digits read directly; anything else (a sign, 20 digits) as `UInt64` reads it.
        let plainDigits =
            sizeText.utf8.withContiguousStorageIfAvailable { bytes in
                bytes.count <= 19 ? digits(bytes, from: 0, to: bytes.count)?.value : nil
            } ?? nil
        let size: UInt64?
        if sizeText.isEmpty {
            size = nil
        } else if let value = plainDigits ?? UInt64(sizeText) {
            size = value
        } else {
            throw .malformed(line: line, reason: "the size \"\(sizeText)\" is not a number")
        }
        return RecordEntry(path: path, hash: hash.isEmpty ? nil : hash, size: size)
    }
}

public enum RecordError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(line: Int, reason: String)

    public var description: String {
        switch self {
        case .malformed(let line, let reason): return "RECORD line \(line): \(reason)"
        }
    }
}

/// Comma-separated values in the dialect of Python's `csv` module (`excel`): fields may be
/// quoted with `"`, a doubled `""` is a quote, and quoted fields may hold commas and newlines.
enum CSV {
    /// Every row of `text`, as a list of fields, in order.
    static func rows(_ text: String) throws(RecordError) -> [[String]] {
        var rows: [[String]] = []
        try forEachRow(in: text) { row throws(RecordError) in rows.append(row.map(String.init)) }
        return rows
    }

    /// Calls `body` with each row of `text` in order; the array passed is reused between calls.
    /// Fields of plain lines are slices of `text`; quoted fields are unescaped copies.
    static func forEachRow(in text: String, _ body: ([Substring]) throws(RecordError) -> Void) throws(RecordError) {
        // Works on UTF-8 bytes: the syntax is ASCII, and no byte of a multi-byte character is.
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        var row: [Substring] = []
        var field: [UInt8] = []
        var quoted = false
        var quoteLine = 1
        var fieldStarted = false
        var line = 1
        var text = text
        text.makeContiguousUTF8()
        let utf8 = text.utf8
        /// The slice of `text` between two byte offsets (both at ASCII bytes, so scalar boundaries).
        func slice(_ start: Int, _ end: Int) -> Substring {
            Substring(utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)])
        }
        let failure: RecordError? = text.withUTF8 { bytes -> RecordError? in
            func emit() -> RecordError? {
                do throws(RecordError) {
                    try body(row)
                } catch {
                    return error
                }
                row.removeAll(keepingCapacity: true)
                return nil
            }
            var index = 0
            // The end of a line already found not to be plain, so that it is scanned once.
            var notPlainUntil = -1
            while index < bytes.count {
                // A row starts here: when its line has no quote and no carriage return (as
                // RECORD lines nearly always are), its fields are taken straight from the text.
                if row.isEmpty && !fieldStarted && index > notPlainUntil {
                    var end = index
                    var plain = true
                    while end < bytes.count && bytes[end] != newline {
                        if bytes[end] == quote || bytes[end] == carriageReturn { plain = false }
                        end += 1
                    }
                    if plain && end < bytes.count {
                        var start = index
                        for position in index...end where position == end || bytes[position] == comma {
                            row.append(slice(start, position))
                            start = position + 1
                        }
                        if let error = emit() { return error }
                        index = end + 1
                        line += 1
                        continue
                    }
                    notPlainUntil = end
                }
                let byte = bytes[index]
                index += 1
                if quoted {
                    if byte == quote {
                        if index < bytes.count && bytes[index] == quote {
                            field.append(quote)
                            index += 1
                        } else {
                            // The next byte, if any, is read again outside the quotes.
                            quoted = false
                        }
                    } else {
                        if byte == newline { line += 1 }
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case quote where !fieldStarted:
                    quoted = true
                    quoteLine = line
                    fieldStarted = true
                case comma:
                    row.append(Substring(String(decoding: field, as: UTF8.self)))
                    field.removeAll(keepingCapacity: true)
                    fieldStarted = false
                case carriageReturn:
                    continue
                case newline:
                    row.append(Substring(String(decoding: field, as: UTF8.self)))
                    field.removeAll(keepingCapacity: true)
                    fieldStarted = false
                    line += 1
                    if let error = emit() { return error }
                default:
                    field.append(byte)
                    fieldStarted = true
                }
            }
            return nil
        }
        if let failure { throw failure }
        if quoted { throw .malformed(line: quoteLine, reason: "a quoted field is not closed") }
        if fieldStarted || !row.isEmpty {
            row.append(Substring(String(decoding: field, as: UTF8.self)))
            try body(row)
        }
    }
}

/// `top_level.txt`: the import names a distribution installs, one per line.
public enum TopLevelNames {
    public static func parse(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { PythonText.stripped(String($0)) }
            .filter { !$0.isEmpty }
    }
}

/// `requires.txt` of an `.egg-info` folder: requirements in sections `[extra]`,
/// `[extra:marker]` or `[:marker]`, turned into the `Requires-Dist` lines they stand for.
public enum EggInfoRequires {
    /// Each requirement with the marker its section implies, as `Requires-Dist` text.
    public static func requiresDist(_ text: String) -> [String] {
        var extra: String?
        var sectionMarker: String?
        var lines: [String] = []
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = PythonText.stripped(String(raw))
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let section = String(line.dropFirst().dropLast())
                if let colon = section.firstIndex(of: ":") {
                    let name = PythonText.stripped(String(section[..<colon]))
                    extra = name.isEmpty ? nil : name
                    sectionMarker = PythonText.stripped(String(section[section.index(after: colon)...]))
                } else {
                    extra = section.isEmpty ? nil : PythonText.stripped(section)
                    sectionMarker = nil
                }
                continue
            }
            var conditions: [String] = []
            if let sectionMarker, !sectionMarker.isEmpty { conditions.append("(\(sectionMarker))") }
            if let extra { conditions.append("extra == \"\(extra)\"") }
            lines.append(conditions.isEmpty ? line : "\(line); " + conditions.joined(separator: " and "))
        }
        return lines
    }
}
