/// What a module's code may test at import time about the interpreter it runs on: the
/// Python version and the platform (`sys.version_info`, `sys.platform`, `os.name`,
/// `platform.system()`, `platform.machine()`, `sys.implementation.name`).
public struct PythonTarget: Equatable, Sendable {
    /// `[3, 12]`. The micro version is taken as a late patch release (Lambda updates them).
    public let version: [Int]
    /// `platform.machine()`: `x86_64` or `aarch64`.
    public let machine: String
    /// The environment variables the function is known to have (Lambda's own); any other
    /// that code reads at import time is taken as unset.
    public let environment: Set<String>

    public init(version: [Int], machine: String, environment: Set<String> = []) {
        self.version = version
        self.machine = machine
        self.environment = environment
    }

    /// `3.12` and `x86_64`; `nil` when the version is not `X.Y`.
    public init?(version: String, machine: String, environment: Set<String> = []) {
        let parts = version.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 2 else { return nil }
        self.init(version: parts, machine: machine, environment: environment)
    }

    var major: Int { version.first ?? 3 }
    var minor: Int { version.count > 1 ? version[1] : 0 }
    /// The micro version a comparison sees: larger than any written in a test.
    static let lateMicro = 99

    /// `sys.version_info` as a tuple: `(3, 12, 99, 'final', 0)`.
    var versionInfo: [PythonValue] {
        [.int(major), .int(minor), .int(Self.lateMicro), .string("final"), .int(0)]
    }

    /// A fact of a module the target's code may ask about (`sys.platform`), or `nil` when
    /// the module or the name is not one whose value is known before running.
    func attribute(_ name: String, ofModule module: String) -> PythonValue? {
        switch (module, name) {
        case ("sys", "version_info"): return .versionInfo
        case ("sys", "platform"): return .string("linux")
        case ("sys", "implementation"): return .module("sys.implementation")
        case ("sys.implementation", "name"): return .string("cpython")
        case ("sys", "maxsize"): return .int(Int.max)
        case ("sys", "byteorder"): return .string("little")
        case ("sys", "hexversion"): return .int(major << 24 | minor << 16 | Self.lateMicro << 8 | 0xF0)
        case ("os", "name"): return .string("posix")
        case ("os", "sep"): return .string("/")
        case ("os", "environ"): return .module("os.environ")
        case ("os", "getenv"), ("os.environ", "get"): return .function(module + "." + name)
        case ("platform", "system"), ("platform", "machine"), ("platform", "python_implementation"):
            return .function(module + "." + name)
        case ("typing", "TYPE_CHECKING"), ("typing_extensions", "TYPE_CHECKING"): return .bool(false)
        case ("importlib", "import_module"): return .function("importlib.import_module")
        default: return nil
        }
    }

    /// Attributes of `sys` and `os` that `hasattr` is asked about to tell platforms and
    /// interpreters apart: present (`true`) or absent (`false`) on CPython on Linux.
    static let knownAttributes: [String: [String: Bool]] = [
        "sys": [
            "pypy_version_info": false, "getwindowsversion": false, "winver": false, "dllhandle": false,
            "frozen": false, "gettotalrefcount": false, "_emscripten_info": false, "version_info": true,
            "platform": true, "implementation": true, "maxsize": true, "getrefcount": true, "setrecursionlimit": true,
            "exc_info": true, "modules": true, "path": true,
        ],
        "os": [
            "add_dll_directory": false, "startfile": false, "getuid": true, "geteuid": true, "fork": true,
            "uname": true, "fspath": true, "sched_getaffinity": true,
        ],
    ]

    /// The module-level names of `typing`-like and platform modules that the import model
    /// knows the value of: a module is told its own known facts when it imports them.
    static let factModules: Set<String> = ["sys", "os", "platform", "typing", "typing_extensions", "importlib"]
}

/// What an imported module has under a name, as far as the import model knows it.
public enum ModuleAttribute: Equatable, Sendable {
    case value(PythonValue)
    /// The module ran to its end without binding the name (and makes none up).
    case absent
    case unknown
}

