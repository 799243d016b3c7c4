import ImageModel
import PythonPackaging

/// What a compiled file that the target cannot load costs, from the import model: whether
/// a module fails to import because of it (the compatibility rules' error), whether its
/// package imports something else instead or only under a guard (a warning: it works,
/// slower), or whether nothing imports it at all (dead weight).
struct NativeImpact {
    enum Weight {
        /// Importing `module` fails because of the file (`failure` is the model's record).
        case needed(module: String, failure: Int?)
        /// The package works without it: how.
        case fallback(String)
        /// Nothing imports it: why.
        case unused(String)
    }

    /// What importing the layer's modules does.
    let model: ImportModel
    /// The same, with every binary of another target taken to load: which imports reach
    /// each of them, and how, past the failures they cause.
    let rebuilt: ImportModel?
    let context: LintContext
    /// Each file at the end of a failure, with the module whose import fails because of it
    /// (the closest to the user, tests left out): a module that runs code, or a top-level one.
    let failing: [ImportModel.FileRef: (module: String, failure: Int)]

    init(_ model: ImportModel, rebuilt: ImportModel?, context: LintContext) {
        self.model = model
        self.rebuilt = rebuilt
        self.context = context
        var failing: [ImportModel.FileRef: (module: String, failure: Int)] = [:]
        for (name, failure) in model.failedModules where !Self.isTest(name) {
            let (links, cause) = model.chain(of: failure)
            // A compiled submodule that fails is the file itself: what counts is who needs it.
            guard !links.isEmpty || !name.contains(".") else { continue }
            for file in cause?.files ?? [] {
                if let known = failing[file], !Self.isCloserToTheUser(name, than: known.module) { continue }
                failing[file] = (name, failure)
            }
        }
        self.failing = failing
    }

    /// Test modules, which nothing imports when the package is used.
    static func isTest(_ module: String) -> Bool {
        module.split(separator: ".").contains {
            $0 == "tests" || $0 == "test" || $0.hasPrefix("test_") || $0.hasSuffix("_test") || $0 == "conftest"
        }
    }

    /// Fewer parts first (`numpy` before `numpy.linalg`), then the shorter, then by name.
    static func isCloserToTheUser(_ name: String, than other: String) -> Bool {
        let (parts, otherParts) = (name.split(separator: ".").count, other.split(separator: ".").count)
        if parts != otherParts { return parts < otherParts }
        if name.count != other.count { return name.count < other.count }
        return name < other
    }

    /// The weight of `member` of the layer `archive`. A library (no extension module) weighs
    /// what the heaviest extension module that loads it does: those that name it
    /// (`DT_NEEDED`) where that was read, else those of its own package or wheel.
    func weight(of member: String, archive: String) -> Weight {
        guard let source = context.image.sources.firstIndex(where: { $0.path == archive }) else {
            return .unused("the layer is not in the image")
        }
        let name = member.split(separator: "/").last.map(String.init) ?? member
        if let tag = ExtensionModuleName(fileName: name), Self.isExtensionModule(tag) {
            return extensionWeight(ImportModel.FileRef(source: source, member: member), tag: tag)
        }
        var strongest: Weight?
        for module in loaders(of: member, source: source) {
            let otherName = module.member.split(separator: "/").last.map(String.init) ?? module.member
            guard let tag = ExtensionModuleName(fileName: otherName) else { continue }
            let weight = extensionWeight(module, tag: tag)
            if case .needed = weight { return weight }
            if strongest == nil, case .fallback = weight { strongest = weight }
        }
        return strongest ?? .unused("nothing imports the extension modules that would load it")
    }

    /// The extension modules that load a library: those whose dynamic section names it, or,
    /// where no section was read, those of the same package folder or wheel (`numpy.libs/`
    /// serves `numpy/`).
    private func loaders(of member: String, source: Int) -> [ImportModel.FileRef] {
        // The image's sources are the readable layers in order, then the function package.
        let binaries = source < context.readableLayers.count ? context.readableLayers[source].binaries : []
        guard let library = binaries.first(where: { $0.path == member }) else { return [] }
        let modules = binaries.filter { binary in
            let file = binary.path.split(separator: "/").last.map(String.init) ?? binary.path
            return ExtensionModuleName(fileName: file).map(Self.isExtensionModule) ?? false
        }
        let naming = modules.filter { library.isNeeded(by: $0) }
        if !naming.isEmpty || modules.contains(where: { $0.dynamic != nil }) {
            return naming.map { ImportModel.FileRef(source: source, member: $0.path) }
        }
        let owner = context.image.distribution(owning: member, in: source)?.folder
        let package = library.package.hasSuffix(".libs") ? String(library.package.dropLast(5)) : library.package
        return modules.filter { module in
            module.package == package || module.package == library.package
                || (owner != nil && context.image.distribution(owning: module.path, in: source)?.folder == owner)
        }.map { ImportModel.FileRef(source: source, member: $0.path) }
    }

