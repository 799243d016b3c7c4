import Foundation

/// A module that no file on `sys.path` holds but that a package's own import hook makes
/// once the package is imported (setuptools' `_distutils_hack` serves `distutils` on Python
/// 3.12, `six` makes `six.moves`), or a folder it adds to `sys.path` (setuptools' `_vendor`). Kept as data (`Resources/import-hooks.json`), each with
/// how the hook works and its source, so that a new one is an entry, not code.
public struct ImportHook: Codable, Equatable, Sendable {
    /// The module whose import installs the hook.
    public let provider: String
    /// The dotted names it makes.
    public let provides: [String]
    /// Whether it makes their submodules too (`six.moves.urllib.parse`).
    public let submodules: Bool
    /// Folders it appends to `sys.path`, relative to its package's folder (setuptools adds
    /// `_vendor`).
    public let pathEntries: [String]
    /// How the hook works, for messages.
    public let how: String
    public let source: String

    /// Whether the hook makes `module`.
    public func provides(_ module: String) -> Bool {
        provides.contains { module == $0 || (submodules && module.hasPrefix($0 + ".")) }
    }
}

/// The import-time facts of `Resources/import-hooks.json`: the packages' own import hooks and
/// what compiled modules import when they load, decoded once for both.
public struct ImportHooks: Codable, Sendable {
    let schemaVersion: Int
    public let hooks: [ImportHook]
    public let compiledImports: [CompiledImport]

    /// The data compiled into the binary.
    ///
    /// - Throws: `RuntimeCatalogError.invalidResource` when the data does not decode.
    public static func bundled() throws(RuntimeCatalogError) -> ImportHooks {
        do {
            return try JSONDecoder().decode(ImportHooks.self, from: Data(EmbeddedData.importHooks.utf8))
        } catch {
            throw .invalidResource("import-hooks.json", "\(error)")
        }
    }
}

/// A compiled extension module that imports other modules when it loads, which no source
/// shows: a CFFI-made module imports cffi's `_cffi_backend` (cryptography's `_rust`, PyNaCl's
/// `_sodium`), so a `_cffi_backend` built for another Python fails the import of paramiko.
/// Also a package whose code loads a compiled module by a path of its own, which its import
/// statements do not show (opencv's `cv2` loads `cv2/cv2.abi3.so`): its imports run after
/// the package's statements.
public struct CompiledImport: Codable, Equatable, Sendable {
    /// The extension module (dotted).
    public let module: String
    /// What it imports when it loads.
    public let imports: [String]
    public let how: String
    public let source: String
}
