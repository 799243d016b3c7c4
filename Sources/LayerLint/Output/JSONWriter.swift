/// Writes JSON text straight into a byte buffer, one token at a time.
///
/// Reports with tens of thousands of records are streamed through this writer rather than
/// built as a `JSONValue` tree first. Output is indented by two spaces, and object keys
/// must be written in sorted order (checked in debug builds), so that streamed and
/// tree-built documents are byte-for-byte the same.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []

    private struct Container {
        var isObject: Bool
        var count = 0
        #if DEBUG
            var lastKey: String?
        #endif
    }
    private var stack: [Container] = []
    /// Set after `key(_:)`: the next value follows on the same line.
    private var afterKey = false

    /// - Parameter capacity: bytes to reserve, for callers that know roughly how much they write.
    public init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() {
        prepareForValue()
        bytes.append(UInt8(ascii: "{"))
        stack.append(Container(isObject: true))
    }

    public mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        prepareForValue()
        bytes.append(UInt8(ascii: "["))
        stack.append(Container(isObject: false))
    }

    public mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// Starts a member with a key computed at run time (members of a `JSONValue` object).
    private mutating func dynamicKey(_ name: String) {
        beginMember(name)
        writeString(name)
        bytes.append(contentsOf: Self.keySeparator)
        afterKey = true
    }

    /// Starts a member of the current object; keys must come in ascending order.
    ///
    /// Keys are literals, copied without scanning; keys computed at run time go through
    /// `value(.object(...))`.
    public mutating func key(_ name: StaticString) {
        #if DEBUG
            beginMember(name.description)
            assert(!name.description.utf8.contains(where: Self.needsEscaping), "a literal key that needs escaping")
        #else
            beginMember("")
        #endif
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: Self.keySeparator)
        afterKey = true
    }

    private static let keySeparator: [UInt8] = [UInt8(ascii: ":"), UInt8(ascii: " ")]

    private mutating func beginMember(_ name: String) {
        guard let top = stack.indices.last else { return }
        assert(stack[top].isObject, "a key outside an object")
        #if DEBUG
            assert(
                stack[top].lastKey.map { $0 < name } ?? true,
                "JSON keys out of order: \(name) after \(stack[top].lastKey ?? "")")
            stack[top].lastKey = name
        #endif
        if stack[top].count > 0 { bytes.append(UInt8(ascii: ",")) }
        stack[top].count += 1
        newline()
    }

    public mutating func string(_ value: String) {
        prepareForValue()
        writeString(value)
    }

    public mutating func unsigned(_ value: UInt64) {
        prepareForValue()
        append(String(value))
    }

    public mutating func integer(_ value: Int64) {
        prepareForValue()
        append(String(value))
    }

    public mutating func bool(_ value: Bool) {
        prepareForValue()
        append(value ? "true" : "false")
    }

    public mutating func null() {
        prepareForValue()
        append("null")
    }

    /// Writes a whole value, nested containers included.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let value): bool(value)
        case .integer(let value): integer(value)
        case .unsigned(let value): unsigned(value)
        case .string(let value): string(value)
        case .array(let values):
            beginArray()
            for element in values { self.value(element) }
            endArray()
        case .object(let object):
            beginObject()
            for member in object.members {
                dynamicKey(member.key)
                self.value(member.value)
            }
            endObject()
        }
    }

    /// Convenience: a key and its value.
    public mutating func member(_ name: StaticString, _ value: JSONValue) {
        key(name)
        self.value(value)
    }

    // MARK: Layout

    private mutating func prepareForValue() {
        if afterKey {
            afterKey = false
            return
        }
        guard let top = stack.indices.last else { return }
        assert(!stack[top].isObject, "a value in an object needs a key first")
        if stack[top].count > 0 { bytes.append(UInt8(ascii: ",")) }
        stack[top].count += 1
        newline()
    }

    private mutating func close(_ bracket: UInt8) {
        guard let container = stack.popLast() else { return }
        if container.count > 0 { newline() }
        bytes.append(bracket)
    }

    /// A newline followed by enough spaces for any depth a report reaches.
    private static let indentation: [UInt8] = [UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: 64)

    private mutating func newline() {
        let width = 1 + 2 * stack.count
        if width <= Self.indentation.count {
            Self.indentation.withUnsafeBufferPointer { bytes.append(contentsOf: $0[0..<width]) }
        } else {
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - 1))
        }
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F
    }

    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        defer { bytes.append(UInt8(ascii: "\"")) }
        var value = value
        let copied = value.withUTF8 { utf8 -> Bool in
            guard !utf8.contains(where: Self.needsEscaping) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied { return }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            case UInt8(ascii: "\r"): append("\\r")
            case UInt8(ascii: "\t"): append("\\t")
            case 0..<0x20, 0x7F:
                let digits = String(byte, radix: 16)
                append("\\u" + String(repeating: "0", count: 4 - digits.count) + digits)
            default:
                // Bytes of multi-byte UTF-8 sequences are all >= 0x80 and pass through unchanged.
                bytes.append(byte)
            }
        }
    }
}