/// A value that module-level code computes from what is known before it runs, or `unknown`.
/// Tests of the platform and version are evaluated with these; anything else is unknown.
public indirect enum PythonValue: Equatable, Sendable {
    case unknown
    case none
    case bool(Bool)
    case int(Int)
    case string(String)
    /// A tuple or a list.
    case tuple([PythonValue])
    /// `sys.version_info`: a tuple with `major`, `minor` and `micro` attributes.
    case versionInfo
    /// A module: `sys` and the other fact modules answer attribute questions; any other is
    /// only known to exist.
    case module(String)
    /// A builtin or a known function (`hasattr`, `platform.system`).
    case function(String)
    /// A method bound to a value (`"linux".startswith`).
    case method(String, PythonValue)
    /// A slice written in a subscript (`[:2]`).
    case slice(Int?, Int?)

    /// Python's truth value, or `nil` when unknown.
    public var truth: Bool? {
        switch self {
        case .unknown: return nil
        case .none: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .string(let value): return !value.isEmpty
        case .tuple(let items): return !items.isEmpty
        case .versionInfo, .module, .function, .method: return true
        case .slice: return nil
        }
    }
}

extension PythonValue {
    /// The elements of a tuple-like value, for comparison and subscripts.
    func elements(_ target: PythonTarget) -> [PythonValue]? {
        switch self {
        case .tuple(let items): return items
        case .versionInfo: return target.versionInfo
        default: return nil
        }
    }

    func attribute(_ name: String, _ target: PythonTarget) -> PythonValue {
        switch self {
        case .module(let module):
            return target.attribute(name, ofModule: module) ?? .unknown
        case .versionInfo:
            switch name {
            case "major": return .int(target.major)
            case "minor": return .int(target.minor)
            case "micro": return .int(PythonTarget.lateMicro)
            default: return .unknown
            }
        case .string:
            let methods: Set<String> = ["startswith", "endswith", "lower", "upper", "strip", "casefold"]
            return methods.contains(name) ? .method(name, self) : .unknown
        default:
            return .unknown
        }
    }

    /// Calls a known function or method with positional arguments.
    func call(_ arguments: [PythonValue], _ target: PythonTarget) -> PythonValue {
        switch self {
        case .function("platform.system") where arguments.isEmpty: return .string("Linux")
        case .function("platform.machine") where arguments.isEmpty: return .string(target.machine)
        case .function("platform.python_implementation") where arguments.isEmpty: return .string("CPython")
        case .function("hasattr") where arguments.count == 2:
            guard case .module(let module) = arguments[0], case .string(let name) = arguments[1] else {
                return .unknown
            }
            if let known = PythonTarget.knownAttributes[module]?[name] { return .bool(known) }
            return target.attribute(name, ofModule: module) == nil ? .unknown : .bool(true)
        case .function("os.getenv"), .function("os.environ.get"):
            // A variable Lambda sets has a value this model does not know; any other is unset.
            guard (1...2).contains(arguments.count), case .string(let variable) = arguments[0] else { return .unknown }
            if target.environment.contains(variable) { return .unknown }
            return arguments.count == 2 ? arguments[1] : .none
        case .function("getattr") where arguments.count == 3:
            guard case .module(let module) = arguments[0], case .string(let name) = arguments[1] else {
                return .unknown
            }
            if PythonTarget.knownAttributes[module]?[name] == false { return arguments[2] }
            return target.attribute(name, ofModule: module) ?? .unknown
        case .method(let name, .string(let text)):
            switch name {
            case "lower", "casefold": return arguments.isEmpty ? .string(text.lowercased()) : .unknown
            case "upper": return arguments.isEmpty ? .string(text.uppercased()) : .unknown
            case "strip": return arguments.isEmpty ? .string(text.trimmingWhitespace) : .unknown
            case "startswith", "endswith":
                guard arguments.count == 1 else { return .unknown }
                let candidates: [PythonValue]
                if case .tuple(let items) = arguments[0] { candidates = items } else { candidates = arguments }
                var strings: [String] = []
                for candidate in candidates {
                    guard case .string(let string) = candidate else { return .unknown }
                    strings.append(string)
                }
                return .bool(
                    strings.contains { name == "startswith" ? text.hasPrefix($0) : text.hasSuffix($0) })
            default: return .unknown
            }
        default:
            return .unknown
        }
    }

