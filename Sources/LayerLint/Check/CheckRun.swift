import Foundation
import ImageModel
import LambdaPlatform
import LintRules
import OpeningStage

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
    /// `--hash`: whether to hash the inputs for the report (JSON shows SHA-256). Layers are
    /// hashed anyway when layer metadata must be matched by digest.
    public var digests: Bool
    /// `--verify`: read every member in full (deflate data, size, CRC-32), as `unzip -t` does.
    public var verify: Bool
    /// Today as `YYYY-MM-DD` for deprecation dates; `nil` for the clock's date.
    public var today: String?
    /// `--select` and `--ignore` values (each may hold several comma-separated selectors).
    public var select: [String]
    public var ignore: [String]
    /// The configuration file `runtime` or `architecture` came from, when not the command line.
    public var runtimeFile: String?
    public var architectureFile: String?
    /// Rule id → the severity its findings get (a configuration's `[severity]` table).
    public var severities: [String: Severity] = [:]
    /// Globs over entry paths, each with the rules not reported for members matching it.
    public var perPathIgnores: [Configuration.PathIgnore] = []
    /// Where what reading ELF libraries gave is kept by content (`nil`: no cache).
    public var cacheFolder: String?

    public init(
        layers: [String], runtime: String? = nil, architecture: String? = nil, functionConfig: String? = nil,
        layerMetadata: [String] = [], functionZip: String? = nil, template: String? = nil, function: String? = nil,
        select: [String] = [], ignore: [String] = [], digests: Bool = false, verify: Bool = false,
        today: String? = nil
    ) {
        self.verify = verify
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

    /// What the opening stage reads.
    var opening: OpeningOptions {
        OpeningOptions(
            layers: layers, runtime: runtime, architecture: architecture, functionConfig: functionConfig,
            layerMetadata: layerMetadata, functionZip: functionZip, template: template, function: function,
            digests: digests, verify: verify, today: today, runtimeFile: runtimeFile,
            architectureFile: architectureFile,
            libraryCache: cacheFolder.flatMap { LibraryNeedsCache(root: $0, version: LayerLintVersion.current) })
    }
}

/// Turns options into a report: the opening stage reads what the selected rules need, the
/// engine runs them, and the report keeps their findings. Nothing the user gave is written.
public enum CheckRun {
    /// - Throws: `CheckError` when the command cannot run: an unreadable file, malformed or
    ///   mismatched metadata, an unknown runtime, a selector that names no rule.
    public static func report(for options: CheckOptions, catalog: RuntimeCatalog) throws(CheckError) -> CheckReport {
        try report(for: options, loadingCatalog: { catalog })
    }

    /// `report(for:catalog:)` with the catalog loaded by `loadingCatalog` while the layers are
    /// being listed (decoding the bundled catalog and listing a large layer's central
    /// directory each take a few milliseconds, and neither needs the other).
    public static func report(
        for options: CheckOptions, loadingCatalog: @Sendable () throws(RuntimeCatalogError) -> RuntimeCatalog
    ) throws(CheckError) -> CheckReport {
        try checked(options, loadingCatalog: loadingCatalog).report
    }

    /// The report, with the context it was made from (for `fix`, which plans over it).
    package static func checked(
        _ options: CheckOptions, loadingCatalog: @Sendable () throws(RuntimeCatalogError) -> RuntimeCatalog
    ) throws(CheckError) -> (context: LintContext, report: CheckReport) {
        let rules: [any Rule]
        do {
            rules = try RuleSelection(select: options.select, ignore: options.ignore).rules()
        } catch {
            throw .selection(error)
        }
        let needs = rules.reduce(into: Set<RuleNeed>()) { $0.formUnion(type(of: $1).description.needs) }
        let context: LintContext
        do {
            context = try LayerOpening.open(options.opening, reading: needs, loadingCatalog: loadingCatalog)
        } catch {
            throw CheckError(error)
        }
        let result = LintEngine.run(context, rules: rules)
        var ignored = IgnoredPaths(options.perPathIgnores)
        let findings = result.findings.compactMap { finding -> Finding? in
            guard !ignored.ignores(finding) else { return nil }
            return options.severities[finding.rule].map { finding.with(severity: $0) } ?? finding
        }
        let report = CheckReport(
            target: context.target, inputs: context.layers + (context.functionPackage.map { [$0] } ?? []),
            findings: findings, checkedRules: result.checked, skippedRules: result.skipped,
            everyPython: context.everyPython.map(\.runtime.identifier))
        return (context, report)
    }

    /// Whether every member a finding is about matches a per-path ignore of its rule (a
    /// finding about no member is never ignored by path).
    static func isIgnored(_ finding: Finding, by ignores: [Configuration.PathIgnore]) -> Bool {
        var paths = IgnoredPaths(ignores)
        return paths.ignores(finding)
    }
}

/// Per-path ignores applied to many findings: each member path is matched against the
/// globs once, and what it is exempt from is remembered, so that 30,000 findings about the
/// same few thousand members cost a match per member, not per finding.
struct IgnoredPaths {
    private let ignores: [Configuration.PathIgnore]
    /// Member path → the rules some ignore matching it names.
    private var exempt: [String: Set<String>] = [:]

    init(_ ignores: [Configuration.PathIgnore]) { self.ignores = ignores }

    mutating func ignores(_ finding: Finding) -> Bool {
        guard !ignores.isEmpty else { return false }
        let members = finding.members
        guard !members.isEmpty else { return false }
        for member in members {
            let rules: Set<String>
            if let known = exempt[member] {
                rules = known
            } else {
                rules = ignores.reduce(into: Set<String>()) { found, ignore in
                    if ignore.matches(member) { found.formUnion(ignore.rules) }
                }
                exempt[member] = rules
            }
            guard rules.contains(finding.rule) else { return false }
        }
        return true
    }
}
