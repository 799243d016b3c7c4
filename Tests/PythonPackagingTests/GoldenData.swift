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

/// A JSON value that is either absent, `true`/`false`, or a string (marker results that
/// are an exception name).
enum BoolOrString: Decodable, Equatable, CustomStringConvertible {
    case bool(Bool)
    case string(String)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    var description: String {
        switch self {
        case .bool(let value): return String(value)
        case .string(let value): return value
        }
    }
}
