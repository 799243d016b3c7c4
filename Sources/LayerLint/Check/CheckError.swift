import Foundation
import LambdaPlatform
import ZipArchive

/// Why `check` cannot run (exit status 2). Each case carries its cause, and its text names
/// the file and says what to do.
public enum CheckError: LocalizedError, Equatable, Sendable, CustomStringConvertible {
    /// An input that cannot be read at all (missing, a directory, no permission). A file
    /// that is read but is not a ZIP is a finding (Z001), not this.
    case archive(ArchiveError)
    /// A function configuration, layer-metadata file or template that cannot be used.
    case configuration(LambdaConfigError)
    /// A runtime or architecture that the catalog does not know.
    case target(TargetError)
    /// The runtime catalog itself is missing or invalid.
    case catalog(RuntimeCatalogError)
    /// A `--select` or `--ignore` that names no rule.
    case selection(RuleSelectionError)
    /// Layer metadata whose CodeSha256 matches none of the given ZIPs.
    case unmatchedLayerMetadata(file: String)
    /// Layer metadata for a layer version the function's configuration does not list.
    case layerNotUsedByFunction(metadataFile: String, arn: String, configurationFile: String)
    /// `--output`, `--write-baseline` or `GITHUB_STEP_SUMMARY` names one of the inputs (the
    /// same file by device and inode, through any link), or a file inside a folder input.
    case outputIsAnInput(String, option: String, input: String, insideFolder: Bool = false)
    case cannotWriteOutput(path: String, reason: String)
    /// `--layer-metadata` with a layer given as a folder: metadata is matched by the ZIP's digest.
    case layerMetadataNeedsZip(folder: String)
    /// More layers than are ever checked together as one function's.
    case tooManyLayers(count: Int, limit: Int)
    /// `why` was given something that is not a dotted name of identifiers.
    case notAModuleName(String)
    /// `why` has no Python runtime: none given and none the layers tell.
    case whyNeedsPythonRuntime

    public var description: String {
        switch self {
        case .archive(let cause): return cause.description
        case .configuration(let cause): return cause.description
        case .target(let cause): return cause.description
        case .catalog(let cause): return cause.description
        case .selection(let cause): return cause.description
        case .unmatchedLayerMetadata(let file):
            return "\(file) describes a layer whose CodeSha256 is that of none of the given ZIPs; "
                + "pass the ZIP it was published from, or fetch the metadata of the version you are checking"
        case .layerNotUsedByFunction(let metadataFile, let arn, let configurationFile):
            return
                "\(metadataFile) describes \(arn), which is not among the layers of the function in \(configurationFile)"
        case .outputIsAnInput(let path, let option, let input, let insideFolder):
            let what =
                insideFolder
                ? "lies inside the folder input \(input)"
                : path == input ? "is one of the inputs" : "is the input \(input) (the same file, by a link or another name)"
            return "\(option) \(path) \(what); layerlint never writes over what it was given: name another file"
        case .cannotWriteOutput(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .layerMetadataNeedsZip(let folder):
            return "--layer-metadata is matched to a layer by the CodeSha256 of its ZIP, and \(folder) is a folder: "
                + "zip it first (cd \(folder) && zip -r ../layer.zip .) and check the ZIP"
        case .tooManyLayers(let count, let limit):
            return "\(count) layers given, but a function uses at most 5 (S003) and layerlint checks at most "
                + "\(limit) together: give the function's own layers, or --each to check unrelated ZIPs one at a time"
        case .notAModuleName(let name):
            return "\"\(name)\" is not a module name: give the name as in an import statement (requests, "
                + "google.protobuf), not a project or file name"
        case .whyNeedsPythonRuntime:
            return "why needs the function's Python runtime, and neither the command line nor the layers name one: "
                + "give --runtime (python3.12), --function-config or --template"
        }
    }

    public var errorDescription: String? { description }
}
