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
        var text = text
        text.makeContiguousUTF8()
        var fields: [(name: String, value: String)] = []
        var keys: [String] = []
        // Lines are read one at a time and only up to the end of the header: a long
        // description can be most of the file. Bytes, not Characters: "\r\n" is one Character,
        // and every byte the format gives meaning to is ASCII, which never occurs inside
        // the UTF-8 of another scalar, so every offset found is a scalar boundary.
        let bodyOffset = text.utf8.withContiguousStorageIfAvailable { bytes -> Int in
            func string(_ start: Int, _ end: Int) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                let next = lineEnd == bytes.count ? lineEnd : lineEnd + 1
                if lineEnd > lineStart && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                guard lineEnd > lineStart else { return next }
                if isBlank(bytes[lineStart]) {
                    // A continuation: unfold it into the previous field, keeping one space.
                    guard !fields.isEmpty else { return lineStart }
                    var start = lineStart
                    while start < lineEnd && isBlank(bytes[start]) { start += 1 }
                    fields[fields.count - 1].value += " " + string(start, lineEnd)
                    lineStart = next
                    continue
                }
                var colon = lineStart
                while colon < lineEnd && bytes[colon] != UInt8(ascii: ":") && !isBlank(bytes[colon]) { colon += 1 }
                guard colon < lineEnd, colon > lineStart, bytes[colon] == UInt8(ascii: ":") else { return lineStart }
                var valueStart = colon + 1
                while valueStart < lineEnd && isBlank(bytes[valueStart]) { valueStart += 1 }
                fields.append((string(lineStart, colon), string(valueStart, lineEnd)))
                keys.append(Self.lowercased(UnsafeBufferPointer(rebasing: bytes[lineStart..<colon])))
                lineStart = next
            }
            return bytes.count
        }
        self.fields = fields
        self.keys = keys
        let utf8 = text.utf8
        self.body = Substring(utf8[utf8.index(utf8.startIndex, offsetBy: bodyOffset ?? utf8.count)...])
    }

    /// Every value of the field `name`, in order.
    public func values(_ name: String) -> [String] {
        var name = name
        let wanted = name.withUTF8(Self.lowercased)
        return keys.indices.filter { keys[$0] == wanted }.map { fields[$0].value.trimmingTrailingWhitespace() }
    }

    /// A field name lowercased as Python's `str.lower()` does; ASCII names (all real ones)
    /// without the Unicode tables.
    static func lowercased(_ name: UnsafeBufferPointer<UInt8>) -> String {
        guard name.allSatisfy({ $0 < 0x80 }) else { return String(decoding: name, as: UTF8.self).lowercased() }
        return String(unsafeUninitializedCapacity: name.count) { buffer in
            for (index, byte) in name.enumerated() { buffer[index] = PythonText.lowercased(byte) }
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
