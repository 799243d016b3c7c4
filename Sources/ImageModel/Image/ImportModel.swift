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
        /// A relative import with no parent package, or going above the top-level package.
        case relativeImport(module: String, file: FileRef, line: Int, beyondTop: Bool)

        /// The files the cause is about.
        package var files: [FileRef] {
            switch self {
            case .notFound(_, let foreign), .cannotImportName(_, _, _, let foreign): return foreign
            case .notAPackage(_, let file), .unloadable(_, let file, _), .syntaxError(_, let file, _, _),
                .unreadable(_, let file), .foreignBytecode(_, let file, _), .raised(_, let file, _),
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
    package let architecture: Architecture
    /// Whether the target names its architecture (else a binary's CPU is not held against it).
    package let knowsArchitecture: Bool
    /// Sourceless bytecode of the layers: the Python version of its magic number.
    package let bytecodeVersions: [FileRef: String]
    /// Extension-module files of the image by absolute folder and module name
    /// (`/opt/python/pkg\u{0}_core`), for the evidence of a module found nowhere.
    package let extensionFiles: [String: [FileRef]]

    package private(set) var modules: [String: Module] = [:]
    package private(set) var failures: [Failure] = []
    /// Each compiled file imports reached, with how they were met (a few per file).
    package private(set) var attempts: [FileRef: [Attempt]] = [:]
    /// Whether binaries built for another target are taken to load: the model of the layer
    /// as it would be with them rebuilt, which tells what needs each of them.
    package private(set) var assumesForeignBinariesLoad = false
    /// Whether the walk stopped at its bound somewhere.
    package private(set) var isCut = false
    /// Folders that imported packages appended to `sys.path` (their hooks' `pathEntries`).
    package private(set) var addedFolders: [String] = []
    private var frames: [Frame] = []
    private var modulesRun = 0

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
        compiledImports: [CompiledImport] = [], binaries: [[NativeBinary]],
        glibcCeiling: (major: Int, minor: Int)?, contents: [MemberContents],
        pthFolders: [(folder: String, file: String)], startupImports: Set<String>, environment: Set<String> = []
    ) {
        self.finder = ModuleFinder(
            image: image, folders: folders, python: python, architecture: architecture,
            standardLibrary: standardLibrary, pthFolders: pthFolders)
        self.target =
            PythonTarget(version: python.version, machine: architecture.machine, environment: environment)
            ?? PythonTarget(version: [3, 12], machine: "x86_64", environment: environment)
        self.architecture = architecture
        self.knowsArchitecture = knowsArchitecture
        self.hooks = hooks
        self.compiledImports = Dictionary(compiledImports.map { ($0.module, $0) }, uniquingKeysWith: { first, _ in first })
        self.startupImports = startupImports
        self.glibcCeiling = glibcCeiling
        var sourceByPath: [String: Int] = [:]
        for (index, source) in image.sources.enumerated() where sourceByPath[source.path] == nil {
            sourceByPath[source.path] = index
        }
        var byFile: [FileRef: NativeBinary] = [:]
        for layer in binaries {
            for binary in layer {
                guard let source = sourceByPath[binary.archive] else { continue }
                byFile[FileRef(source: source, member: binary.path)] = binary
            }
        }
        self.binaries = byFile
        var bytecode: [FileRef: String] = [:]
        for (layer, layerContents) in contents.enumerated() where layer < image.sources.count {
            let archive = image.sources[layer].archive
            for (index, version) in layerContents.sourcelessBytecode {
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

    // MARK: The walk

    package struct Task {
        /// The request of the running module it answers (`nil` for `evaluate`'s own).
        package let request: ModuleRun.Request?
        /// The dotted module imported: each of its prefixes is imported in turn, parents
        /// first, made one at a time (`import a.a.a…` of 100,000 parts stops at the first
        /// that is missing, without building the others).
        package let module: String
        /// The end of the prefix imported last; `nil` before the first.
        package var prefixEnd: String.Index?
        package var parts = 0
        /// Submodules a `from` import names, imported after the module.
        package var submodules: [String] = []
        package var submoduleIndex = 0
        package var nameIndex = 0
        package var values: [String: PythonValue] = [:]

        package init(request: ModuleRun.Request?, module: String) {
            self.request = request
            self.module = module
        }

        /// The end of the next prefix of `module`, or `nil` when every prefix is imported.
        private var nextPrefixEnd: String.Index? {
            guard prefixEnd.map({ $0 < module.endIndex }) ?? !module.isEmpty else { return nil }
            let start = prefixEnd.map { module.index(after: $0) } ?? module.startIndex
            return module[start...].firstIndex(of: ".") ?? module.endIndex
        }

        /// The next module to import, or `nil` when all are.
        package var next: String? {
            if let end = nextPrefixEnd { return String(module[..<end]) }
            return submoduleIndex < submodules.count ? submodules[submoduleIndex] : nil
        }

        /// The module `next` named is imported.
        package mutating func moveOn() {
            if let end = nextPrefixEnd {
                prefixEnd = end
                parts += 1
            } else {
                submoduleIndex += 1
            }
        }
    }

    package struct Frame {
        package let name: String
        package var run: ModuleRun
        package var task: Task?
    }

    package enum Progress {
        case pushed
        case answered(ModuleRun.Answer)
    }

    /// One step of the module on top of the stack: its pending import, or its next statement.
    private mutating func step() {
        let top = frames.count - 1
        if var task = frames[top].task {
            let progress = advance(&task)
            guard frames.count > top else { return }
            switch progress {
            case .pushed:
                frames[top].task = task
            case .answered(let answer):
                frames[top].task = nil
                frames[top].run.answer(answer)
            }
            return
        }
        switch frames[top].run.next() {
        case .request(let request):
            var module = ""
            if case .module(let name) = request.target { module = name }
            frames[top].task = Task(request: request, module: module)
        case .finished:
            finish()
        }
    }

    /// `a.b.c` → `a`, `a.b`, `a.b.c`: each parent is imported first.
    package static func prefixes(_ module: String) -> [String] {
        var result: [String] = []
        var current = ""
        for part in module.split(separator: ".") {
            current = current.isEmpty ? String(part) : current + "." + part
            result.append(current)
        }
        return result
    }

    /// Moves a task on: imports the next module it needs (pushing a frame when that module
    /// runs code), then, for `from X import …`, each name as a submodule or an attribute.
    private mutating func advance(_ task: inout Task) -> Progress {
        if let request = task.request, request.target == .noParent || request.target == .beyondTop {
            return .answered(.failed(relativeFailure(request)))
        }
        while true {
            if let name = task.next {
                guard task.parts < Self.maximumDepth else {
                    // A dotted name deeper than any package chain: past the bound, taken to import.
                    isCut = true
                    return .answered(.imported(task.values))
                }
                if let known = modules[name] {
                    noteAttempt(on: known, request: task.request)
                    if !known.isRunning, let failure = known.failure {
                        return .answered(.failed(ModuleRun.Failure(kind: failures[failure].kind, id: failure)))
                    }
                    task.moveOn()
                    continue
                }
                if start(name) { return .pushed }
                continue
            }
            guard let request = task.request, request.isFrom, case .module(let parent) = request.target,
                task.nameIndex < request.names.count
            else {
                if let request = task.request, !request.isFrom, case .module(let name) = request.target {
                    return .answered(.importedModule(values(of: name)))
                }
                return .answered(.imported(task.values))
            }
            let name = request.names[task.nameIndex]
            task.nameIndex += 1
            guard let owner = modules[parent] else { continue }
            if !owner.folders.isEmpty, owner.spec != .notFound, hasSubmodule(name, of: parent, owner) {
                task.submodules.append(parent + "." + name)
                task.values[name] = .module(parent + "." + name)
                continue
            }
            if let failure = missingAttribute(name, of: parent, owner) {
                return .answered(.failed(failure))
            }
            task.values[name] = owner.outcome?.values[name] ?? .unknown
        }
    }

    /// What a module that ran to its end bound, for the modules that import it.
    private func values(of name: String) -> ModuleRun.ModuleValues? {
        guard let module = modules[name], !module.isRunning, !module.notRun, module.failure == nil,
            let outcome = module.outcome
        else { return nil }
        return ModuleRun.ModuleValues(values: outcome.values, isOpen: outcome.isOpen)
    }

    /// Whether `parent.name` is a submodule the finder finds (or a hook provides).
    private func hasSubmodule(_ name: String, of parent: String, _ owner: Module) -> Bool {
        if modules[parent + "." + name] != nil || providingHook(parent + "." + name) != nil { return true }
        var ignored: [ImportResolution.Step] = []
        if finder.find(name, dotted: parent + "." + name, in: owner.folders, steps: &ignored) != nil { return true }
        return assumesForeignBinariesLoad && owner.folders.contains { !foreignFiles(name, in: $0).isEmpty }
    }

    /// `from parent import name` where `name` is no submodule: an ImportError when the
    /// parent certainly has no such attribute: a namespace package, or a module whose code
    /// (so far, for a package still initialising) bound no such name and makes none up (no
    /// star import, `__getattr__` or dynamic binding). Files of that name built for another
    /// target are the evidence, when there are some.
    private mutating func missingAttribute(_ name: String, of parent: String, _ owner: Module) -> ModuleRun.Failure? {
        // Every module has these.
        guard !Self.moduleAttributes.contains(name) else { return nil }
        let evidence = owner.folders.flatMap { foreignFiles(name, in: $0) }
            + (owner.spec == .namespace ? foreignFilesForModule(parent) : [])
        switch owner.spec {
        case .namespace:
            return record(.cannotImportName(name: name, module: parent, namespace: true, foreign: evidence), .importError)
        case .source:
            // A package still running (partly initialised) has bound only what ran so far.
            let running = owner.isRunning ? frames.last { $0.name == parent }?.run.outcome : nil
            guard let outcome = running ?? owner.outcome, !owner.notRun, outcome.bound[name] == nil, !outcome.isOpen
            else { return nil }
            return record(
                .cannotImportName(name: name, module: parent, namespace: false, foreign: evidence), .importError)
        default:
            return nil
        }
    }

    /// Finds `name` and records what it is, or starts running its code.
    ///
    /// - Returns: whether a frame was pushed (the module runs).
    private mutating func start(_ name: String) -> Bool {
        let parts = name.split(separator: ".")
        let part = String(parts.last ?? "")
        var searchFolders: [String]?
        if parts.count > 1 {
            let parentName = parts.dropLast().joined(separator: ".")
            guard let parent = modules[parentName] else {
                store(name, Module(spec: .notFound, failure: recordID(.notFound(module: name, foreign: []), .moduleNotFound)))
                return false
            }
            switch parent.spec {
            case .runtime(let kind):
                store(name, Module(spec: .runtime(kind)))
                return false
            case .hook(let hook):
                store(name, Module(spec: .hook(hook)))
                return false
            case .source(let file, isPackage: false), .bytecode(let file, isPackage: false), .extensionModule(let file):
                if let hook = providingHook(name) {
                    store(name, Module(spec: .hook(hook)))
                } else {
                    store(
                        name,
                        Module(
                            spec: .notFound,
                            failure: recordID(.notAPackage(module: name, parent: file), .moduleNotFound)))
                }
                return false
            default:
                searchFolders = parent.folders
            }
        }
        var ignored: [ImportResolution.Step] = []
        let found = finder.find(
            part, dotted: name, in: searchFolders, addedFolders: searchFolders == nil ? addedFolders : [],
            steps: &ignored)
        switch found {
        case .file(let source, let member, let kind)?:
            let file = FileRef(source: source, member: member)
            let isPackage = kind == .package
            let folders = isPackage ? [finder.packageFolder(source: source, member: member)] : []
            if isUnreadable(file) {
                store(
                    name,
                    Module(
                        spec: .source(file, isPackage: isPackage), folders: folders,
                        failure: recordID(.unreadable(module: name, file: file), .other)))
                return false
            }
            if member.utf8HasSuffix(".py") {
                return run(name, file: file, isPackage: isPackage, folders: folders)
            }
            if member.utf8HasSuffix(".pyc") {
                var module = Module(spec: .bytecode(file, isPackage: isPackage), folders: folders)
                if let version = bytecodeVersions[file], version != finder.python.version {
                    module.failure = recordID(
                        .foreignBytecode(module: name, file: file, version: version), .importError)
                }
                store(name, module)
                return false
            }
            var module = Module(spec: .extensionModule(file), folders: folders)
            if !assumesForeignBinariesLoad, let binary = binaries[file], let mismatch = mismatch(of: binary) {
                module.failure = recordID(.unloadable(module: name, file: file, mismatch: mismatch), .importError)
            } else if let compiled = compiledImports[name] {
                // It loads, and imports what its compiled code imports: run that as its code.
                let source = compiled.imports.map { "import \($0)\n" }.joined()
                return run(name, file: file, isPackage: isPackage, folders: folders, scan: ModuleScan(source: source))
            }
            store(name, module)
        case .namespace(let portions)?:
            store(name, Module(spec: .namespace, folders: portions))
        case .runtime(let kind)?:
            store(name, Module(spec: .runtime(kind)))
        case .notFound?, .notAPackage?, nil:
            if let hook = providingHook(name) {
                store(name, Module(spec: .hook(hook)))
            } else {
                let folders = searchFolders ?? (finder.topFolders + addedFolders)
                let foreign = folders.flatMap { foreignFiles(part, in: $0) }
                if assumesForeignBinariesLoad, let file = foreign.first {
                    // Rebuilt for the target, the module would be this file.
                    store(name, Module(spec: .extensionModule(file)))
                    return false
                }
                store(
                    name,
                    Module(spec: .notFound, failure: recordID(.notFound(module: name, foreign: foreign), .moduleNotFound)))
            }
        }
        return false
    }

    /// Starts running a source module, or takes it as importing when it cannot be read or
    /// the walk is at its bound.
    private mutating func run(
        _ name: String, file: FileRef, isPackage: Bool, folders: [String], scan compiled: ModuleScan? = nil
    ) -> Bool {
        var module = Module(
            spec: compiled == nil ? .source(file, isPackage: isPackage) : .extensionModule(file), folders: folders)
        guard modulesRun < Self.maximumModules, frames.count < Self.maximumDepth else {
            isCut = true
            module.notRun = true
            store(name, module)
            return false
        }
        let scan: ModuleScan
        if let compiled {
            scan = compiled
        } else {
            let archive = finder.image.sources[file.source].archive
            guard let origin = finder.image.origin(of: finder.image.sources[file.source].root + file.member),
                let bytes = try? archive.contents(of: archive.entries[origin.index], limit: Limits.moduleSourceBytes)
            else {
                module.notRun = true
                store(name, module)
                return false
            }
            scan = ModuleScan(source: String(decoding: bytes, as: UTF8.self))
        }
        if let error = scan.syntaxError {
            module.failure = recordID(
                .syntaxError(module: name, file: file, line: error.line, message: error.message), .syntaxError)
            store(name, module)
            return false
        }
        modulesRun += 1
        module.isRunning = true
        // A package that appends folders to sys.path as it starts (setuptools' `_vendor`).
        for hook in hooks where hook.provider == name && !hook.pathEntries.isEmpty {
            guard let folder = folders.first else { continue }
            for entry in hook.pathEntries {
                let added = Self.normalized(folder + "/" + entry)
                if !addedFolders.contains(added) { addedFolders.append(added) }
            }
        }
        store(name, module)
        // The function's own code is run past its failures, so that each import it makes is
        // answered (F002 reports them all, as a linter does).
        let keepsGoing = !finder.image.sources[file.source].isLayer
        frames.append(
            Frame(
                name: name,
                run: ModuleRun(scan: scan, module: name, isPackage: isPackage, target: target, keepsGoing: keepsGoing),
                task: nil))
        return true
    }

    /// The module on top of the stack ran to its end (or to its failure).
    private mutating func finish() {
        guard let frame = frames.popLast(), var module = modules[frame.name] else { return }
        let outcome = frame.run.outcome
        module.isRunning = false
        module.outcome = outcome
        let file = module.file
        if let (failure, statement) = outcome.failure {
            module.failure = record(failure, at: statement, of: frame, file: file)
        }
        for (failure, statement) in outcome.laterFailures {
            module.laterFailures.append(record(failure, at: statement, of: frame, file: file))
        }
        for (failure, statement, condition) in outcome.conditionalFailures where failure.id >= 0 {
            let line = frame.run.scan.statements[statement].line
            module.conditional.append(
                Conditional(
                    failure: failure.id,
                    link: Link(
                        module: frame.name, file: file, line: line,
                        statement: Self.text(of: frame.run.scan.statements[statement])),
                    condition: condition))
        }
        store(frame.name, module)
    }

    /// The record of a module's failure at `statement`: a link to the failure of what it
    /// imports, or the module's own raise.
    private mutating func record(_ failure: ModuleRun.Failure, at statement: Int, of frame: Frame, file: FileRef?)
        -> Int
    {
        let line = frame.run.scan.statements[statement].line
        if failure.id >= 0 {
            failures.append(
                Failure(
                    kind: failure.kind, cause: nil,
                    link: Link(
                        module: frame.name, file: file, line: line,
                        statement: Self.text(of: frame.run.scan.statements[statement])),
                    next: failure.id))
        } else {
            failures.append(
                Failure(
                    kind: failure.kind, cause: file.map { .raised(module: frame.name, file: $0, line: line) },
                    link: nil, next: nil))
        }
        return failures.count - 1
    }

    private mutating func store(_ name: String, _ module: Module) { modules[name] = module }

    private mutating func record(_ cause: Cause, _ kind: ModuleRun.ExceptionKind) -> ModuleRun.Failure {
        ModuleRun.Failure(kind: kind, id: recordID(cause, kind))
    }

    private mutating func recordID(_ cause: Cause, _ kind: ModuleRun.ExceptionKind) -> Int {
        failures.append(Failure(kind: kind, cause: cause, link: nil, next: nil))
        return failures.count - 1
    }

    private mutating func relativeFailure(_ request: ModuleRun.Request) -> ModuleRun.Failure {
        guard let frame = frames.last, let file = modules[frame.name]?.file else {
            return ModuleRun.Failure(kind: .importError, id: -1)
        }
        return record(
            .relativeImport(module: frame.name, file: file, line: request.line, beyondTop: request.target == .beyondTop),
            .importError)
    }

    /// Notes the compiled files an import reached: the extension module it found, or the
    /// files of another target where it found nothing.
    private mutating func noteAttempt(on module: Module, request: ModuleRun.Request?) {
        var files: [FileRef] = []
        if case .extensionModule(let file) = module.spec { files = [file] }
        if let failure = module.failure {
            switch failures[failure].cause {
            case .notFound(_, let foreign)?: files = foreign
            default: break
            }
        }
        guard !files.isEmpty else { return }
        var how = Attempt.How.required
        var link: Link?
        if let request, let frame = frames.last {
            let caught = module.failure.map { failures[$0].kind == .moduleNotFound } ?? true
                ? request.caughtIfMissing : request.caughtIfUnloadable
            how = caught ? .guarded : (request.reach == .runs ? .required : .conditional)
            link = Link(
                module: frame.name, file: modules[frame.name]?.file, line: request.line,
                statement: Self.text(of: frame.run.scan.statements[request.statement]))
        }
        let attempt = Attempt(link: link, how: how)
        for file in files where (attempts[file]?.count ?? 0) < 4 && attempts[file]?.contains(attempt) != true {
            attempts[file, default: []].append(attempt)
        }
    }

    // MARK: Facts

    /// The hook that provides `name` once its provider was imported (or a `.pth` file
    /// imported it at start-up).
    private func providingHook(_ name: String) -> ImportHook? {
        hooks.first { hook in
            hook.provides(name)
                && (startupImports.contains(hook.provider)
                    || (modules[hook.provider].map { $0.failure == nil && !$0.isRunning } ?? false)
                    || modules[hook.provider]?.isRunning == true)
        }
    }

    /// Whether the function's user cannot read the file (its mode gives others no read).
    private func isUnreadable(_ file: FileRef) -> Bool {
        let image = finder.image
        guard let origin = image.origin(of: image.sources[file.source].root + file.member) else { return false }
        return Entry.othersCannotRead(mode: image.entry(origin).unixMode)
    }

    /// Why a binary does not load on the target, or `nil` when it does.
    package func mismatch(of binary: NativeBinary) -> NativeMismatch? {
        binary.formatMismatch(architecture: knowsArchitecture ? architecture.rawValue : nil, glibcCeiling: glibcCeiling)
    }

    /// Extension modules named `name` in the absolute `folder` that the target's Python
    /// does not load: tagged for another Python, CPU or OS (evidence of a module that is
    /// otherwise found nowhere).
    package func foreignFiles(_ name: String, in folder: String) -> [FileRef] {
        (extensionFiles[folder + "\u{0}" + name] ?? []).filter { file in
            let fileName = file.member.split(separator: "/").last.map(String.init) ?? file.member
            return !finder.suffixes.contains { $0.kind == .extensionModule && fileName == name + $0.suffix }
                || binaries[file].map { mismatch(of: $0) != nil } ?? false
        }
    }

    /// The foreign files of a module by its dotted name, in its parent's folders.
    private func foreignFilesForModule(_ dotted: String) -> [FileRef] {
        let parts = dotted.split(separator: ".")
        guard let last = parts.last else { return [] }
        let folders: [String]
        if parts.count == 1 {
            folders = finder.topFolders
        } else {
            folders = modules[parts.dropLast().joined(separator: ".")]?.folders ?? []
        }
        return folders.flatMap { foreignFiles(String(last), in: $0) }
    }

    /// `/opt/python/pkg_resources/../setuptools/_vendor` → `/opt/python/setuptools/_vendor`.
    package static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == ".." {
                _ = parts.popLast()
            } else if part != "." {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `name` or `name as alias`.
    package static func written(_ name: ModuleScan.ImportedName) -> String {
        name.alias.map { "\(name.name) as \($0)" } ?? name.name
    }

    /// The statement as written, shortened: `from . import _imaging as core`.
    package static func text(of statement: ModuleScan.Statement) -> String {
        switch statement.kind {
        case .import(let names):
            return "import " + names.map(Self.written).joined(separator: ", ")
        case .importFrom(let module, let level, let names, let star):
            let listed = names.map(Self.written) + (star ? ["*"] : [])
            let shown = listed.count > 4 ? listed.prefix(4).joined(separator: ", ") + ", …" : listed.joined(separator: ", ")
            return "from \(String(repeating: ".", count: level))\(module) import \(shown)"
        case .assignment(_, _, let value), .expression(let value):
            return value.text
        default:
            return "line \(statement.line)"
        }
    }
}
