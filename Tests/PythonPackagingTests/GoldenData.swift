import Foundation
import TestSupport

/// Loads a golden file written by Fixtures/golden/make_golden.py.
enum GoldenData {
    struct File<Cases: Decodable>: Decodable {
        struct Generator: Decodable {
            let packaging: String
        }
        let generator: Generator
        let cases: Cases
    }

    static func load<Cases: Decodable>(_ name: String, as type: Cases.Type) -> Cases {
        do {
            let data = try Data(contentsOf: FixturePaths.golden(name))
            return try JSONDecoder().decode(File<Cases>.self, from: data).cases
        } catch {
            fatalError("Fixtures/golden/\(name) is unreadable: \(error)")
        }
    }
}

/// One JSON scalar in golden data, where a list mixes kinds (`["a", 1]`, `[version, null, true]`)
/// or a result is either a boolean or an exception name.
enum GoldenScalar: Decodable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Int64)
    case text(String)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return String(value)
        case .number(let value): return String(value)
        case .text(let value): return value
        }
    }
}