    /// An extension module's weight: needed when a module that runs on import needs it (it
    /// fails now, or, for a module that loads but needs a library that does not, the module
    /// importing it does), a fallback when its package imports a `.py` of that name or
    /// imports it only under a guard or condition, and unused when nothing imports it.
    private func extensionWeight(_ file: ImportModel.FileRef, tag: ExtensionModuleName) -> Weight {
        if let (module, failure) = failing[file] { return .needed(module: module, failure: failure) }
        let weight = importWeight(file, tag: tag)
        if case .needed = weight { return weight }
        // A package built for another platform lacks its own modules for this one: psutil's
        // macOS build has _psutil_osx but no _psutil_linux, so importing psutil fails inside it.
        if let (module, failure) = failureInside(package(of: file)) { return .needed(module: module, failure: failure) }
        return weight
    }

    /// The top-level package a file of a layer belongs to (`psutil` for python/psutil/x.so).
    private func package(of file: ImportModel.FileRef) -> String? {
        let image = context.image
        guard let place = image.searchFolder(of: image.sources[file.source].root + file.member)
        else { return nil }
        return file.member.dropFirst(place.member.count).split(separator: "/").first.map(String.init)
    }

    /// The dotted module name of a layer's `.py` file (`zmq.backend.cython._zmq`).
    private func moduleName(of absolutePath: String) -> String? {
        guard let place = context.image.searchFolder(of: absolutePath) else { return nil }
        return FunctionSource.moduleName(of: String(absolutePath.dropFirst(place.folder.count + 1)))?.name
    }

    /// The failure of importing `package` when its cause is a module of the package itself
    /// that is not there.
    private func failureInside(_ package: String?) -> (String, Int)? {
        guard let package, let failure = model.module(package)?.failure else { return nil }
        switch model.chain(of: failure).cause {
        case .notFound(let module, _)?, .cannotImportName(_, let module, _, _)?:
            return module.prefix(while: { $0 != "." }) == package ? (package, failure) : nil
        default:
            return nil
        }
    }

    /// How the imports that reach an extension module meet it.
    private func importWeight(_ file: ImportModel.FileRef, tag: ExtensionModuleName) -> Weight {
        // What imports it once it loads: a module that needs it fails now.
        let attempts = ((rebuilt?.attempts[file] ?? []) + (model.attempts[file] ?? []))
            .filter { !Self.isTest($0.link?.module ?? "") }
        if let required = attempts.first(where: { $0.how == .required }) {
            let importer = required.link?.module ?? tag.module
            // The importer fails, or a package above it does (then it was never run).
            for name in ImportModel.prefixes(importer).reversed() {
                if let failure = model.module(name)?.failure { return .needed(module: name, failure: failure) }
            }
            return .needed(module: importer, failure: nil)
        }
        let member = file.member
        let folder = String(member[..<(member.lastIndex(of: "/") ?? member.startIndex)])
        let root = context.image.sources[file.source].root
        let twinPath = root + folder + "/" + tag.module + ".py"
        if context.image.hasFile(twinPath) {
            // A twin that refuses to run (pyzmq's _zmq.py raises ImportError when Cython did
            // not compile it) is no fallback: whatever imports the module fails.
            if let twin = moduleName(of: twinPath),
                let failure = model.module(twin)?.failure
            {
                return .needed(module: twin, failure: failure)
            }
            let package = folder.split(separator: "/").last.map(String.init) ?? folder
            return .fallback("\(package) imports \(tag.module).py instead of the compiled \(tag.module)")
        }
        if let attempt = attempts.first {
            let place = attempt.link.map { "\($0.file?.member ?? $0.module) line \($0.line)" } ?? tag.module
            switch attempt.how {
            case .guarded: return .fallback("\(place) imports \(tag.module) under a guard and goes on without it")
            case .conditional: return .fallback("\(place) imports \(tag.module) only under a condition")
            case .required: break
            }
        }
        return .unused("nothing imports \(tag.module) when the package's modules are imported")
    }

    /// Whether the file is an extension module by its name (tagged, or a plain `.so` under a
    /// package) rather than a library (`libfoo.so.1`).
    static func isExtensionModule(_ tag: ExtensionModuleName) -> Bool {
        !tag.module.hasPrefix("lib") || tag.pythonVersion != nil || tag.isStableABI
    }

    /// ` (python/numpy/_core/multiarray.py line 12: from . import _multiarray_umath)`: where
    /// the failing import is.
    func place(_ failure: Int?) -> String {
        guard let failure, let last = model.chain(of: failure).links.last else { return "" }
        return " (\(last.file?.member ?? last.module) line \(last.line): \(last.statement))"
    }
}
