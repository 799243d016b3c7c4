import Foundation
import LambdaPlatform
import ZipArchive

/// Why the opening stage cannot open what it was given (the command exits 2). Each case
/// carries its cause, and its text names the file and says what to do.
package enum OpeningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An input that cannot be read at all (missing, a directory, no permission). A file
    /// that is read but is not a ZIP is a finding (Z001), not this.
    case archive(ArchiveError)
    /// A function configuration, layer-metadata file or template that cannot be used.
    case configuration(LambdaConfigError)
    /// A runtime or architecture that the catalog does not know.
    case target(TargetError)
    /// The runtime catalog itself is missing or invalid.
    case catalog(RuntimeCatalogError)
    /// Layer metadata whose CodeSha256 matches none of the given ZIPs.
    case unmatchedLayerMetadata(file: String)
    /// Layer metadata for a layer version the function's configuration does not list.
    case layerNotUsedByFunction(metadataFile: String, arn: String, configurationFile: String)
    /// `--layer-metadata` with a layer given as a folder: metadata is matched by the ZIP's digest.
    case layerMetadataNeedsZip(folder: String)
    /// More layers than are ever checked together as one function's.
    case tooManyLayers(count: Int, limit: Int)

    package var description: String {
        switch self {
        case .archive(let cause): return cause.description
        case .configuration(let cause): return cause.description
        case .target(let cause): return cause.description
        case .catalog(let cause): return cause.description
        case .unmatchedLayerMetadata(let file):
            return "\(file) describes a layer whose CodeSha256 is that of none of the given ZIPs; "
                + "pass the ZIP it was published from, or fetch the metadata of the version you are checking"
        case .layerNotUsedByFunction(let metadataFile, let arn, let configurationFile):
            return
                "\(metadataFile) describes \(arn), which is not among the layers of the function in \(configurationFile)"
        case .layerMetadataNeedsZip(let folder):
            return "--layer-metadata is matched to a layer by the CodeSha256 of its ZIP, and \(folder) is a folder: "
                + "zip it first (cd \(folder) && zip -r ../layer.zip .) and check the ZIP"
        case .tooManyLayers(let count, let limit):
            return "\(count) layers given, but a function uses at most 5 (S003) and layerlint checks at most "
                + "\(limit) together: give the function's own layers, or --each to check unrelated ZIPs one at a time"
        }
    }
}