    /// `self[index]`.
    func subscripted(by index: PythonValue, _ target: PythonTarget) -> PythonValue {
        guard let items = elements(target) else {
            if case .string(let text) = self, case .slice(let lower, let upper) = index {
                let characters = Array(text)
                guard let range = Self.range(lower, upper, count: characters.count) else { return .unknown }
                return .string(String(characters[range]))
            }
            return .unknown
        }
        switch index {
        case .int(let position):
            let resolved = position < 0 ? items.count + position : position
            return resolved >= 0 && resolved < items.count ? items[resolved] : .unknown
        case .slice(let lower, let upper):
            guard let range = Self.range(lower, upper, count: items.count) else { return .unknown }
            return .tuple(Array(items[range]))
        default:
            return .unknown
        }
    }

    /// The half-open range a slice `[lower:upper]` takes of `count` items, Python's way.
    static func range(_ lower: Int?, _ upper: Int?, count: Int) -> Range<Int>? {
        func clamp(_ value: Int) -> Int { max(0, min(count, value < 0 ? count + value : value)) }
        let start = lower.map(clamp) ?? 0
        let end = upper.map(clamp) ?? count
        return start <= end ? start..<end : start..<start
    }

    /// Python's `==`, or `nil` when it cannot be told.
    func equals(_ other: PythonValue, _ target: PythonTarget) -> Bool? {
        switch (self, other) {
        case (.unknown, _), (_, .unknown), (.slice, _), (_, .slice): return nil
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.bool(let a), .int(let b)), (.int(let b), .bool(let a)): return (a ? 1 : 0) == b
        case (.int(let a), .int(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.module(let a), .module(let b)): return a == b
        case (.function, _), (_, .function), (.method, _), (_, .method), (.module, _), (_, .module): return nil
        default:
            if let left = elements(target), let right = other.elements(target) {
                guard left.count == right.count else { return false }
                for (a, b) in zip(left, right) {
                    guard let same = a.equals(b, target) else { return nil }
                    if !same { return false }
                }
                return true
            }
            // Values of different kinds (a string and a number, None and a tuple) are unequal.
            return false
        }
    }

    /// Python's `<`, or `nil` when it cannot be told (or would raise TypeError).
    func less(than other: PythonValue, _ target: PythonTarget) -> Bool? {
        switch (self, other) {
        case (.int(let a), .int(let b)): return a < b
        case (.string(let a), .string(let b)): return a < b
        case (.bool, _), (_, .bool):
            guard let a = self.asInteger, let b = other.asInteger else { return nil }
            return a < b
        default:
            guard let left = elements(target), let right = other.elements(target) else { return nil }
            for (a, b) in zip(left, right) {
                guard let same = a.equals(b, target) else { return nil }
                if !same { return a.less(than: b, target) }
            }
            return left.count < right.count
        }
    }

    private var asInteger: Int? {
        switch self {
        case .int(let value): return value
        case .bool(let value): return value ? 1 : 0
        default: return nil
        }
    }

    /// Python's `in`.
    func isContained(in container: PythonValue, _ target: PythonTarget) -> Bool? {
        if container == .module("os.environ") {
            guard case .string(let variable) = self else { return nil }
            return target.environment.contains(variable) ? true : false
        }
        if case .string(let haystack) = container {
            guard case .string(let needle) = self else { return nil }
            return needle.isEmpty || haystack.contains(needle)
        }
        guard let items = container.elements(target) else { return nil }
        var undecided = false
        for item in items {
            switch equals(item, target) {
            case true?: return true
            case nil: undecided = true
            case false?: break
            }
        }
        return undecided ? nil : false
    }

    /// Python's `is` for the values whose identity is their value (None, booleans).
    func isIdentical(to other: PythonValue) -> Bool? {
        switch (self, other) {
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.none, .bool), (.bool, .none): return false
        case (.none, .unknown), (.unknown, .none), (.unknown, _), (_, .unknown): return nil
        case (.none, _), (_, .none): return false
        default: return nil
        }
    }

    /// The one value two runs of a statement leave, when they agree.
    func merged(with other: PythonValue) -> PythonValue { self == other ? self : .unknown }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
