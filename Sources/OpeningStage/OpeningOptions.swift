/// What the opening stage is asked to open: the inputs, the description files and the
/// target as the command line and configuration give them.
package struct OpeningOptions: Sendable {
    var layers: [String]
    var runtime: String?
    var architecture: String?
    var functionConfig: String?
    var layerMetadata: [String]
    var functionZip: String?
    var template: String?
    /// The function's logical id in `template`; needed when it defines several.
    var function: String?
    /// Whether to hash the inputs (layers are hashed anyway when layer metadata must be
    /// matched by digest).
    var digests: Bool
    /// Read every member in full (deflate data, size, CRC-32), as `unzip -t` does.
    var verify: Bool
    /// Today as `YYYY-MM-DD` for deprecation dates; `nil` for the clock's date.
    var today: String?
    /// The configuration file `runtime` or `architecture` came from, when not the command line.
    var runtimeFile: String?
    var architectureFile: String?
    /// What reading ELF members for the loader model gave before, by content; `nil`: none.
    var libraryCache: LibraryNeedsCache?

    package init(
        layers: [String], runtime: String?, architecture: String?, functionConfig: String?, layerMetadata: [String],
        functionZip: String?, template: String?, function: String?, digests: Bool, verify: Bool, today: String?,
        runtimeFile: String?, architectureFile: String?, libraryCache: LibraryNeedsCache? = nil
    ) {
        self.libraryCache = libraryCache
        self.layers = layers
        self.runtime = runtime
        self.architecture = architecture
        self.functionConfig = functionConfig
        self.layerMetadata = layerMetadata
        self.functionZip = functionZip
        self.template = template
        self.function = function
        self.digests = digests
        self.verify = verify
        self.today = today
        self.runtimeFile = runtimeFile
        self.architectureFile = architectureFile
    }
}
