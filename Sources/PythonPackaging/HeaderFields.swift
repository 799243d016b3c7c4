/// The email-header format of `METADATA`, `PKG-INFO` and `WHEEL` files.
///
/// Fields run until the first empty line (or the first line that is not a field), after
/// which comes the body. A line starting with white space continues the field above it.
/// Names are case-insensitive and may repeat (`Requires-Dist`, `Tag`).
public struct HeaderFields: Sendable {
    /// The fields in file order, names as written.
    public let fields: [(name: String, value: String)]
    /// Everything after the fields and the empty line that ends them (the long description
    /// of metadata 2.1+), as written, or `""`.
    public let body: Substring
    /// Each field's name lowercased, for case-insensitive lookups.
    private let keys: [String]

    public init(_ text: String) {
        var fields: [(name: String, value: String)] = []
        var keys: [String] = []
        // Lines are read one at a time and only up to the end of the header: a long
        // description can be most of the file. Bytes, not Characters: "\r\n" is one Character,
        // and every byte the format gives meaning to is ASCII, which never occurs inside
        // the UTF-8 of another scalar, so every index found is a scalar boundary.
        let bytes = text.utf8
        var lineStart = bytes.startIndex
        var bodyStart = bytes.endIndex
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let next = lineEnd == bytes.endIndex ? lineEnd : bytes.index(after: lineEnd)
            var line = bytes[lineStart..<lineEnd]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard let first = line.first else {
                bodyStart = next
                break
            }
            if isBlank(first) {
                // A continuation: unfold it into the previous field, keeping one space.
                guard !fields.isEmpty else {
                    bodyStart = lineStart
                    break
                }
                let continued = line.drop(while: isBlank)
                fields[fields.count - 1].value += " " + Substring(continued)
                lineStart = next
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon != line.startIndex,
                !line[..<colon].contains(where: isBlank)
            else {
                bodyStart = lineStart
                break
            }
            let value = line[line.index(after: colon)...].drop(while: isBlank)
            fields.append((String(Substring(line[..<colon])), String(Substring(value))))
            keys.append(Self.lowercased(line[..<colon]))
            lineStart = next
        }
        self.fields = fields
        self.keys = keys
        self.body = Substring(bytes[bodyStart...])
    }

    /// Every value of the field `name`, in order.
    public func values(_ name: String) -> [String] {
        let wanted = Self.lowercased(Substring(name).utf8)
        return keys.indices.filter { keys[$0] == wanted }.map { fields[$0].value.trimmingTrailingWhitespace() }
    }

    /// A field name lowercased as Python's `str.lower()` does; ASCII names (all real ones)
    /// without the Unicode tables.
    static func lowercased(_ name: Substring.UTF8View) -> String {
        guard name.allSatisfy({ $0 < 0x80 }) else { return Substring(name).lowercased() }
        return String(unsafeUninitializedCapacity: name.count) { buffer in
            for (index, byte) in name.enumerated() { buffer[index] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
            return name.count
        }
    }

    /// The first value of `name`, or `nil`.
    public func value(_ name: String) -> String? {
        values(name).first
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        guard let last = unicodeScalars.last, PythonText.isWhitespace(last) else { return self }
        var scalars = Substring(self).unicodeScalars[...]
        while let last = scalars.last, PythonText.isWhitespace(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
