/// A JSON document built in memory and written with sorted keys.
///
/// layerlint writes its own JSON rather than going through `JSONEncoder` for two reasons:
/// output must be byte-for-byte stable (sorted keys, fixed number formatting, no
/// timestamps) and listing tens of thousands of entries must stay cheap.
indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// `.string` for a value, `.null` for `nil`.
    package static func optional(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// Serializes with keys sorted, indented by two spaces, ending without a newline.
    package func serialized() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// The UTF-8 bytes of `serialized()`, without building a `String`.
    package func serializedBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.value(self)
        return writer.takeBytes()
    }
}

/// The members of a JSON object, kept sorted by key so that output is stable.
///
/// A sorted list rather than a dictionary: objects are small, built once and written once,
/// and a list needs neither hashing nor a sort of the keys on every write.
struct JSONObject: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    package private(set) var members: [(key: String, value: JSONValue)]

    /// Members from key-value pairs; when a key repeats, the last value wins.
    package init(_ pairs: [(String, JSONValue)]) {
        // Sorting by (key, position) keeps repeated keys in the order given; keep the last of each.
        let ordered = pairs.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
        members = []
        members.reserveCapacity(ordered.count)
        for (position, item) in ordered.enumerated()
        where position + 1 == ordered.count || ordered[position + 1].element.0 != item.element.0 {
            members.append((key: item.element.0, value: item.element.1))
        }
    }

    package init(_ dictionary: [String: JSONValue]) {
        self.init(dictionary.map { ($0.key, $0.value) })
    }

    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    package subscript(key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    package var keys: [String] { members.map(\.key) }

    package var isEmpty: Bool { members.isEmpty }

    package static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
