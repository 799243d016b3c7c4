/// A JSON document built in memory and written with sorted keys.
///
/// layerlint writes its own JSON rather than going through `JSONEncoder` for two reasons:
/// output must be byte-for-byte stable (sorted keys, fixed number formatting, no
/// timestamps) and listing tens of thousands of entries must stay cheap.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// `.string` for a value, `.null` for `nil`.
    public static func optional(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// Serializes with keys sorted, indented by two spaces, ending without a newline.
    public func serialized() -> String {
        var output = ""
        write(into: &output, indent: 0)
        return output
    }

    private func write(into output: inout String, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .unsigned(let value): output += String(value)
        case .string(let value): JSONValue.writeString(value, into: &output)
        case .array(let values):
            guard !values.isEmpty else {
                output += "[]"
                return
            }
            output += "[\n"
            for (position, value) in values.enumerated() {
                output += String(repeating: " ", count: indent + 2)
                value.write(into: &output, indent: indent + 2)
                output += position == values.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}"
                return
            }
            output += "{\n"
            let keys = members.keys.sorted()
            for (position, key) in keys.enumerated() {
                output += String(repeating: " ", count: indent + 2)
                JSONValue.writeString(key, into: &output)
                output += ": "
                members[key]?.write(into: &output, indent: indent + 2)
                output += position == keys.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: " ", count: indent) + "}"
        }
    }

    private static func writeString(_ value: String, into output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let digits = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
