import BinaryFormats
import LambdaPlatform
import PythonPackaging
import PythonSource
import ZipArchive

/// Every limit layerlint puts on what it reads, in one place. Each is far past what a real
/// layer, function or description file needs, and each, when crossed, is a finding or an
/// exit-2 error that names the file and the limit, never a crash or an unbounded read.
public enum Limits {
    /// A function configuration, layer-metadata file or template (AWS's own are kilobytes;
    /// the largest CloudFormation template Lambda accepts is 1 MB).
    public static let descriptionFileBytes = 16 << 20
    /// A template: CloudFormation takes at most 1 MB; twice that bounds what the YAML parser
    /// holds before any value is read (a 4 MB flow list of a key never read took 300 MiB).
    public static let templateBytes = 2 << 20
    /// `.layerlint.toml` or `pyproject.toml`.
    public static let configurationFileBytes = 1 << 20
    /// Layers checked together as one function's (Lambda allows 5; past this the run stops
    /// at once with a clear error, rather than hold hundreds of listings: `--each` checks
    /// unrelated ZIPs one at a time, with no such bound).
    public static let layersTogether = 16
    /// Command-line arguments (argument parsing costs the square of repeated options).
    public static let arguments = 4_096
    /// The step summary a `--format github` run appends to (GitHub shows at most 1 MiB of it).
    public static let stepSummaryBytes = 16 << 20
    /// Parts of a dotted TOML key, nesting of TOML arrays and inline tables, and bytes of a
    /// bare key (the TOML parser recurses on each; checked before it runs).
    public static let configurationKeyParts = TOMLBounds.keyParts
    public static let configurationNesting = TOMLBounds.nesting
    public static let configurationKeyBytes = TOMLBounds.keyBytes
    /// A baseline (one line per accepted finding).
    public static let baselineFileBytes = 64 << 20
    /// One source file of the function package, and how many are read.
    public static let functionSourceBytes = 1 << 20
    public static let functionSourceFiles = 5_000
    public static let functionSourceTotalBytes = 64 << 20
    /// Modules the import model runs for one check or `why` (pandas runs about 700 when
    /// imported, numpy 150), and how deep imports may nest (CPython's own recursion limit
    /// stops a chain of imports a few hundred deep).
    public static let importedModules = 20_000
    public static let importDepth = 512
    /// Values in a template once YAML aliases are expanded (a "billion laughs" document is a
    /// few lines that expand to billions). Nesting is limited by libyaml and Foundation's JSON.
    public static let templateValues = TemplateValue.maximumValues
    /// Nesting of parentheses in a PEP 508 marker (recursive parse and evaluation).
    public static let markerNesting = Marker.maximumNesting
    /// Nesting of brackets and f-strings in Python source (the tokenizer's stack).
    public static let sourceNesting = Tokenizer.maximumNesting
    /// Entries and folder depth of a build folder given as an input.
    public static let folderEntries = FolderListing.entryLimit
    public static let folderDepth = FolderListing.depthLimit
    /// Version needs (`GLIBC_2.28`, ...) read from one ELF file.
    public static let elfVersionNeeds = ELFDynamicInfo.versionNeedLimit
    /// The most of one member read whole (metadata files, RECORD).
    public static let memberBytes = Archive.defaultReadLimit
}
