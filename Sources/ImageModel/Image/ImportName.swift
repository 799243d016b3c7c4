import PythonPackaging
import PythonSource
import ZipArchive

/// A name Python can import at top level (`import requests`).
package struct ImportName: Sendable, Equatable {
    package enum Kind: String, Sendable {
        /// A folder with `__init__.py`.
        case package
        /// A folder of Python files without `__init__.py` (PEP 420).
        case namespacePackage = "namespace-package"
        case module
        /// A compiled extension module (`.so` with or without an ABI tag).
        case extensionModule = "extension-module"
    }

    package let name: String
    package let kind: Kind
    /// The search folder it is found in (absolute).
    package let folder: String
    /// Index into `LayerImage.sources` of the first archive that has it.
    package let source: Int
    /// Its member path in that archive: `python/requests/` or `python/six.py`.
    package let path: String
}
