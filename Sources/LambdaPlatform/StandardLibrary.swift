import Foundation

/// The top-level module names of each Python version's standard library, read from the
/// compiled-in `standard-library.json` (written by `scripts/make-standard-library` from real
/// interpreters; each entry records how). An import of one of these names is satisfied by
/// the runtime whatever the layers hold; a name a later version removed (`distutils`,
/// `imp` and `asyncore` in 3.12) is not.
public struct StandardLibrary: Decodable, Sendable {
    public struct Python: Decodable, Sendable {
        /// `3.12`.
        public let python: String
        /// Every top-level module, sorted.
        public let modules: [String]
        /// The modules compiled into the interpreter (`sys`, `builtins`): the import system
        /// finds them before it looks at `sys.path`.
        public let builtins: [String]
        /// How the names were found.
        public let source: String

        public func contains(_ module: String) -> Bool {
            var low = 0
            var high = modules.count
            while low < high {
                let middle = (low + high) / 2
                if modules[middle] < module { low = middle + 1 } else { high = middle }
            }
            return low < modules.count && modules[low] == module
        }

        public func isBuiltin(_ module: String) -> Bool { builtins.contains(module) }
    }

    public let schemaVersion: Int
    public let standardLibraries: [Python]

    /// The names of Python `version` (`3.12`), or `nil` for a version the data lacks.
    public func python(_ version: String) -> Python? { standardLibraries.first { $0.python == version } }

    /// The newest version before `version` whose standard library has `module` (for
    /// `distutils` asked of 3.12: `3.11`), or `nil`.
    public func lastVersion(having module: String, before version: String) -> String? {
        let number = Self.numbers(version)
        return standardLibraries.filter {
            Self.numbers($0.python).lexicographicallyPrecedes(number) && $0.contains(module)
        }.last?.python
    }

    static func numbers(_ version: String) -> [Int] { version.split(separator: ".").map { Int($0) ?? 0 } }

    /// The data compiled into layerlint (from `Resources/standard-library.json`, see
    /// `scripts/embed-data`).
    ///
    /// - Throws: `RuntimeCatalogError` when it does not decode; a test keeps that from shipping.
    public static func bundled() throws(RuntimeCatalogError) -> StandardLibrary {
        do {
            let library = try JSONDecoder().decode(StandardLibrary.self, from: Data(EmbeddedData.standardLibrary.utf8))
            return StandardLibrary(
                schemaVersion: library.schemaVersion,
                standardLibraries: library.standardLibraries.map {
                    Python(python: $0.python, modules: $0.modules.sorted(), builtins: $0.builtins, source: $0.source)
                })
        } catch {
            throw .invalidResource("standard-library.json", "\(error)")
        }
    }

    init(schemaVersion: Int, standardLibraries: [Python]) {
        self.schemaVersion = schemaVersion
        self.standardLibraries = standardLibraries
    }
}
