import Foundation
import LambdaPlatform
import ZipArchive

/// What a rule is, for `layerlint rules`, the docs and every finding it makes.
public struct RuleDescription: Sendable {
    /// The stable id (`Z001`).
    public let id: String
    /// The stable kebab-case name (`archive-unreadable`).
    public let name: String
    public let defaultSeverity: Severity
    /// One line: what the rule catches.
    public let summary: String
    /// Why it matters on Lambda.
    public let rationale: String
    /// How to fix it in general; findings may give a more specific fix.
    public let fix: String
    /// A situation that fires the rule and one that must not.
    public let fires: String
    public let passes: String
    /// What the rule reads beyond the listing: the parts of the target it is skipped
    /// without, and the costly parts of the image that the opening stage then builds.
    public let needs: Set<RuleNeed>

    public init(
        id: String, name: String, defaultSeverity: Severity, summary: String, rationale: String, fix: String,
        fires: String, passes: String, needs: [RuleNeed] = []
    ) {
        self.id = id
        self.name = name
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.rationale = rationale
        self.fix = fix
        self.fires = fires
        self.passes = passes
        self.needs = Set(needs)
    }

    /// The part of the target the rule is skipped without.
    var targetNeed: TargetNeed {
        needs.contains(.runtime) ? .runtime : needs.contains(.architecture) ? .architecture : .nothing
    }
}

/// What a rule reads beyond the archives' listings and the merged image. The engine skips a
/// rule whose target part is missing, and the opening stage builds the costly parts only
/// for the rules that run (ruff's `Rule::lint_source()`: a rule says what it reads, the
/// engine decides when).
public enum RuleNeed: String, Sendable, Hashable, CaseIterable {
    /// `--runtime` (or a function configuration or template that names one).
    case runtime
    /// `--arch` (or a function configuration or template that names one).
    case architecture
    /// `LintContext.binaries`: every shared object sniffed and its loader needs read.
    case nativeBinaries = "native-binaries"
    /// `LintContext.dependencies`: the requirements that apply on the target and what
    /// satisfies each.
    case dependencyResolution = "dependency-resolution"
    /// Every RECORD row of every distribution checked against the image; the engine starts
    /// such rules first, so that the threads finish together.
    case installedFiles = "installed-files"
    /// `LintContext.contents`: link targets, `.pth` files where Python processes them, the
    /// header of bytecode without its source.
    case memberContents = "member-contents"
    /// Without a runtime the rule still runs, over `LintContext.everyPython`: the dependency
    /// resolution for every supported Python runtime of the catalog.
    case everyPythonWithoutRuntime = "every-python-without-runtime"
    /// `LintContext.functionSources` and `standardLibrary`: the function package's own
    /// Python files, read, and the standard library's module names.
    case functionSources = "function-sources"
    /// `LintContext.imports`: the import model, with the modules the rules ask about imported
    /// (the handler's module, packages without metadata, distributions missing a requirement,
    /// packages with binaries the target does not load). Needs the binaries, contents and
    /// dependency resolution, which the opening stage then builds too.
    case importModel = "import-model"

    /// `needs` with what each of them reads in turn (the import model reads the binaries,
    /// the small members, the dependency resolution and the function's sources).
    static func including(_ needs: Set<RuleNeed>) -> Set<RuleNeed> {
        guard needs.contains(.importModel) else { return needs }
        return needs.union([.nativeBinaries, .memberContents, .dependencyResolution, .functionSources])
    }
}

/// What part of the target a rule needs (for skipped rules and `layerlint rules`).
public enum TargetNeed: String, Sendable {
    case nothing
    case runtime
    case architecture

    /// `, needs a runtime` for the rule's explanation; empty when it needs nothing.
    var phrase: String {
        switch self {
        case .nothing: return ""
        case .runtime: return "needs a runtime"
        case .architecture: return "needs an architecture"
        }
    }
}

/// A lint rule: it reads the context and returns findings. It never reads files, prints or
/// exits, and declares in its description what it reads (`RuleDescription.needs`).
protocol Rule: Sendable {
    static var description: RuleDescription { get }
    func check(_ context: LintContext) -> [Finding]
}

