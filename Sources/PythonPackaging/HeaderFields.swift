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

    public init(_ text: String) {
        var fields: [(name: String, value: String)] = []
        let scalars = text.unicodeScalars
        var lineStart = scalars.startIndex
        var bodyStart = scalars.endIndex
        // Lines are read one at a time and only up to the end of the header: a long
        // description can be most of the file. Scalars, not Characters: "\r\n" is one Character.
        while lineStart < scalars.endIndex {
            let lineEnd = scalars[lineStart...].firstIndex(of: "\n") ?? scalars.endIndex
            let next = lineEnd == scalars.endIndex ? lineEnd : scalars.index(after: lineEnd)
            var scalarLine = scalars[lineStart..<lineEnd]
            if scalarLine.last == "\r" { scalarLine = scalarLine.dropLast() }
            let line = Substring(scalarLine)
            if line.isEmpty {
                bodyStart = next
                break
            }
            if let first = line.unicodeScalars.first, first == " " || first == "\t" {
                // A continuation: unfold it into the previous field, keeping one space.
                guard !fields.isEmpty else {
                    bodyStart = lineStart
                    break
                }
                let continued = line.drop { $0 == " " || $0 == "\t" }
                fields[fields.count - 1].value += " " + continued
                lineStart = next
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                !line[..<colon].contains(where: { $0 == " " || $0 == "\t" })
            else {
                bodyStart = lineStart
                break
            }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            fields.append((String(line[..<colon]), String(value)))
            lineStart = next
        }
        self.fields = fields
        self.body = Substring(scalars[bodyStart...])
    }

    /// Every value of the field `name`, in order.
    public func values(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return fields.filter { $0.name.lowercased() == wanted }.map { $0.value.trimmingTrailingWhitespace() }
    }

    /// The first value of `name`, or `nil`.
    public func value(_ name: String) -> String? {
        values(name).first
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let last = scalars.last, PythonText.isWhitespace(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
