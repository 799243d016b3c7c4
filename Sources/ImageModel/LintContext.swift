import Foundation
import LambdaPlatform
import ZipArchive

/// What rules see: the target and the inputs, opened and read by the opening stage
/// (`LayerOpening`). A plain value: everything in it was computed before the first rule runs.
package struct LintContext: Sendable {
    package let target: Target
    package let layers: [CheckInput]
    /// The function's own package, when given.
    package let functionPackage: CheckInput?
    /// The layers that could be listed, in function order, each with what was read of it.
    package let readableLayers: [OpenedLayer]
    /// The merged view of the readable layers (and function package) with its distributions:
    /// its sources are the readable layers, index for index, then the function package.
    package let image: LayerImage
    /// The requirements that apply on the target and what satisfies each (D001-D003);
    /// `nil` without a Python runtime, or when no rule that runs needs it.
    package let dependencies: DependencyResolution?
    /// Without a runtime in the target: the resolution for each supported (not deprecated)
    /// Python runtime of the catalog, newest last; empty otherwise or when no rule needs it.
    package let everyPython: [(runtime: RuntimeCatalog.Runtime, dependencies: DependencyResolution)]
    /// The runtime catalog, for facts beyond the runtime's own entry (its OS's glibc).
    package let catalog: RuntimeCatalog?
    /// Today as an ISO date (`2026-11-25`), for deprecation dates.
    package let today: String
    /// The handler the function configuration or template names (`app.handler`), if any.
    package var handler: String?
    /// The function package's own Python files; empty without one or when no rule needs them.
    package var functionSources: [FunctionSource] = []
    /// Every Python version's standard-library module names, when a rule that runs (or
    /// `why`) needs them: read once, for the target's version and for the versions before it.
    package var standardLibraries: StandardLibrary?
    /// What importing the modules the rules ask about does on the target; `nil` without a
    /// Python runtime or when no rule that runs needs it.
    package var imports: ImportModel?
    /// The same for the modules of packages holding binaries of another target, with those
    /// binaries taken to load: which imports need each of them (the compatibility rules'
    /// severity); `nil` when the layers hold none.
    package var importsWithForeignBinariesRebuilt: ImportModel?
    /// Where the loader finds the libraries the layers' extension modules need, and what it
    /// does not find; `nil` without a runtime whose OS the catalog lists libraries for, or
    /// when no rule that runs needs it.
    package var libraries: LibraryLoading?
    /// The function's environment variables from its configuration (`LD_LIBRARY_PATH`).
    package var functionEnvironment: [String: String] = [:]

    /// The target Python's standard-library module names.
    package var standardLibrary: StandardLibrary.Python? { python.flatMap { standardLibraries?.python($0.version) } }

    package init(
        target: Target, layers: [CheckInput], functionPackage: CheckInput?,
        readableLayers: [OpenedLayer], image: LayerImage, dependencies: DependencyResolution?,
        everyPython: [(runtime: RuntimeCatalog.Runtime, dependencies: DependencyResolution)] = [],
        catalog: RuntimeCatalog?, today: String
    ) {
        self.target = target
        self.layers = layers
        self.functionPackage = functionPackage
        self.readableLayers = readableLayers
        self.image = image
        self.dependencies = dependencies
        self.everyPython = everyPython
        self.catalog = catalog
        self.today = today
    }

    /// The glibc of the target runtime's operating system (`2.26`), as `(major, minor)`.
    package var glibcCeiling: (major: Int, minor: Int)? { Self.glibcCeiling(of: target, catalog: catalog) }

    /// The glibc of `target`'s runtime's operating system, as `(major, minor)`.
    package static func glibcCeiling(of target: Target, catalog: RuntimeCatalog?) -> (major: Int, minor: Int)? {
        guard let runtime = target.runtime, let system = catalog?.operatingSystem(of: runtime) else { return nil }
        let parts = system.glibc.split(separator: ".").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    /// The target's Python runtime facts, or `nil` (no runtime, or not a Python runtime).
    package var python: RuntimeCatalog.PythonRuntime? { target.runtime?.python }
}

/// One layer as the opening stage read it: the input, its archive, the placement of its
/// Python files, and what the rules that run needed read of it.
package struct OpenedLayer: Sendable {
    package let input: CheckInput
    package let archive: Archive
    /// Where its Python files sit (several layout rules read it).
    package let layout: LayerLayout
    /// Its native binaries, sniffed, with their loader needs; empty when no rule that runs
    /// needs them.
    package let binaries: [NativeBinary]
    /// The small members rules read (link targets, `.pth` files, sourceless bytecode);
    /// empty when no rule that runs needs them.
    package let contents: MemberContents
    /// Its members whose data is corrupt: all of them with `--verify`, else those the
    /// opening stage read.
    package let corruptMembers: [CorruptMember]

    package init(
        input: CheckInput, archive: Archive, layout: LayerLayout, binaries: [NativeBinary], contents: MemberContents,
        corruptMembers: [CorruptMember]
    ) {
        self.input = input
        self.archive = archive
        self.layout = layout
        self.binaries = binaries
        self.contents = contents
        self.corruptMembers = corruptMembers
    }
}
