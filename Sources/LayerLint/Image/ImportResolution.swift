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
struct ImportResolution {
    /// One folder looked in for one part of the name, and what was there.
    struct Step: Equatable {
        enum Found: String {
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
        let module: String
        /// The folder (absolute), or `(built in)` for the interpreter's own modules.
        let folder: String
        /// What the folder is: `the function package (fn.zip)`, `the layers (a.zip, b.zip)`.
        let source: String
        let found: Found
        /// The archive and member found, for a file of the image.
        let archive: String?
        let entry: String?
        /// The `.pth` file that added the folder to `sys.path`, when one did (also named in `source`).
        var addedBy: String? = nil
    }

    /// What the search ended with.
    enum Outcome: Equatable {
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

    let module: String
    private(set) var steps: [Step] = []
    private(set) var outcome: Outcome = .notFound(part: "")
    /// For a file found in the image: the top-level name's search folder and source, which
    /// say which distribution holds it.
    private(set) var topLevel: (folder: String, source: Int)?

    /// Resolves `module` (a dotted name of identifiers) for `python` on `architecture`.
    ///
    /// - Parameter pthFolders: folders that `.pth` files of the site folders add to the end
    ///   of `sys.path` at start-up, each with the file that adds it.
    init(
        module: String, image: LayerImage, folders: Set<String>, python: RuntimeCatalog.PythonRuntime,
        architecture: Architecture, standardLibrary: StandardLibrary.Python?,
        pthFolders: [(folder: String, file: String)] = []
    ) {
        self.module = module
        let parts = module.split(separator: ".").map(String.init)
        let suffixes = Self.suffixes(python: python.version, architecture: architecture)
        let layerNames = image.layerPaths
        let layersSource =
            layerNames.isEmpty ? "no layer given" : "the layers " + layerNames.joined(separator: ", ")
        let functionSource = image.functionPackageSource.map { "the function package " + image.sources[$0].path }

        guard let top = parts.first else { return }
        if standardLibrary?.isBuiltin(top) == true {
            steps.append(
                Step(
                    module: top, folder: "(built in)", source: "the interpreter", found: .builtin, archive: nil,
                    entry: nil))
            outcome = .runtime(.builtin)
            return
        }
        // The folders of sys.path for the first part, then the found package's folders.
        var searchFolders: [String] = python.sysPath + pthFolders.map(\.folder)
        let addedBy = Dictionary(pthFolders.map { ($0.folder, $0.file) }, uniquingKeysWith: { first, _ in first })
        for (index, part) in parts.enumerated() {
            let dotted = parts[...index].joined(separator: ".")
            var portions: [String] = []
            var result: Outcome?
            var reachedStandardLibrary = false
            for folder in searchFolders {
                let source: String
                let inImage: Bool
                let pthFile = index == 0 ? addedBy[folder] : nil
                if folder == "/var/task" {
                    guard let functionSource else {
                        steps.append(
                            Step(
                                module: dotted, folder: folder, source: "no function package given", found: .notGiven,
                                archive: nil, entry: nil))
                        continue
                    }
                    source = functionSource
                    inImage = true
                } else if folder.hasPrefix("/opt/") || folder == "/opt" {
                    source = layersSource + (pthFile.map { " (added by \($0))" } ?? "")
                    inImage = true
                } else if folder.hasPrefix("/var/task/") {
                    source = functionSource ?? "no function package given"
                    inImage = true
                } else {
                    source = folder == python.runtimePackagesPath ? "the runtime's packages" : "the standard library"
                    inImage = false
                }
                if !inImage {
                    // Only top-level names are known of the runtime's own folders.
                    guard index == 0 else { continue }
                    if folder == python.runtimePackagesPath {
                        let found = Self.runtimeImportNames(python).contains(part)
                        steps.append(
                            Step(
                                module: dotted, folder: folder, source: source,
                                found: found ? .runtimePackage : .nothing, archive: nil, entry: nil))
                        if found {
                            result = .runtime(.runtimePackage)
                            break
                        }
                        continue
                    }
                    // The stdlib's zip, its folder and lib-dynload are one list of names: shown once,
                    // at the folder.
                    guard !reachedStandardLibrary, folder.hasSuffix("/python" + python.version) else { continue }
                    reachedStandardLibrary = true
                    let found = standardLibrary?.contains(part) == true
                    steps.append(
                        Step(
                            module: dotted, folder: folder, source: "the standard library of Python \(python.version)",
                            found: found ? .standardLibrary : .nothing, archive: nil, entry: nil))
                    if found {
                        result = .runtime(.standardLibrary)
                        break
                    }
                    continue
                }
                let base = folder + "/" + part
                if let (path, _) = Self.firstFile(
                    suffixes.map { base + "/__init__" + $0.suffix }, kinds: suffixes.map(\.kind), image: image)
                {
                    result = fileOutcome(path, found: .package, image: image)
                } else if let (path, found) = Self.firstFile(
                    suffixes.map { base + $0.suffix }, kinds: suffixes.map(\.kind), image: image)
                {
                    result = fileOutcome(path, found: found, image: image)
                } else if folders.contains(base) {
                    portions.append(base)
                    steps.append(
                        Step(
                            module: dotted, folder: folder, source: source, found: .namespacePortion, archive: nil,
                            entry: nil))
                    continue
                }
                if let result, case .file(let sourceIndex, let member, let found) = result {
                    steps.append(
                        Step(
                            module: dotted, folder: folder, source: source, found: found,
                            archive: image.sources[sourceIndex].path, entry: member, addedBy: pthFile))
                    if index == 0 { topLevel = (folder, sourceIndex) }
                    break
                }
                steps.append(
                    Step(module: dotted, folder: folder, source: source, found: .nothing, archive: nil, entry: nil))
            }
            let resolved = result ?? (portions.isEmpty ? nil : .namespace(folders: portions))
            guard let resolved else {
                outcome = .notFound(part: dotted)
                return
            }
            outcome = resolved
            guard index + 1 < parts.count else { return }
            switch resolved {
            case .file(let sourceIndex, let member, let found):
                guard found == .package else {
                    outcome = .notAPackage(part: dotted, source: sourceIndex, member: member)
                    return
                }
                // The package's folder: the member's folder, absolute.
                let root = image.sources[sourceIndex].root
                searchFolders = [root + String(member[..<(member.lastIndex(of: "/") ?? member.startIndex)])]
            case .namespace(let found):
                if index == 0, let first = found.first, let source = Self.source(of: first, image: image) {
                    topLevel = (String(first[..<(first.lastIndex(of: "/") ?? first.startIndex)]), source)
                }
                searchFolders = found
            case .runtime:
                // Submodules of the runtime's own packages are not listed: the top-level name decides.
                return
            case .notFound, .notAPackage:
                return
            }
        }
    }