/// What rules see: the target and the inputs, opened and read by `LayerOpening`. A plain
/// value: everything in it was computed before the first rule runs.
struct LintContext: Sendable {
    let target: Target
    let layers: [CheckInput]
    /// The function's own package, when given.
    let functionPackage: CheckInput?
    /// The layers that could be listed, with their archives and the placement of their
    /// Python files (several layout rules read it).
    let readableLayers: [(input: CheckInput, archive: Archive, layout: LayerLayout)]
    /// The merged view of the readable layers (and function package) with its distributions.
    let image: LayerImage
    /// The requirements that apply on the target and what satisfies each (D001-D003);
    /// `nil` without a Python runtime, or when no rule that runs needs it.
    let dependencies: DependencyResolution?
    /// Without a runtime in the target: the resolution for each supported (not deprecated)
    /// Python runtime of the catalog, newest last; empty otherwise or when no rule needs it.
    let everyPython: [(runtime: RuntimeCatalog.Runtime, dependencies: DependencyResolution)]
    /// The native binaries of each readable layer (same order as `readableLayers`); empty
    /// when no rule that runs needs them.
    let binaries: [[NativeBinary]]
    /// The small members rules read of each readable layer (same order as
    /// `readableLayers`); empty when no rule that runs needs them.
    let contents: [MemberContents]
    /// The members of each readable layer whose data is corrupt (same order as
    /// `readableLayers`): all of them with `--verify`, else those the opening stage read.
    let corruptMembers: [[CorruptMember]]
    /// The runtime catalog, for facts beyond the runtime's own entry (its OS's glibc).
    let catalog: RuntimeCatalog?
    /// Today as an ISO date (`2026-11-25`), for deprecation dates.
    let today: String
    /// The handler the function configuration or template names (`app.handler`), if any.
    var handler: String?
    /// The function package's own Python files; empty without one or when no rule needs them.
    var functionSources: [FunctionSource] = []
    /// Every Python version's standard-library module names, when a rule that runs (or
    /// `why`) needs them: read once, for the target's version and for the versions before it.
    var standardLibraries: StandardLibrary?
    /// What importing the modules the rules ask about does on the target; `nil` without a
    /// Python runtime or when no rule that runs needs it.
    var imports: ImportModel?
    /// The same for the modules of packages holding binaries of another target, with those
    /// binaries taken to load: which imports need each of them (the compatibility rules'
    /// severity); `nil` when the layers hold none.
    var importsWithForeignBinariesRebuilt: ImportModel?

    /// The target Python's standard-library module names.
    var standardLibrary: StandardLibrary.Python? { python.flatMap { standardLibraries?.python($0.version) } }

    init(
        target: Target, layers: [CheckInput], functionPackage: CheckInput?,
        readableLayers: [(input: CheckInput, archive: Archive, layout: LayerLayout)], image: LayerImage,
        dependencies: DependencyResolution?,
        everyPython: [(runtime: RuntimeCatalog.Runtime, dependencies: DependencyResolution)] = [],
        binaries: [[NativeBinary]], contents: [MemberContents],
        corruptMembers: [[CorruptMember]], catalog: RuntimeCatalog?, today: String
    ) {
        self.target = target
        self.layers = layers
        self.functionPackage = functionPackage
        self.readableLayers = readableLayers
        self.image = image
        self.dependencies = dependencies
        self.everyPython = everyPython
        self.binaries = binaries
        self.contents = contents
        self.corruptMembers = corruptMembers
        self.catalog = catalog
        self.today = today
    }

    /// A context with every part read, for inputs already loaded (tests that drive rules
    /// themselves).
    init(
        target: Target, layers: [CheckInput], functionPackage: CheckInput? = nil, catalog: RuntimeCatalog? = nil,
        today: String = LintContext.currentDate(), verifying: Bool = false
    ) {
        self = LayerOpening.context(
            target: target, layers: layers, functionPackage: functionPackage, catalog: catalog, today: today,
            reading: Set(RuleNeed.allCases), verifying: verifying)
        (imports, importsWithForeignBinariesRebuilt) = LayerOpening.importModels(self)
    }

    /// The glibc of the target runtime's operating system (`2.26`), as `(major, minor)`.
    var glibcCeiling: (major: Int, minor: Int)? { Self.glibcCeiling(of: target, catalog: catalog) }

    /// The glibc of `target`'s runtime's operating system, as `(major, minor)`.
    static func glibcCeiling(of target: Target, catalog: RuntimeCatalog?) -> (major: Int, minor: Int)? {
        guard let runtime = target.runtime, let system = catalog?.operatingSystem(of: runtime) else { return nil }
        let parts = system.glibc.split(separator: ".").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    /// Today in UTC as `YYYY-MM-DD`, or the day of `SOURCE_DATE_EPOCH` when that is set
    /// (https://reproducible-builds.org/specs/source-date-epoch/), so that a report can be
    /// reproduced later.
    public static func currentDate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let seconds = environment["SOURCE_DATE_EPOCH"].flatMap { Int64($0) } ?? Int64(Date().timeIntervalSince1970)
        return isoDate(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// `YYYY-MM-DD` of a day counted from 1970-01-01 in the proleptic Gregorian calendar, by
    /// arithmetic (a date formatter loads the time zone database, which costs a millisecond
    /// at every run).
    static func isoDate(daysSinceEpoch days: Int64) -> String {
        // Days from 0000-03-01, split into 400-year eras of 146,097 days; years start in March
        // so that the leap day ends the year.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func padded(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// The target's Python runtime facts, or `nil` (no runtime, or not a Python runtime).
    var python: RuntimeCatalog.PythonRuntime? { target.runtime?.python }
}
