import Foundation

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
    /// `LintContext.libraries`: the dynamic sections of the extension modules and of the
    /// libraries of the image they load, read in full, and where the loader finds each
    /// library they need. The import model counts a missing library when this was read.
    case libraryLoading = "library-loading"

    /// `needs` with what each of them reads in turn (the import model reads the binaries,
    /// the small members, the dependency resolution and the function's sources).
    package static func including(_ needs: Set<RuleNeed>) -> Set<RuleNeed> {
        var needs = needs
        if needs.contains(.importModel) {
            needs.formUnion([.nativeBinaries, .memberContents, .dependencyResolution, .functionSources])
        }
        if needs.contains(.libraryLoading) { needs.insert(.nativeBinaries) }
        return needs
    }
}