    /// Resolves `module` on the target of `context` (x86_64 when it names no architecture).
    init(
        _ module: String, in context: LintContext, python: RuntimeCatalog.PythonRuntime, folders: Set<String>,
        pthFolders: [(folder: String, file: String)] = []
    ) {
        self.init(
            module: module, image: context.image, folders: folders, python: python,
            architecture: context.target.architecture ?? .x86_64, standardLibrary: context.standardLibrary,
            pthFolders: pthFolders)
    }

    private func fileOutcome(_ path: String, found: Step.Found, image: LayerImage) -> Outcome? {
        guard let origin = image.origin(of: path) else { return nil }
        return .file(source: origin.source, member: image.entry(origin).name, found: found)
    }

    /// The first of `paths` the image has, with the kind at the same position.
    private static func firstFile(_ paths: [String], kinds: [Step.Found], image: LayerImage) -> (String, Step.Found)? {
        for (path, kind) in zip(paths, kinds) where image.hasFile(path) { return (path, kind) }
        return nil
    }

    /// The source of the first file under the absolute folder `folder`.
    private static func source(of folder: String, image: LayerImage) -> Int? {
        image.files.anyOrigin(under: folder)?.source
    }

    /// The file suffixes CPython `version` on Linux/`architecture` imports, in the order
    /// `importlib.machinery` tries them (`EXTENSION_SUFFIXES`, then source, then bytecode).
    static func suffixes(python version: String, architecture: Architecture) -> [(suffix: String, kind: Step.Found)] {
        let digits = version.replacingOccurrences(of: ".", with: "")
        return [
            (".cpython-\(digits)-\(architecture.machine)-linux-gnu.so", .extensionModule),
            (".abi3.so", .extensionModule),
            (".so", .extensionModule), (".py", .module), (".pyc", .bytecode),
        ]
    }

    /// The top-level import names of the runtime's own copy of boto3 and its dependencies.
    static func runtimeImportNames(_ python: RuntimeCatalog.PythonRuntime) -> Set<String> {
        // python-dateutil is imported as dateutil: the table of known projects says so.
        Set(
            python.providedDistributions.flatMap { name in
                let known = KnownProjects.importNames(ofProject: name)
                return known.isEmpty ? [name.replacingOccurrences(of: "-", with: "_")] : known
            })
    }

    /// Whether every part of `module` is a Python identifier.
    static func isModuleName(_ module: String) -> Bool {
        let parts = module.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { PythonNames.isName(String($0)) }
    }
}
