import LambdaPlatform
import PythonSource

/// How CPython's path-based import finds a module on the target's `sys.path`, over the
/// image's files: for each part of a dotted name, each folder in order is asked for a
/// package (`name/__init__` with an accepted suffix), then a module (`name` + suffix), and
/// a folder without `__init__` is kept as a portion of a namespace package (PEP 420) while
/// the search goes on. Suffixes are tried as `importlib.machinery` orders them: extension
/// modules first (only the interpreter's own tags), then source, then bytecode.
///
/// The runtime's own packages and the standard library are known by name only (from the
/// catalog); built-in modules are found before `sys.path` is looked at.
package struct ImportResolution {
    /// One folder looked in for one part of the name, and what was there.
    package struct Step: Equatable {
        package enum Found: String {
            case package
            case module
            case extensionModule = "extension-module"
            case bytecode
            case namespacePortion = "namespace-portion"
            case runtimePackage = "runtime-package"
            case standardLibrary = "standard-library"
            case builtin
            case nothing
            /// `/var/task` without `--function-zip`.
            case notGiven = "not-given"
        }

        /// The dotted name being looked for (`google.protobuf` when `google` is found).
        package let module: String
        /// The folder (absolute), or `(built in)` for the interpreter's own modules.
        package let folder: String
        /// What the folder is: `the function package (fn.zip)`, `the layers (a.zip, b.zip)`.
        package let source: String
        package let found: Found
        /// The archive and member found, for a file of the image.
        package let archive: String?
        package let entry: String?
        /// The `.pth` file that added the folder to `sys.path`, when one did (also named in `source`).
        package var addedBy: String? = nil
    }

    /// What the search ended with.
    package enum Outcome: Equatable {
        /// A file of the image: its source index and member path, the folder it was found
        /// in and the search folder of the top-level part.
        case file(source: Int, member: String, found: Step.Found)
        /// A namespace package made of these folders.
        case namespace(folders: [String])
        /// The runtime's boto3 stack, the standard library or a built-in module: known by name.
        case runtime(Step.Found)
        /// Nothing, at the named part (`a.b` for `a.b.c` when `a` is found and `b` is not).
        case notFound(part: String)
        /// A part found as a module where a package is needed (`six.moves` is fine as
        /// `six` makes it at import; a plain `x.py` has no submodules).
        case notAPackage(part: String, source: Int, member: String)
    }

    package let module: String
    package private(set) var steps: [Step] = []
    package private(set) var outcome: Outcome = .notFound(part: "")
    /// For a file found in the image: the top-level name's search folder and source, which
    /// say which distribution holds it.
    package private(set) var topLevel: (folder: String, source: Int)?

    /// Resolves `module` (a dotted name of identifiers) for `python` on `architecture`.
    ///
    /// - Parameter pthFolders: folders that `.pth` files of the site folders add to the end
    ///   of `sys.path` at start-up, each with the file that adds it.
    package init(
        module: String, image: LayerImage, folders: ImageFolders, python: RuntimeCatalog.PythonRuntime,
        architecture: Architecture, standardLibrary: StandardLibrary.Python?,
        pthFolders: [(folder: String, file: String)] = []
    ) {
        let finder = ModuleFinder(
            image: image, folders: folders, python: python, architecture: architecture,
            standardLibrary: standardLibrary, pthFolders: pthFolders)
        self.init(module: module, finder: finder)
    }

    /// Resolves `module` with `finder`, part by part, recording each folder looked in.
    package init(module: String, finder: ModuleFinder) {
        self.module = module
        let parts = module.split(separator: ".").map(String.init)
        var searchFolders: [String]? = nil
        for (index, part) in parts.enumerated() {
            let dotted = parts[...index].joined(separator: ".")
            var searched: [Step] = []
            let found = finder.find(part, dotted: dotted, in: searchFolders, steps: &searched)
            steps += searched
            guard let found else {
                outcome = .notFound(part: dotted)
                return
            }
            outcome = found
            if index == 0 {
                switch found {
                case .file(let source, _, _):
                    if let step = searched.last, step.found != .nothing { topLevel = (step.folder, source) }
                case .namespace(let portions):
                    if let first = portions.first, let source = finder.image.files.anyOrigin(under: first)?.source {
                        topLevel = (String(first[..<(first.lastIndex(of: "/") ?? first.startIndex)]), source)
                    }
                default: break
                }
            }
            guard index + 1 < parts.count else { return }
            switch found {
            case .file(let sourceIndex, let member, let kind):
                guard kind == .package else {
                    outcome = .notAPackage(part: dotted, source: sourceIndex, member: member)
                    return
                }
                searchFolders = [finder.packageFolder(source: sourceIndex, member: member)]
            case .namespace(let portions):
                searchFolders = portions
            case .runtime:
                // Submodules of the runtime's own packages are not listed: the top-level name decides.
                return
            case .notFound, .notAPackage:
                return
            }
        }
    }

    /// Resolves `module` on the target of `context` (x86_64 when it names no architecture).
    package init(
        _ module: String, in context: LintContext, python: RuntimeCatalog.PythonRuntime, folders: ImageFolders,
        pthFolders: [(folder: String, file: String)] = []
    ) {
        self.init(
            module: module, image: context.image, folders: folders, python: python,
            architecture: context.target.architecture ?? .x86_64, standardLibrary: context.standardLibrary,
            pthFolders: pthFolders)
    }

    /// The file suffixes CPython `version` on Linux/`architecture` imports, in the order
    /// `importlib.machinery` tries them (`EXTENSION_SUFFIXES`, then source, then bytecode).
    package static func suffixes(python version: String, architecture: Architecture) -> [(
        suffix: String, kind: Step.Found
    )] {
        let digits = version.replacingOccurrences(of: ".", with: "")
        return [
            (".cpython-\(digits)-\(architecture.machine)-linux-gnu.so", .extensionModule),
            (".abi3.so", .extensionModule),
            (".so", .extensionModule), (".py", .module), (".pyc", .bytecode),
        ]
    }

    /// The top-level import names of the runtime's own copy of boto3 and its dependencies.
    package static func runtimeImportNames(_ python: RuntimeCatalog.PythonRuntime) -> Set<String> {
        // python-dateutil is imported as dateutil: the table of known projects says so.
        Set(
            python.providedDistributions.flatMap { name in
                let known = KnownProjects.importNames(ofProject: name)
                return known.isEmpty ? [name.replacingOccurrences(of: "-", with: "_")] : known
            })
    }

    /// Whether every part of `module` is a Python identifier.
    package static func isModuleName(_ module: String) -> Bool {
        let parts = module.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { PythonNames.isName(String($0)) }
    }
}
