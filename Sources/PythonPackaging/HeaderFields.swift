/// The email-header format of `METADATA`, `PKG-INFO` and `WHEEL` files.
///
/// Fields run until the first empty line (or the first line that is not a field), after
/// which comes the body. A line starting with white space continues the field above it.
/// Names are case-insensitive and may repeat (`Requires-Dist`, `Tag`).
public struct HeaderFields: Sendable {
    /// The fields in file order, names as written.
    public let fields: [(name: String, value: String)]
    /// Everything after the fields (the long description of metadata 2.1+), or `""`.
    public let body: String

    public init(_ text: String) {
        var fields: [(name: String, value: String)] = []
        // Split on scalars: in Swift "\r\n" is one Character, so splitting Characters on "\n" misses it.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            Substring(String(String.UnicodeScalarView(line.last == "\r" ? line.dropLast() : line)))
        }[...]
        while let line = lines.first {
            if line.isEmpty {
                lines.removeFirst()
                break
            }
            if let first = line.unicodeScalars.first, first == " " || first == "\t" {
                // A continuation: unfold it into the previous field, keeping one space.
                guard !fields.isEmpty else { break }
                let continued = line.drop { $0 == " " || $0 == "\t" }
                fields[fields.count - 1].value += " " + continued
                lines.removeFirst()
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                !line[..<colon].contains(where: { $0 == " " || $0 == "\t" })
            else { break }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            fields.append((String(line[..<colon]), String(value)))
            lines.removeFirst()
        }
        self.fields = fields
        self.body = lines.joined(separator: "\n")
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
