import BinaryFormats
import LambdaPlatform
import PythonPackaging
import PythonSource
import ZipArchive

/// The walk of the import model: modules started, run statement by statement and finished,
/// with a stack of frames instead of recursion.
extension ImportModel {

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
    mutating func step() {
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
    mutating func advance(_ task: inout Task) -> Progress {
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
    func values(of name: String) -> ModuleRun.ModuleValues? {
        guard let module = modules[name], !module.isRunning, !module.notRun, module.failure == nil,
            let outcome = module.outcome
        else { return nil }
        return ModuleRun.ModuleValues(values: outcome.values, isOpen: outcome.isOpen)
    }

    /// Whether `parent.name` is a submodule the finder finds (or a hook provides).
    func hasSubmodule(_ name: String, of parent: String, _ owner: Module) -> Bool {
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
    mutating func missingAttribute(_ name: String, of parent: String, _ owner: Module) -> ModuleRun.Failure? {
        // Every module has these.
        guard !Self.moduleAttributes.contains(name) else { return nil }
        let evidence =
            owner.folders.flatMap { foreignFiles(name, in: $0) }
            + (owner.spec == .namespace ? foreignFilesForModule(parent) : [])
        switch owner.spec {
        case .namespace:
            return record(
                .cannotImportName(name: name, module: parent, namespace: true, foreign: evidence), .importError)
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
    mutating func start(_ name: String) -> Bool {
        let parts = name.split(separator: ".")
        let part = String(parts.last ?? "")
        var searchFolders: [String]?
        if parts.count > 1 {
            let parentName = parts.dropLast().joined(separator: ".")
            guard let parent = modules[parentName] else {
                store(
                    name,
                    Module(spec: .notFound, failure: recordID(.notFound(module: name, foreign: []), .moduleNotFound)))
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
                    Module(
                        spec: .notFound, failure: recordID(.notFound(module: name, foreign: foreign), .moduleNotFound)))
            }
        }
        return false
    }

    /// Starts running a source module, or takes it as importing when it cannot be read or
    /// the walk is at its bound.
    mutating func run(
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
            // A package whose code loads a compiled module by a path of its own (opencv's
            // bootstrap) imports it after its statements.
            let loads = compiledImports[name].map { "\n" + $0.imports.map { "import \($0)\n" }.joined() } ?? ""
            scan = ModuleScan(source: String(decoding: bytes, as: UTF8.self) + loads)
        }
        if let error = scan.syntaxError {
            module.failure = recordID(
                .syntaxError(module: name, file: file, line: error.line, message: error.message), .syntaxError)
            store(name, module)
            return false
        }
        // A module that opens a library by name as it runs, which the loader does not find.
        if let load = libraries?.missingRuntimeLoads.first(where: { $0.module == name }) {
            module.failure = recordID(
                .libraryNotLoaded(module: name, file: file, library: load.library, how: load.how), .other)
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
    mutating func finish() {
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
    mutating func record(_ failure: ModuleRun.Failure, at statement: Int, of frame: Frame, file: FileRef?)
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

    mutating func store(_ name: String, _ module: Module) { modules[name] = module }

    mutating func record(_ cause: Cause, _ kind: ModuleRun.ExceptionKind) -> ModuleRun.Failure {
        ModuleRun.Failure(kind: kind, id: recordID(cause, kind))
    }

    mutating func recordID(_ cause: Cause, _ kind: ModuleRun.ExceptionKind) -> Int {
        failures.append(Failure(kind: kind, cause: cause, link: nil, next: nil))
        return failures.count - 1
    }

    mutating func relativeFailure(_ request: ModuleRun.Request) -> ModuleRun.Failure {
        guard let frame = frames.last, let file = modules[frame.name]?.file else {
            return ModuleRun.Failure(kind: .importError, id: -1)
        }
        return record(
            .relativeImport(
                module: frame.name, file: file, line: request.line, beyondTop: request.target == .beyondTop),
            .importError)
    }

    /// Notes the compiled files an import reached: the extension module it found, or the
    /// files of another target where it found nothing.
    mutating func noteAttempt(on module: Module, request: ModuleRun.Request?) {
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
            let caught =
                module.failure.map { failures[$0].kind == .moduleNotFound } ?? true
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
}
