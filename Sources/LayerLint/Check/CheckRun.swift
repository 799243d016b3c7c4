import Foundation
import LambdaPlatform

/// Everything `check` needs from the command line, already split into values.
public struct CheckOptions: Sendable {
    public var layers: [String]
    public var runtime: String?
    public var architecture: String?
    public var functionConfig: String?
    public var layerMetadata: [String]
    public var functionZip: String?
    public var template: String?
    /// The function's logical id in `template`; needed when it defines several.
    public var function: String?
    /// Whether to hash the inputs for the report (JSON shows SHA-256); they are hashed
    /// anyway when layer metadata must be matched by digest.
    public var digests: Bool
    /// Today as `YYYY-MM-DD` for deprecation dates; `nil` for the clock's date.
    public var today: String?
    /// `--select` and `--ignore` values (each may hold several comma-separated selectors).
    public var select: [String]
    public var ignore: [String]

    public init(
        layers: [String], runtime: String? = nil, architecture: String? = nil, functionConfig: String? = nil,
        layerMetadata: [String] = [], functionZip: String? = nil, template: String? = nil, function: String? = nil,
        select: [String] = [], ignore: [String] = [], digests: Bool = true, today: String? = nil
    ) {
        self.today = today
        self.digests = digests
        self.select = select
        self.ignore = ignore
        self.layers = layers
        self.runtime = runtime
        self.architecture = architecture
        self.functionConfig = functionConfig
        self.layerMetadata = layerMetadata
        self.functionZip = functionZip
        self.template = template
        self.function = function
    }
}

/// Turns options into a report: reads the description files, resolves the target, and
/// loads every input. Nothing the user gave is written.
public enum CheckRun {
    /// - Throws: `CheckError` (with the message of the underlying error) when the command
    ///   cannot run: an unreadable file, malformed or mismatched metadata, an unknown runtime.
    public static func report(for options: CheckOptions, catalog: RuntimeCatalog) throws(CheckError) -> CheckReport {
        try report(for: options, loadingCatalog: { catalog })
    }

    /// `report(for:catalog:)` with the catalog loaded by `loadingCatalog` while the layers are
    /// being opened on another thread (decoding the bundled catalog and listing a large
    /// layer's central directory each take a few milliseconds, and neither needs the other).
    public static func report(
        for options: CheckOptions, loadingCatalog: () throws(RuntimeCatalogError) -> RuntimeCatalog
    ) throws(CheckError) -> CheckReport {
        let group = DispatchGroup()
        nonisolated(unsafe) var opened: [Result<CheckInput, CheckError>] = []
        DispatchQueue.global().async(group: group) {
            opened = options.layers.map { path in
                Result { () throws(CheckError) in
                    // Layer metadata is matched by digest before the rules run; otherwise
                    // the hash (for the report) goes on while they run.
                    try CheckInput.load(
                        path: path, role: .layer, hashing: options.digests || !options.layerMetadata.isEmpty,
                        readingLocalHeaders: false, waitingForDigest: !options.layerMetadata.isEmpty)
                }
            }
        }
        // Errors in the description files are reported before those of the layers, as when
        // everything ran in order.
        defer { group.wait() }
        do {
            let catalog = try loadingCatalog()
            let selection = try RuleSelection(select: options.select, ignore: options.ignore)
            let configuration = try options.functionConfig.map { path throws(LambdaConfigError) in
                (configuration: try FunctionConfiguration.decode(try read(path), file: path), file: path)
            }
            let templateFunction = try options.template.map { path throws(LambdaConfigError) in
                let text = String(decoding: try read(path), as: UTF8.self)
                return (function: try Template(text: text, file: path).function(named: options.function), file: path)
            }
            let target = try TargetResolution.resolve(
                runtimeOption: options.runtime, architectureOption: options.architecture,
                functionConfiguration: configuration, templateFunction: templateFunction, catalog: catalog)
            let metadata = try options.layerMetadata.map { path throws(LambdaConfigError) in
                try LayerVersionMetadata.decode(try read(path), file: path)
            }
            if let (function, file) = configuration, !function.layerArns.isEmpty {
                for item in metadata {
                    if let arn = item.layerVersionArn, !function.layerArns.contains(arn) {
                        throw CheckError.layerNotUsedByFunction(
                            metadataFile: item.file, arn: arn, configurationFile: file)
                    }
                }
            }
            group.wait()
            var inputs = try opened.map { result throws(CheckError) in try result.get() }
            let matching = LayerMatching.match(layerDigests: inputs.map { $0.digest?.base64 ?? "" }, metadata: metadata)
            if let stale = matching.unmatched.first { throw CheckError.unmatchedLayerMetadata(file: stale.file) }
            for (index, item) in matching.metadataByLayer { inputs[index] = inputs[index].with(metadata: item) }
            // A template lists the function's layers in order: its layer-version resources describe
            // the ZIPs at the same positions, when the counts agree and no metadata file already does.
            if let layers = templateFunction?.function.layers, layers.count == inputs.count {
                for (index, layer) in layers.enumerated() where inputs[index].metadata == nil {
                    if case .resource(let version) = layer {
                        inputs[index] = inputs[index].with(metadata: version.asMetadata)
                    }
                }
            }
            let functionPackage = try options.functionZip.map { path throws(CheckError) in
                try CheckInput.load(
                    path: path, role: .functionPackage, hashing: options.digests, readingLocalHeaders: false,
                    waitingForDigest: false)
            }
            let context = LintContext(
                target: target, layers: inputs, functionPackage: functionPackage, catalog: catalog,
                today: options.today ?? LintContext.currentDate())
            let result = LintEngine.run(context, rules: selection.rules())
            let reported = try (context.layers + (context.functionPackage.map { [$0] } ?? [])).map {
                input throws(CheckError) in try input.settlingDigest()
            }
            return CheckReport(
                target: target, inputs: reported,
                findings: result.findings,
                checkedRules: result.checked, skippedRules: result.skipped, context: context)
        } catch let error as CheckError {
            throw error
        } catch let error as RuntimeCatalogError {
            throw .input(error.description)
        } catch {
            throw .input("\(error)")
        }
    }

    private static func read(_ path: String) throws(LambdaConfigError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw .unreadable(file: path, reason: "it is a directory") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(file: path, reason: "permission denied or unreadable")
        }
    }
}
