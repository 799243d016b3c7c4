import Foundation
import PythonPackaging

/// What layerlint knows about Lambda's runtimes and limits, read from `runtimes.json`
/// (compiled in, or a newer one given with `--catalog`): one entry per runtime identifier, each with its sources and the date
/// its facts were checked. A new runtime is one entry in that file.
public struct RuntimeCatalog: Decodable, Sendable {
    public struct OperatingSystem: Decodable, Sendable {
        public let name: String
        /// The glibc version of the OS, which a native extension must not need more than.
        public let glibc: String
        public let source: String
        /// What the loader finds on it; `nil` in a catalog that does not say (then no library
        /// is reported missing).
        public let nativeLibraries: NativeLibraries?
    }

    /// The shared libraries of an operating system's Lambda image and how the loader finds
    /// them.
    public struct NativeLibraries: Decodable, Sendable {
        /// The file names in the image's `/lib64` (`libz.so.1`), by architecture (`x86_64`, `arm64`).
        public let files: [String: [String]]
        /// The default `LD_LIBRARY_PATH` of the runtimes on it, in order.
        public let loaderPath: [String]
        /// The highest symbol version of a prefix a system library defines (`GLIBCXX` 3.4.24 of
        /// `libstdc++.so.6`); `highest` is `nil` when it defines none of that prefix (libcrypt.so.1
        /// without `XCRYPT_2.0`).
        public let symbolVersions: [SymbolVersions]
        public let sources: [Source]
        public let asOf: String

        /// The ceiling of `prefix` versions of the system's `library`, if the catalog has one:
        /// `.some(nil)` when the library defines none of them.
        public func ceiling(of library: String, prefix: String, architecture: Architecture) -> String?? {
            symbolVersions.first {
                $0.library == library && $0.prefix == prefix && $0.architectures.contains(architecture.rawValue)
            }.map(\.highest)
        }
    }

    public struct SymbolVersions: Decodable, Sendable {
        public let library: String
        public let prefix: String
        public let highest: String?
        public let architectures: [String]
    }

    /// Facts about Python packages' native libraries.
    public struct NativePackages: Decodable, Sendable {
        public let runtimeLoads: [RuntimeLoad]
        public let alternatives: [Alternative]
        public let asOf: String

        public func runtimeLoad(of distribution: String) -> RuntimeLoad? {
            runtimeLoads.first { $0.distribution == distribution }
        }

        public func alternative(to distribution: String) -> Alternative? {
            alternatives.first { $0.distribution == distribution }
        }
    }

    /// A distribution that opens libraries by name when it is imported (ctypes, cffi).
    public struct RuntimeLoad: Decodable, Sendable {
        /// The normalized distribution name.
        public let distribution: String
        /// The module whose import opens them (dotted).
        public let module: String
        public let libraries: [String]
        /// `ctypes` or `cffi`.
        public let how: String
        public let source: String
    }

    /// A distribution whose wheels need system libraries Lambda lacks, and one that does not.
    public struct Alternative: Decodable, Sendable {
        public let distribution: String
        public let alternative: String
        public let reason: String
        public let source: String
    }

    public struct Limits: Decodable, Sendable {
        public let maxLayers: Int
        /// The largest ZIP that can be uploaded directly (larger ones go through S3).
        public let directUploadZippedBytes: UInt64
        /// Function and all its layers, extracted.
        public let unzippedBytes: UInt64
        public let source: String
        public let asOf: String
    }

    /// The environment variables Lambda sets in every function (`AWS_REGION`, `LAMBDA_TASK_ROOT`).
    public struct Environment: Decodable, Sendable {
        public let variables: [String]
        public let source: String
    }

    public struct Source: Decodable, Sendable {
        public let url: String
        /// Which facts of the entry the source supports.
        public let covers: String
    }

