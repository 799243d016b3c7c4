import BinaryFormats
import LambdaPlatform
import PythonPackaging
import PythonSource
import ZipArchive

/// What importing a module does on the target, over the image: the module is found as
/// CPython's path finder finds it (`ModuleFinder`), its parents' `__init__` run first, and a
/// source module's statements run as `ModuleRun` executes them, each import it makes
/// followed in turn, across packages and top-level names, on an explicit stack (no
/// recursion). An extension module loads when it is built for the target (`NativeBinary`);
/// bytecode without source when its magic number is the target's. Every module is imported
/// once (Python's `sys.modules`); a module that is still running when it is imported again
/// (a cycle) counts as imported, as Python hands out the partly initialised module.
///
/// The answer for each module is whether it imports, and if not, the chain of statements
/// from it down to the cause (`Cause`); failures under a condition that is not known are
/// kept apart (`Module.conditional`). The walk is bounded (`Limits.importedModules`,
/// `Limits.importDepth`): a module past the bound is taken as importing, and `isCut` says so.
package struct ImportModel: Sendable {
    /// A file of the image: the index of its source and its member path.
    package struct FileRef: Hashable, Sendable {
        package let source: Int
        package let member: String

        package init(source: Int, member: String) {
            self.source = source
            self.member = member
        }
    }

    /// Why a compiled file does not load on the target.
    package enum NativeMismatch: Equatable, Sendable {
        /// Built for another CPU (`aarch64`).
        case architecture(String)
        /// Built for macOS or Windows (`macOS (Mach-O, arm64)`).
        case operatingSystem(String)
        /// Tagged for another Python (`CPython 3.11`, `PyPy`).
        case python(String)
        /// Needs a newer glibc than the runtime's OS has (`2.28`).
        case glibc(String)
        case musl
        /// A library it needs, or a symbol version of one, that the loader does not find.
        case library(LibraryLoading.Problem)
    }

    /// The reason an import fails, at the end of its chain.
    package enum Cause: Equatable, Sendable {
        /// Nothing on the path has the module (`foreign`: extension modules of that name
        /// built for another target sit where it would be found).
        case notFound(module: String, foreign: [FileRef])
        /// The parent is a module, not a package.
        case notAPackage(module: String, parent: FileRef)
        /// An extension module is found but does not load.
        case unloadable(module: String, file: FileRef, mismatch: NativeMismatch)
        /// `from X import name`: X has no such attribute or submodule (a namespace package
        /// has none; `foreign`: the submodule exists only for another target).
        case cannotImportName(name: String, module: String, namespace: Bool, foreign: [FileRef])
        case syntaxError(module: String, file: FileRef, line: Int, message: String)
        /// The module's file cannot be read by the function's user (PermissionError).
        case unreadable(module: String, file: FileRef)
        /// Bytecode without source, compiled by another Python (bad magic number).
        case foreignBytecode(module: String, file: FileRef, version: String)
        /// The module's own code raises at import (`raise ImportError(...)`).
        case raised(module: String, file: FileRef, line: Int)
        /// The module opens a shared library by name when it runs (ctypes, cffi) that the
        /// loader does not find (an OSError).
        case libraryNotLoaded(module: String, file: FileRef, library: String, how: String)
        /// A relative import with no parent package, or going above the top-level package.
        case relativeImport(module: String, file: FileRef, line: Int, beyondTop: Bool)

        /// The files the cause is about.
        package var files: [FileRef] {
            switch self {
            case .notFound(_, let foreign), .cannotImportName(_, _, _, let foreign): return foreign
            case .notAPackage(_, let file), .unloadable(_, let file, _), .syntaxError(_, let file, _, _),
                .unreadable(_, let file), .foreignBytecode(_, let file, _), .raised(_, let file, _),
                .libraryNotLoaded(_, let file, _, _),
                .relativeImport(_, let file, _, _):
                return [file]
            }
        }
    }

    /// One import statement on a chain: the module making it, its file, the line, and
    /// what the statement says (`from . import _imaging as core`).
    package struct Link: Equatable, Sendable {
        package let module: String
        package let file: FileRef?
        package let line: Int
        package let statement: String
    }

    /// A failure: where it passed (`link`, then `next`), or its cause at the end.
    package struct Failure: Sendable {
        package let kind: ModuleRun.ExceptionKind
        package let cause: Cause?
        package let link: Link?
        package let next: Int?
    }

    /// A failure that happens only under a condition whose value is not known.
    package struct Conditional: Sendable {
        package let failure: Int
        package let link: Link
        package let condition: String
    }

    /// One module as the model imported it.
    package struct Module: Sendable {
        package enum Spec: Equatable, Sendable {
            case source(FileRef, isPackage: Bool)
            case bytecode(FileRef, isPackage: Bool)
            case extensionModule(FileRef)
            case namespace
            /// The standard library, a built-in module or the runtime's own packages.
            case runtime(ImportResolution.Step.Found)
            /// Made at import time by a package's own finder (`distutils` by setuptools).
            case hook(ImportHook)
            case notFound
        }

        package var spec: Spec
        /// Where its submodules are found (a package's `__path__`); empty for a module.
        package var folders: [String] = []
        package var failure: Int?
        /// For the function's own modules, run past their first failure: the failures of the
        /// statements after it (each would end the import once those before are mended).
        package var laterFailures: [Int] = []
        package var conditional: [Conditional] = []
        /// What running its code left (for source modules that ran).
        package var outcome: ModuleRun.Outcome?
        package var isRunning = false
        /// Taken as importing without being run: past the walk's bound, or its source
        /// could not be read.
        package var notRun = false

        /// The file of the module, when it has one.
        package var file: FileRef? {
            switch spec {
            case .source(let file, _), .bytecode(let file, _), .extensionModule(let file): return file
            default: return nil
            }
        }
    }

    /// An import that reached a compiled file (the extension module it names, or the
    /// files of another target that stand where it would be): where, and how it was met.
    package struct Attempt: Equatable, Sendable {
        package enum How: Equatable, Sendable {
            /// A handler around it keeps its failure.
            case guarded
            /// It runs only under a condition whose value is not known.
            case conditional
            /// It runs, unguarded: the importing module needs the file.
            case required
        }

        /// The statement, or `nil` when the module was asked for itself.
        package let link: Link?
        package let how: How
    }

    package let finder: ModuleFinder
    package let target: PythonTarget
    package let hooks: [ImportHook]
    /// What compiled modules import when they load, by module.
    package let compiledImports: [String: CompiledImport]
    /// Providers of import hooks that a `.pth` file imports at start-up.
    package let startupImports: Set<String>
    /// The layers' binaries by file, and the glibc of the runtime's OS.
    package let binaries: [FileRef: NativeBinary]
    package let glibcCeiling: (major: Int, minor: Int)?
    /// Where the loader finds the libraries extension modules need; `nil` when not modelled.
    package let libraries: LibraryLoading?
    package let architecture: Architecture
    /// Whether the target names its architecture (else a binary's CPU is not held against it).
    package let knowsArchitecture: Bool
    /// Sourceless bytecode of the layers: the Python version of its magic number.
    package let bytecodeVersions: [FileRef: String]
    /// Extension-module files of the image by absolute folder and module name
    /// (`/opt/python/pkg\u{0}_core`), for the evidence of a module found nowhere.
    package let extensionFiles: [String: [FileRef]]

    package internal(set) var modules: [String: Module] = [:]
    package internal(set) var failures: [Failure] = []
    /// Each compiled file imports reached, with how they were met (a few per file).
    package internal(set) var attempts: [FileRef: [Attempt]] = [:]
    /// Whether binaries built for another target are taken to load: the model of the layer
    /// as it would be with them rebuilt, which tells what needs each of them.
    package internal(set) var assumesForeignBinariesLoad = false
    /// Whether the walk stopped at its bound somewhere.
    package internal(set) var isCut = false
    /// Folders that imported packages appended to `sys.path` (their hooks' `pathEntries`).
    package internal(set) var addedFolders: [String] = []
    // The walk's state (ImportModelWalk.swift), read and written only while the model is built.
    var frames: [Frame] = []
    var modulesRun = 0

    /// The attributes Python gives every module object.
    package static let moduleAttributes: Set<String> = [
        "__doc__", "__name__", "__file__", "__spec__", "__loader__", "__package__", "__path__", "__builtins__",
        "__cached__", "__dict__",
    ]

    package static let maximumModules = Limits.importedModules
    package static let maximumDepth = Limits.importDepth

    /// A model that has imported nothing yet, over `image` and its `folders` (`image.folders()`).
    package init(
        image: LayerImage, folders: ImageFolders, python: RuntimeCatalog.PythonRuntime, architecture: Architecture,
        knowsArchitecture: Bool, standardLibrary: StandardLibrary.Python?, hooks: [ImportHook],
        compiledImports: [CompiledImport] = [], layers: [OpenedLayer], glibcCeiling: (major: Int, minor: Int)?,
        pthFolders: [(folder: String, file: String)], startupImports: Set<String>, environment: Set<String> = [],
        libraries: LibraryLoading? = nil
    ) {
        self.libraries = libraries
        self.finder = ModuleFinder(
            image: image, folders: folders, python: python, architecture: architecture,
            standardLibrary: standardLibrary, pthFolders: pthFolders)
        self.target =
            PythonTarget(version: python.version, machine: architecture.machine, environment: environment)
            ?? PythonTarget(version: [3, 12], machine: "x86_64", environment: environment)
        self.architecture = architecture
        self.knowsArchitecture = knowsArchitecture
        self.hooks = hooks
        self.compiledImports = Dictionary(
            compiledImports.map { ($0.module, $0) }, uniquingKeysWith: { first, _ in first })
        self.startupImports = startupImports
        self.glibcCeiling = glibcCeiling
        var sourceByPath: [String: Int] = [:]
        for (index, source) in image.sources.enumerated() where sourceByPath[source.path] == nil {
            sourceByPath[source.path] = index
        }
        var byFile: [FileRef: NativeBinary] = [:]
        for layer in layers {
            for binary in layer.binaries {
                guard let source = sourceByPath[binary.archive] else { continue }
                byFile[FileRef(source: source, member: binary.path)] = binary
            }
        }
        self.binaries = byFile
        var bytecode: [FileRef: String] = [:]
        for (layer, opened) in layers.enumerated() where layer < image.sources.count {
            let archive = image.sources[layer].archive
            for (index, version) in opened.contents.sourcelessBytecode {
                if let version { bytecode[FileRef(source: layer, member: archive.entries[index].name)] = version }
            }
        }
        self.bytecodeVersions = bytecode
        var extensions: [String: [FileRef]] = [:]
        for (sourceIndex, source) in image.sources.enumerated() {
            for entry in source.archive.entries where entry.fileType == .regular {
                let name = entry.name
                guard name.utf8HasSuffix(".so") || name.utf8HasSuffix(".pyd") else { continue }
                let slash = name.lastIndex(of: "/")
                let file = slash.map { name[name.index(after: $0)...] } ?? name[...]
                guard let module = file.split(separator: ".", maxSplits: 1).first else { continue }
                let folder = source.root + (slash.map { String(name[..<$0]) } ?? "")
                let key = (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "\u{0}" + module
                extensions[key, default: []].append(FileRef(source: sourceIndex, member: name))
            }
        }
        self.extensionFiles = extensions
    }

    /// A copy of this model, which has imported nothing yet, with every binary built for
    /// another target taken to load (its indexes over the image are shared, not built again).
    package func assumingForeignBinariesLoad() -> ImportModel {
        assert(modules.isEmpty && frames.isEmpty, "copied after importing")
        var rebuilt = self
        rebuilt.assumesForeignBinariesLoad = true
        return rebuilt
    }

    // MARK: Asking

    /// Imports `module` (and what it needs), unless that was done already.
    package mutating func evaluate(_ module: String) {
        guard modules[module] == nil || modules[module]?.isRunning == true else { return }
        var task = Task(request: nil, module: module)
        while true {
            if frames.isEmpty {
                guard case .answered(let answer) = advance(&task) else { continue }
                // A parent that fails fails the module: it is never looked for.
                if case .failed(let failure) = answer, modules[module] == nil, failure.id >= 0 {
                    store(module, Module(spec: .notFound, failure: failure.id))
                }
                return
            }
            step()
        }
    }

    /// The module as imported, after `evaluate`.
    package func module(_ name: String) -> Module? { modules[name] }

    /// The failure's chain: the statements it passed, in order, and its cause.
    package func chain(of failure: Int) -> (links: [Link], cause: Cause?) {
        var links: [Link] = []
        var current: Int? = failure
        var cause: Cause?
        var seen = 0
        while let index = current, index < failures.count, seen <= failures.count {
            seen += 1
            let record = failures[index]
            if let link = record.link { links.append(link) }
            if let found = record.cause { cause = found }
            current = record.next
        }
        return (links, cause)
    }

    /// The modules that failed to import, by name.
    package var failedModules: [(name: String, failure: Int)] {
        modules.compactMap { name, module in module.failure.map { (name, $0) } }.sorted { $0.name < $1.name }
    }
}
