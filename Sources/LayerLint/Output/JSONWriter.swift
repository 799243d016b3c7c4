/// Writes JSON text straight into a byte buffer, one token at a time.
///
/// Reports with tens of thousands of records are streamed through this writer rather than
/// built as a `JSONValue` tree first. Output is indented by two spaces, and object keys
/// must be written in sorted order (checked in debug builds), so that streamed and
/// tree-built documents are byte-for-byte the same.
struct JSONWriter {
    /// A copy of the text written so far.
    package var bytes: [UInt8] { buffer.copy() }

    /// The text written, handed over without a copy; the writer is empty afterwards.
    package mutating func takeBytes() -> [UInt8] {
        buffer.take()
    }

    /// Hands what is written so far on to `stream` once it is at least a piece long (or
    /// whatever there is, with `force`), so that a long report is not held whole.
    mutating func drain(into stream: ReportStream, force: Bool = false) {
        guard force ? buffer.count > 0 : buffer.count >= ReportStream.pieceSize else { return }
        stream.write(buffer.take())
    }

    /// The growing text, written in place into room made ahead (see `OutputBuffer`): an
    /// inspect report writes a dozen small tokens per entry, and `Array.append` checks cost
    /// more than the copying.
    private var buffer: OutputBuffer

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
    package init(reservingCapacity capacity: Int = 0) {
        buffer = OutputBuffer(capacity: capacity)
    }

    package mutating func beginObject() {
        prepareForValue()
        buffer.append(UInt8(ascii: "{"))
        stack.append(Container(isObject: true))
    }

    package mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    package mutating func beginArray() {
        prepareForValue()
        buffer.append(UInt8(ascii: "["))
        stack.append(Container(isObject: false))
    }

    package mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// Starts a member with a key computed at run time (members of a `JSONValue` object).
    private mutating func dynamicKey(_ name: String) {
        beginMember(name)
        writeString(name)
        append(": ")
        afterKey = true
    }

    /// Starts a member of the current object; keys must come in ascending order.
    ///
    /// Keys are literals, copied without scanning; keys computed at run time go through
    /// `value(.object(...))`.
    package mutating func key(_ name: StaticString) {
        #if DEBUG
            beginMember(name.description)
            assert(!name.description.utf8.contains(where: Self.needsEscaping), "a literal key that needs escaping")
        #else
            beginMember("")
        #endif
        buffer.append(UInt8(ascii: "\""))
        buffer.append(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        buffer.append(UInt8(ascii: "\""))
        append(": ")
        afterKey = true
    }

    private mutating func beginMember(_ name: String) {
        guard let top = stack.indices.last else { return }
        assert(stack[top].isObject, "a key outside an object")
        #if DEBUG
            assert(
                stack[top].lastKey.map { $0 < name } ?? true,
                "JSON keys out of order: \(name) after \(stack[top].lastKey ?? "")")
            stack[top].lastKey = name
        #endif
        if stack[top].count > 0 { buffer.append(UInt8(ascii: ",")) }
        stack[top].count += 1
        newline()
    }

    package mutating func string(_ value: String) {
        prepareForValue()
        writeString(value)
    }

    package mutating func unsigned(_ value: UInt64) {
        prepareForValue()
        appendDecimal(value)
    }

    package mutating func integer(_ value: Int64) {
        prepareForValue()
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        appendDecimal(value.magnitude)
    }

    /// The digits of `value`, written in place.
    private mutating func appendDecimal(_ value: UInt64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for the 20 digits of UInt64.max
        withUnsafeMutableBytes(of: &digits) { scratch in
            var remaining = value
            var start = scratch.count
            repeat {
                start -= 1
                scratch[start] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            } while remaining > 0
            buffer.append(UnsafeBufferPointer(rebasing: scratch.bindMemory(to: UInt8.self)[start...]))
        }
    }

    package mutating func bool(_ value: Bool) {
        prepareForValue()
        append(value ? "true" : "false")
    }

    package mutating func null() {
        prepareForValue()
        append("null")
    }

    /// Writes a whole value, nested containers included.
    package mutating func value(_ value: JSONValue) {
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
    package mutating func member(_ name: StaticString, _ value: JSONValue) {
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
        if stack[top].count > 0 { buffer.append(UInt8(ascii: ",")) }
        stack[top].count += 1
        newline()
    }

    private mutating func close(_ bracket: UInt8) {
        guard let container = stack.popLast() else { return }
        if container.count > 0 { newline() }
        buffer.append(bracket)
    }

    private mutating func newline() {
        buffer.append(UInt8(ascii: "\n"))
        buffer.append(repeating: UInt8(ascii: " "), count: 2 * stack.count)
    }

    private mutating func append(_ text: StaticString) {
        buffer.append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F
    }

    private mutating func writeString(_ value: String) {
        buffer.append(UInt8(ascii: "\""))
        defer { buffer.append(UInt8(ascii: "\"")) }
        var value = value
        let copied = value.withUTF8 { utf8 -> Bool in
            guard !utf8.contains(where: Self.needsEscaping) else { return false }
            buffer.append(utf8)
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
                let hex: StaticString = "0123456789abcdef"
                append("\\u00")
                buffer.append(hex.utf8Start[Int(byte >> 4)])
                buffer.append(hex.utf8Start[Int(byte & 0x0F)])
            default:
                // Bytes of multi-byte UTF-8 sequences are all >= 0x80 and pass through unchanged.
                buffer.append(byte)
            }
        }
    }
}

/// The writer's growing text: an array of zeros written in place, doubled when full, and
/// cut to what was written when it is taken (so the finished text is never copied). A value,
/// like the writer: copies of a writer share the array until one of them writes.
private struct OutputBuffer {
    /// Bytes past `count` are zeros not written yet.
    private var storage: [UInt8]
    private(set) var count = 0

    init(capacity: Int) {
        storage = [UInt8](repeating: 0, count: max(capacity, 256))
    }

    mutating func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        let start = count
        storage.withUnsafeMutableBufferPointer { target in
            target.baseAddress.map { ($0 + start).update(from: source, count: bytes.count) }
        }
        count += bytes.count
    }

    mutating func append(repeating byte: UInt8, count extra: Int) {
        reserve(extra)
        let start = count
        storage.withUnsafeMutableBufferPointer { target in
            target.baseAddress.map { ($0 + start).update(repeating: byte, count: extra) }
        }
        count += extra
    }

    func copy() -> [UInt8] { Array(storage[..<count]) }

    mutating func take() -> [UInt8] {
        storage.removeLast(storage.count - count)
        defer {
            storage = []
            count = 0
        }
        return storage
    }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > storage.count else { return }
        storage.append(contentsOf: repeatElement(0, count: max(storage.count, count + extra - storage.count)))
    }
}
