import ImageModel
import LambdaPlatform
import OpeningStage

/// A runtime catalog newer than the one compiled in (`--catalog FILE`, `LAYERLINT_CATALOG`):
/// a new runtime or a changed fact without a new layerlint.
package enum CatalogFile {
    /// The environment variable that names a catalog when `--catalog` does not.
    package static let environmentVariable = "LAYERLINT_CATALOG"

    /// The catalog in `path`, held to every rule the compiled-in one is held to.
    ///
    /// - Throws: `RuntimeCatalogError.invalidCatalog` naming the file and the problem: it
    ///   cannot be read, is not a regular file, is over the size limit, or does not decode
    ///   or validate.
    package static func load(_ path: String) throws(RuntimeCatalogError) -> RuntimeCatalog {
        switch BoundedFile.read(path, limit: Limits.descriptionFileBytes) {
        case .failure(let error): throw .invalidCatalog(file: path, reason: error.reason)
        case .success(let data): return try RuntimeCatalog(json: data, file: path)
        }
    }

    /// What `check` and `why` load the catalog with: the file at `path`, else the compiled-in one.
    package static func loader(_ path: String?) -> @Sendable () throws(RuntimeCatalogError) -> RuntimeCatalog {
        guard let path else { return { () throws(RuntimeCatalogError) in try RuntimeCatalog.bundled() } }
        return { () throws(RuntimeCatalogError) in try load(path) }
    }
}
