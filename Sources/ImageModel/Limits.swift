/// Every limit layerlint's own code puts on what it reads, in one place. Each is far past
/// what a real layer, function or description file needs, and each, when crossed, is a
/// finding or an exit-2 error that names the file and the limit, never a crash or an
/// unbounded read.
///
/// The lower libraries bound their own input where they parse it, and keep those limits
/// beside the parser: `FolderListing.entryLimit` and `depthLimit` (a build folder given as an
/// input), `Archive.defaultReadLimit` (one member read whole), `ELFDynamicInfo.versionNeedLimit`,
/// `Marker.maximumNesting`, `Tokenizer.maximumNesting`, `TemplateValue.maximumValues` (YAML
/// aliases expanded) and the TOML bounds checked before the TOML parser runs (`TOMLBounds`).
package enum Limits {
    /// A function configuration, layer-metadata file or template (AWS's own are kilobytes;
    /// the largest CloudFormation template Lambda accepts is 1 MB).
    package static let descriptionFileBytes = 16 << 20
    /// A template: CloudFormation takes at most 1 MB; twice that bounds what the YAML parser
    /// holds before any value is read (a 4 MB flow list of a key never read took 300 MiB).
    package static let templateBytes = 2 << 20
    /// `.layerlint.toml` or `pyproject.toml`.
    package static let configurationFileBytes = 1 << 20
    /// Layers checked together as one function's (Lambda allows 5; past this the run stops
    /// at once with a clear error, rather than hold hundreds of listings: `--each` checks
    /// unrelated ZIPs one at a time, with no such bound).
    package static let layersTogether = 16
    /// Command-line arguments (argument parsing costs the square of repeated options).
    package static let arguments = 4_096
    /// The step summary a `--format github` run appends to (GitHub shows at most 1 MiB of it).
    package static let stepSummaryBytes = 16 << 20
    /// A baseline (one line per accepted finding).
    package static let baselineFileBytes = 64 << 20
    /// One source file of the function package, and how many are read.
    package static let functionSourceBytes = 1 << 20
    package static let functionSourceFiles = 5_000
    package static let functionSourceTotalBytes = 64 << 20
    /// Modules the import model runs for one check or `why` (pandas runs about 700 when
    /// imported, numpy 150), and how deep imports may nest (CPython's own recursion limit
    /// stops a chain of imports a few hundred deep).
    package static let importedModules = 20_000
    package static let importDepth = 512
    /// A module's source read by the import model (the largest real modules are a few MiB).
    package static let moduleSourceBytes = 64 << 20
    /// A distribution's metadata file (RECORD of botocore is about 0.5 MiB).
    package static let metadataFileBytes = 16 << 20
    /// The most of one native binary inflated to read its dynamic section.
    package static let nativeBinaryBytes = 256 << 20
    /// The most library lookups the loader model makes over all extension modules' closures
    /// (each needed name of each binary reached, once per module): real layers make tens of
    /// thousands; a hostile one cannot make the walk quadratic.
    package static let libraryLookups = 1 << 21
    /// The most of a link target that is read (Linux's `PATH_MAX`).
    package static let linkTargetBytes = 4096
    /// The most of a `.pth` file that is read.
    package static let pthFileBytes = 1 << 16
}