    /// Python-specific facts of a Python runtime.
    public struct PythonRuntime: Decodable, Sendable {
        /// `3.11`.
        public let version: String
        /// The start of `sys.path` in the function, in order.
        public let sysPath: [String]
        /// Where the runtime's own boto3, botocore and their dependencies live.
        public let runtimePackagesPath: String
        /// Distributions the runtime provides there (normalized names).
        public let providedDistributions: [String]
        /// The major version of the runtime's urllib3, where known.
        public let urllib3Major: Int?
        /// The OpenSSL generation Python's `ssl` module is built with (`1.0.2`, `1.1.1`, `3`).
        public let opensslVersion: String?
        /// The version range of a provided distribution, as a specifier set (`>=1.25.4,<1.27`),
        /// where one is known; AWS updates the runtime's SDK without notice.
        public let providedVersions: [String: String]
        public let providedVersionsSource: String
        /// Versions of distributions known to break on this runtime.
        public let incompatibilities: [Incompatibility]
    }

    /// A distribution version range that fails on a runtime, and why (D009).
    public struct Incompatibility: Decodable, Sendable {
        /// The normalized distribution name.
        public let distribution: String
        /// The failing versions, as a specifier set.
        public let versions: String
        public let reason: String
        public let fix: String
        public let source: String
    }

    public struct Runtime: Decodable, Sendable {
        public let identifier: String
        /// `python`, `nodejs`, `ruby`, `java`, `dotnet` or `provided`.
        public let family: String
        public let operatingSystem: String
        public let architectures: [Architecture]
        /// ISO dates (`2026-06-30`) from Lambda's deprecation table.
        public let deprecated: String?
        public let blockCreate: String?
        public let blockUpdate: String?
        public let python: PythonRuntime?
        public let sources: [Source]
        public let asOf: String

        /// Whether the runtime is deprecated on the ISO date `today` (`2026-11-25`).
        public func isDeprecated(on today: String) -> Bool { deprecated.map { $0 <= today } ?? false }
    }

    public let schemaVersion: Int
    /// The date the catalog as a whole was last checked against its sources (ISO, `2026-11-20`).
    public let asOf: String
    public let operatingSystems: [OperatingSystem]
    public let limits: Limits
    /// What Lambda puts in the function's environment; `nil` in a catalog that does not say.
    public let environment: Environment?
    public let runtimes: [Runtime]
    /// Packages that load libraries by name and their bundling alternatives; `nil` in a
    /// catalog that does not say.
    public let nativePackages: NativePackages?

    /// The schema versions this layerlint reads.
    public static let supportedSchemaVersions = 1...1

    /// The compiled-in catalog's `asOf`, without decoding it (`--version`).
    public static let bundledAsOf = EmbeddedData.runtimesAsOf

    /// The catalog compiled into layerlint (from `Resources/runtimes.json`, see
    /// `scripts/embed-data`): no resource bundle is needed beside the binary.
    ///
    /// - Throws: `RuntimeCatalogError` when it does not decode or validate; a test keeps that
    ///   from shipping.
    public static func bundled() throws(RuntimeCatalogError) -> RuntimeCatalog {
        do {
            return try RuntimeCatalog(json: Data(EmbeddedData.runtimes.utf8), file: "runtimes.json")
        } catch .invalidCatalog(_, let reason) {
            throw .invalidResource("runtimes.json", reason)
        }
    }

    /// A catalog from JSON (`--catalog FILE`, `LAYERLINT_CATALOG`), decoded and then held to
    /// every rule the bundled one is held to (`problems`).
    ///
    /// - Throws: `RuntimeCatalogError.invalidCatalog` naming `file` and the first problem.
    public init(json: Data, file: String) throws(RuntimeCatalogError) {
        let decoded: RuntimeCatalog
        do {
            decoded = try JSONDecoder().decode(RuntimeCatalog.self, from: json)
        } catch let error as DecodingError {
            throw .invalidCatalog(file: file, reason: Self.describe(error))
        } catch {
            throw .invalidCatalog(file: file, reason: "it is not JSON: \(error.localizedDescription)")
        }
        if let problem = decoded.problems().first { throw .invalidCatalog(file: file, reason: problem) }
        self = decoded
    }

