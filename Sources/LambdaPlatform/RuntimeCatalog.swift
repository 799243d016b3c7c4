import Foundation

/// What layerlint knows about Lambda's runtimes and limits, read from the bundled
/// `runtimes.json`: one entry per runtime identifier, each with its sources and the date
/// its facts were checked. A new runtime is one entry in that file.
public struct RuntimeCatalog: Decodable, Sendable {
    public struct OperatingSystem: Decodable, Sendable {
        public let name: String
        /// The glibc version of the OS, which a native extension must not need more than.
        public let glibc: String
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
    public let operatingSystems: [OperatingSystem]
    public let limits: Limits
    public let runtimes: [Runtime]

    /// The catalog bundled with layerlint.
    ///
    /// - Throws: `RuntimeCatalogError` when the resource is missing or does not decode; a
    ///   test keeps that from shipping.
    public static func bundled() throws(RuntimeCatalogError) -> RuntimeCatalog {
        guard let url = Bundle.module.url(forResource: "runtimes", withExtension: "json") else {
            throw .missingResource("runtimes.json")
        }
        do {
            return try JSONDecoder().decode(RuntimeCatalog.self, from: Data(contentsOf: url))
        } catch {
            throw .invalidResource("runtimes.json", "\(error)")
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
    /// A bundled data file (`runtimes.json`, `standard-library.json`) is missing.
    case missingResource(String)
    /// A bundled data file does not decode: its name and the decoder's complaint.
    case invalidResource(String, String)
    case unknownRuntime(String, known: [String])

    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case .missingResource(let file): return "the runtime catalog (\(file)) is missing from layerlint's resources"
        case .invalidResource(let file, let detail): return "the runtime catalog (\(file)) is invalid: \(detail)"
        case .unknownRuntime(let identifier, let known):
            return "unknown runtime \"\(identifier)\"; known runtimes: " + known.joined(separator: ", ")
        }
    }
}
