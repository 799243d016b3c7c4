import Foundation
import LambdaPlatform
import LintRules
import OpeningStage
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
        case .unmatchedLayerMetadata(let file): return OpeningError.unmatchedLayerMetadata(file: file).description
        case .layerNotUsedByFunction(let metadataFile, let arn, let configurationFile):
            return OpeningError.layerNotUsedByFunction(
                metadataFile: metadataFile, arn: arn, configurationFile: configurationFile
            ).description
        case .layerMetadataNeedsZip(let folder): return OpeningError.layerMetadataNeedsZip(folder: folder).description
        case .tooManyLayers(let count, let limit):
            return OpeningError.tooManyLayers(count: count, limit: limit).description
        case .outputIsAnInput(let path, let option, let input, let insideFolder):
            let what =
                insideFolder
                ? "lies inside the folder input \(input)"
                : path == input
                    ? "is one of the inputs" : "is the input \(input) (the same file, by a link or another name)"
            return "\(option) \(path) \(what); layerlint never writes over what it was given: name another file"
        case .cannotWriteOutput(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .notAModuleName(let name):
            return "\"\(name)\" is not a module name: give the name as in an import statement (requests, "
                + "google.protobuf), not a project or file name"
        case .whyNeedsPythonRuntime:
            return "why needs the function's Python runtime, and neither the command line nor the layers name one: "
                + "give --runtime (python3.12), --function-config or --template"
        }
    }

    public var errorDescription: String? { description }

    /// The same error, as `check`, `why` and `inspect` report it.
    init(_ error: OpeningError) {
        switch error {
        case .archive(let cause): self = .archive(cause)
        case .configuration(let cause): self = .configuration(cause)
        case .target(let cause): self = .target(cause)
        case .catalog(let cause): self = .catalog(cause)
        case .unmatchedLayerMetadata(let file): self = .unmatchedLayerMetadata(file: file)
        case .layerNotUsedByFunction(let metadataFile, let arn, let configurationFile):
            self = .layerNotUsedByFunction(metadataFile: metadataFile, arn: arn, configurationFile: configurationFile)
        case .layerMetadataNeedsZip(let folder): self = .layerMetadataNeedsZip(folder: folder)
        case .tooManyLayers(let count, let limit): self = .tooManyLayers(count: count, limit: limit)
        }
    }
}