    /// Everything wrong with the catalog's facts, as phrases (`runtime python3.12: its
    /// sys.path does not start with /var/task`); empty for a usable catalog. The rules read
    /// these facts without checking them again.
    public func problems() -> [String] {
        var problems: [String] = []
        if !Self.supportedSchemaVersions.contains(schemaVersion) {
            problems.append(
                "schemaVersion \(schemaVersion) is not one this layerlint reads (\(Self.supportedSchemaVersions.lowerBound))"
            )
        }
        if !Self.isISODate(asOf) { problems.append("asOf \"\(asOf)\" is not an ISO date (2026-11-20)") }
        var systems = Set<String>()
        for system in operatingSystems {
            // Names are printed in reports and terminals: printable ASCII only.
            if system.name.isEmpty || !system.name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
                problems.append("an operating system's name may hold only printable ASCII characters")
            }
            if !systems.insert(system.name).inserted {
                problems.append("operating system \(system.name) is listed twice")
            }
            if (try? Version(system.glibc)) == nil || system.glibc.contains(where: { !$0.isNumber && $0 != "." }) {
                problems.append("operating system \(system.name): glibc \"\(system.glibc)\" is not a version (2.34)")
            }
            if let native = system.nativeLibraries {
                problems += Self.problems(of: native, system: system.name)
            }
        }
        if limits.maxLayers < 1 || limits.directUploadZippedBytes == 0 || limits.unzippedBytes == 0 {
            problems.append("limits: every limit must be positive")
        }
        if !Self.isISODate(limits.asOf) { problems.append("limits: asOf \"\(limits.asOf)\" is not an ISO date") }
        var identifiers = Set<String>()
        for runtime in runtimes {
            let name = "runtime \(runtime.identifier)"
            if !identifiers.insert(runtime.identifier).inserted { problems.append("\(name) is listed twice") }
            // Names are printed in reports and terminals: only the characters Lambda uses.
            for (what, value) in [("identifier", runtime.identifier), ("family", runtime.family)]
            where !Self.isPlainName(value) {
                problems.append("\(name): the \(what) may hold only ASCII letters, digits, '.', '-' and '_'")
            }
            if runtime.sources.isEmpty || !runtime.sources.allSatisfy({ $0.url.hasPrefix("https://") }) {
                problems.append("\(name): every entry needs at least one https:// source")
            }
            if !Self.isISODate(runtime.asOf) { problems.append("\(name): asOf \"\(runtime.asOf)\" is not an ISO date") }
            if operatingSystem(of: runtime) == nil {
                problems.append("\(name): operating system \"\(runtime.operatingSystem)\" is not in operatingSystems")
            }
            if !runtime.identifier.hasPrefix(runtime.family) {
                problems.append("\(name): the identifier does not start with its family \"\(runtime.family)\"")
            }
            if runtime.architectures.isEmpty { problems.append("\(name): no architectures") }
            let dates = [runtime.deprecated, runtime.blockCreate, runtime.blockUpdate].compactMap { $0 }
            if !dates.allSatisfy(Self.isISODate) { problems.append("\(name): a lifecycle date is not an ISO date") }
            if let create = runtime.blockCreate, let update = runtime.blockUpdate, create > update {
                problems.append("\(name): creation is blocked after updates (blockCreate > blockUpdate)")
            }
            problems += Self.problems(ofPython: runtime)
        }
        return problems
    }

    /// The native-library facts of an operating system: known architectures, absolute loader
    /// folders, versions that parse, dated and sourced.
    private static func problems(of native: NativeLibraries, system: String) -> [String] {
        let name = "operating system \(system): nativeLibraries"
        var problems: [String] = []
        let architectures = Set(Architecture.allCases.map(\.rawValue))
        if !native.files.keys.allSatisfy(architectures.contains) {
            problems.append("\(name): files are keyed by x86_64 or arm64")
        }
        if !native.loaderPath.allSatisfy({ $0.hasPrefix("/") }) {
            problems.append("\(name): every loaderPath folder must be absolute")
        }
        for entry in native.symbolVersions {
            if let highest = entry.highest, (try? Version(highest)) == nil {
                problems.append("\(name): \(entry.library) \(entry.prefix) \"\(highest)\" is not a version")
            }
            if !entry.architectures.allSatisfy(architectures.contains) {
                problems.append("\(name): \(entry.library) names an unknown architecture")
            }
        }
        if native.sources.isEmpty || !native.sources.allSatisfy({ $0.url.hasPrefix("https://") }) {
            problems.append("\(name): every entry needs at least one https:// source")
        }
        if !isISODate(native.asOf) { problems.append("\(name): asOf \"\(native.asOf)\" is not an ISO date") }
        return problems
    }

    /// The Python facts of one runtime: present exactly for the Python family, and usable.
    private static func problems(ofPython runtime: Runtime) -> [String] {
        let name = "runtime \(runtime.identifier)"
        guard runtime.family == "python" else {
            return runtime.python == nil ? [] : ["\(name): only Python runtimes have a python section"]
        }
        guard let python = runtime.python else { return ["\(name): a Python runtime needs a python section"] }
        var problems: [String] = []
        if runtime.identifier != "python" + python.version {
            problems.append("\(name): python.version \"\(python.version)\" does not match the identifier")
        }
        let expected = ["/var/task", "/opt/python/lib/python\(python.version)/site-packages", "/opt/python"]
        if Array(python.sysPath.prefix(3)) != expected {
            problems.append("\(name): sysPath does not start with " + expected.joined(separator: ", "))
        }
        if !python.sysPath.contains(python.runtimePackagesPath) {
            problems.append("\(name): runtimePackagesPath \(python.runtimePackagesPath) is not on sysPath")
        }
        for (distribution, versions) in python.providedVersions.sorted(by: { $0.key < $1.key })
        where (try? SpecifierSet(versions)) == nil {
            problems.append("\(name): providedVersions of \(distribution), \"\(versions)\", is not a specifier set")
        }
        for known in python.incompatibilities where (try? SpecifierSet(known.versions)) == nil {
            problems.append(
                "\(name): the incompatibility of \(known.distribution), \"\(known.versions)\", is not a specifier set")
        }
        return problems
    }

    /// Whether `name` is made of ASCII letters, digits, `.`, `-` and `_` only (python3.12,
    /// provided.al2023, amazon-linux-2023), and is not empty.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2E
                    || byte == 0x2D || byte == 0x5F
            }
    }

    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// A decoder's complaint as a phrase that names the place (`runtimes[3].architectures[0]`).
    static func describe(_ error: DecodingError) -> String {
        func place(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(place(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(place(context.codingPath)) has the wrong type: \(context.debugDescription)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "it is not JSON" : "\(place(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    public func runtime(_ identifier: String) -> Runtime? {
        runtimes.first { $0.identifier == identifier }
    }

    /// The runtime for `identifier`, or an error that lists the known identifiers.
    public func resolve(_ identifier: String) throws(RuntimeCatalogError) -> Runtime {
        guard let runtime = runtime(identifier) else {
            throw .unknownRuntime(identifier, known: runtimes.map(\.identifier))
        }
        return runtime
    }

    public func operatingSystem(of runtime: Runtime) -> OperatingSystem? {
        operatingSystems.first { $0.name == runtime.operatingSystem }
    }
}

public enum RuntimeCatalogError: LocalizedError, Equatable, Sendable, CustomStringConvertible {
    /// A bundled data file does not decode: its name and the decoder's complaint.
    case invalidResource(String, String)
    /// A catalog given with `--catalog` or `LAYERLINT_CATALOG` cannot be read, or does not
    /// decode or validate: the file and why.
    case invalidCatalog(file: String, reason: String)
    case unknownRuntime(String, known: [String])

    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case .invalidResource(let file, let detail): return "the runtime catalog (\(file)) is invalid: \(detail)"
        case .invalidCatalog(let file, let reason): return "the runtime catalog \(file) cannot be used: \(reason)"
        case .unknownRuntime(let identifier, let known):
            return "unknown runtime \"\(identifier)\"; known runtimes: " + known.joined(separator: ", ")
        }
    }
}
