import Dispatch
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
    /// What the rule needs to know about the function; it is skipped without it.
    public let needs: TargetNeed

    public init(
        id: String, name: String, defaultSeverity: Severity, summary: String, rationale: String, fix: String,
        fires: String, passes: String, needs: TargetNeed = .nothing
    ) {
        self.id = id
        self.name = name
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.rationale = rationale
        self.fix = fix
        self.fires = fires
        self.passes = passes
        self.needs = needs
    }
}

/// What part of the target a rule needs.
public enum TargetNeed: String, Sendable {
    case nothing
    /// `--runtime` (or a function configuration or template that names one).
    case runtime
    /// `--arch` (or a function configuration or template that names one).
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

/// A lint rule: it reads the inputs and the target and returns findings. It never reads
/// files, prints or exits.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    /// Whether the rule reads `LintContext.binaries` (which inflates every shared object).
    static var readsNativeBinaries: Bool { get }
    /// Whether the rule does much more work than most (every RECORD row, the dependency
    /// resolution): such rules are started first, so that the engine's threads finish together.
    static var isCostly: Bool { get }
    func check(_ context: LintContext) -> [Finding]
}

extension Rule {
    public static var readsNativeBinaries: Bool { false }
    public static var isCostly: Bool { false }
}

/// What rules see: the target and the layers, already opened.
public struct LintContext: Sendable {
    public let target: Target
    public let layers: [CheckInput]
    /// The function's own package, when given.
    public let functionPackage: CheckInput?
    /// The layers that could be listed, with their archives and the placement of their
    /// Python files (computed once here; several layout rules read it).
    public let readableLayers: [(input: CheckInput, archive: Archive, layout: LayerLayout)]
    /// The merged view of the readable layers (and function package) with its distributions.
    public let image: LayerImage
    /// The requirements that apply on the target and what satisfies each (D001-D003 share it,
    /// computed by the first that asks, while the other rules run); `nil` without a Python runtime.
    var dependencies: DependencyResolution? { resolution.wrapped }
    private let resolution: Lazy<DependencyResolution?>
    /// The runtime catalog, for facts beyond the runtime's own entry (its OS's glibc).
    public let catalog: RuntimeCatalog?
    /// Today as an ISO date (`2026-11-25`), for deprecation dates.
    public let today: String
    private let nativeBinaries: Lazy<[[NativeBinary]]>

    /// The native binaries of each readable layer (same order as `readableLayers`), read on
    /// first use: only the compatibility rules and `inspect` need them.
    public var binaries: [[NativeBinary]] { nativeBinaries.wrapped }

    /// The glibc of the target runtime's operating system (`2.26`), as `(major, minor)`.
    public var glibcCeiling: (major: Int, minor: Int)? {
        guard let runtime = target.runtime, let system = catalog?.operatingSystem(of: runtime) else { return nil }
        let parts = system.glibc.split(separator: ".").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    public init(
        target: Target, layers: [CheckInput], functionPackage: CheckInput? = nil, catalog: RuntimeCatalog? = nil,
        today: String = LintContext.currentDate()
    ) {
        self.catalog = catalog
        self.today = today
        self.target = target
        // Inputs opened with only their central directory have their local headers read on
        // another thread while the listing is used here: the layouts and the image need
        // names and attributes only, and members are read through their own headers.
        let group = DispatchGroup()
        nonisolated(unsafe) var completed: (layers: [CheckInput], functionPackage: CheckInput?) = ([], nil)
        DispatchQueue.global().async(group: group) {
            completed = (layers.map { $0.readingLocalHeaders() }, functionPackage?.readingLocalHeaders())
        }
        let listed = layers.compactMap { input in (try? input.archive.get()).map { (input: input, archive: $0) } }
        // The layouts and the image both read every entry; they are built side by side.
        nonisolated(unsafe) var layouts: [LayerLayout] = []
        DispatchQueue.global().async(group: group) {
            layouts = listed.map { LayerLayout(archive: $0.input.path, entries: $0.archive.entries) }
        }
        let listedImage = LayerImage(
            layers: listed.map { ($0.input.path, $0.archive) },
            functionPackage: functionPackage.flatMap { input in (try? input.archive.get()).map { (input.path, $0) } },
            pythonVersion: target.runtime?.python?.version)
        group.wait()
        self.layers = completed.layers
        self.functionPackage = completed.functionPackage
        let readable = completed.layers.compactMap { input in (try? input.archive.get()).map { (input, $0) } }
        self.readableLayers = zip(readable, layouts).map { ($0.0, $0.1, $1) }
        self.image = listedImage.replacingArchives(
            readable.map(\.1) + (completed.functionPackage.flatMap { try? $0.archive.get() }.map { [$0] } ?? []))
        let image = self.image
        self.resolution = Lazy { DependencyResolution(image: image, target: target) }
        let scanned = readableLayers.map { ($0.input.path, $0.archive) }
        self.nativeBinaries = Lazy { NativeScan.scan(scanned, detail: .loaderNeeds) }
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
    public var python: RuntimeCatalog.PythonRuntime? { target.runtime?.python }
}
