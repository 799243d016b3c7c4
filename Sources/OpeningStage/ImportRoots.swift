import Foundation
import ImageModel
import LambdaPlatform
import PythonPackaging
import PythonSource
import ZipArchive

extension LayerOpening {
    /// The import model over `context`'s image with the modules the rules ask about
    /// imported, so that rules only read it: the function's handler module (F001, F002),
    /// packages without metadata (D004), the top-level names of distributions with a missing
    /// requirement (D001), every module of a package holding a binary the target does not
    /// load (C001-C005), and `extra` (the module `why` explains). With it, when the layers
    /// hold binaries of another target, the model of those packages with the binaries taken
    /// to load (what needs each of them). `nil` without a Python runtime or a module to ask about.
    static func importModels(_ context: LintContext, extra: [String] = []) -> (ImportModel?, ImportModel?) {
        guard let python = context.python else { return (nil, nil) }
        let foreign = modulesBesideForeignBinaries(context)
        let roots = (importRoots(context, foreign: foreign) + extra).filter(ImportResolution.isModuleName)
        // A healthy layer gives the rules nothing to ask: the model's indexes over every
        // entry are not built (a tenth of checking a 13,000-entry layer).
        guard !roots.isEmpty || !extra.isEmpty else { return (nil, nil) }
        let folders = context.image.folders()
        let pth = pthFolders(context, python: python, folders: folders)
        let hookData = try? ImportHooks.bundled()
        let fresh = ImportModel(
            image: context.image, folders: folders, python: python,
            architecture: context.target.architecture ?? .x86_64, knowsArchitecture: context.target.architecture != nil,
            standardLibrary: context.standardLibrary ?? (try? StandardLibrary.bundled())?.python(python.version),
            hooks: hookData?.hooks ?? [], compiledImports: hookData?.compiledImports ?? [],
            layers: context.readableLayers, glibcCeiling: context.glibcCeiling, pthFolders: pth.folders,
            startupImports: pth.imports, environment: Set(context.catalog?.environment?.variables ?? []),
            libraries: context.libraries)
        var imports = fresh
        for root in roots { imports.evaluate(root) }
        guard !foreign.isEmpty else { return (imports, nil) }
        var rebuilt = fresh.assumingForeignBinariesLoad()
        for root in foreign where ImportResolution.isModuleName(root) { rebuilt.evaluate(root) }
        return (imports, rebuilt)
    }

    /// The modules the rules ask the import model about, in a stable order.
    static func importRoots(_ context: LintContext, foreign: [String]) -> [String] {
        let image = context.image
        var roots: [String] = []
        var seen = Set<String>()
        func add(_ name: String) { if seen.insert(name).inserted { roots.append(name) } }
        // The function's handler module, else every module of its own code but tests.
        if image.functionPackageSource != nil {
            if let handler = context.handler.flatMap(HandlerName.init) {
                add(handler.module)
            } else {
                for source in context.functionSources where !FunctionSource.isTestOrBuild(source.path) {
                    add(source.module)
                }
            }
        }
        for name in image.undescribedImportNames where image.sources[name.source].isLayer { add(name.name) }
        if let dependencies = context.dependencies {
            for edge in dependencies.edges {
                guard case .missing = edge.outcome else { continue }
                for name in edge.dependent.importNames { add(name) }
            }
        }
        for module in foreign { add(module) }
        return roots
    }

    /// Every module (but tests) of each package that holds an extension module or library
    /// the target does not load, and each such top-level extension module: what the
    /// compatibility rules weigh a foreign binary by.
    static func modulesBesideForeignBinaries(_ context: LintContext) -> [String] {
        guard context.python != nil else { return [] }
        let image = context.image
        let ceiling = context.glibcCeiling
        // `/opt/python` NUL `numpy`: the packages to list, by search folder.
        var packages = Set<String>()
        var modules: [String] = []
        for layer in context.readableLayers {
            for binary in layer.binaries where binary.format != nil || binary.extensionName != nil {
                // Its format, CPU, C library and glibc, and its tag's OS and Python; or a
                // library it needs that the loader does not find.
                guard !binary.isLoadable(on: context.target, glibcCeiling: ceiling)
                    || !(context.libraries?.problems(of: binary, in: image).isEmpty ?? true)
                else { continue }
                guard let place = image.searchFolder(of: "/opt/" + binary.path) else { continue }
                let relative = binary.path.dropFirst(place.member.count)
                let parts = relative.split(separator: "/")
                guard let first = parts.first else { continue }
                if parts.count == 1 {
                    // A top-level extension module: `_cffi_backend.cpython-312-darwin.so`.
                    if let module = first.split(separator: ".").first, PythonNames.isName(String(module)) {
                        modules.append(String(module))
                    }
                } else if PythonNames.isName(String(first)) {
                    packages.insert(place.folder + "\u{0}" + first)
                }
            }
        }
        guard !packages.isEmpty else { return modules }
        for source in image.sources where source.isLayer {
            for entry in source.archive.entries where entry.fileType == .regular && entry.name.utf8HasSuffix(".py") {
                guard let place = image.searchFolder(of: source.root + entry.name) else { continue }
                let relative = entry.name.dropFirst(place.member.count)
                guard let first = relative.split(separator: "/").first,
                    packages.contains(place.folder + "\u{0}" + first),
                    let module = FunctionSource.moduleName(of: String(relative)),
                    !FunctionSource.isTestOrBuild(String(relative))
                else { continue }
                modules.append(module.name)
            }
        }
        return modules.sorted()
    }

    /// The folders the layers' `.pth` files add to `sys.path` at start-up, each with the file
    /// that adds it, and the modules their `import` lines import: each line of a `.pth` file
    /// directly in a site folder the target searches (`/opt/python`, and its
    /// `lib/pythonX.Y/site-packages`), relative to that folder, when the folder exists; in
    /// sys.path order of the site folders and name order of the files, as `site` reads them.
    static func pthFolders(_ context: LintContext, python: RuntimeCatalog.PythonRuntime, folders: ImageFolders)
        -> (folders: [(folder: String, file: String)], imports: Set<String>)
    {
        let image = context.image
        var files: [(site: String, member: String, text: String)] = []
        for (layer, opened) in context.readableLayers.enumerated() where layer < image.sources.count {
            let archive = image.sources[layer].archive
            for (index, text) in opened.contents.pthFiles {
                guard let text else { continue }
                let member = archive.entries[index].name
                let absolute = "/opt/" + member
                // The file on disk is the last layer's: an earlier layer's copy was replaced.
                guard image.origin(of: absolute)?.source == layer,
                    let slash = absolute.lastIndex(of: "/")
                else { continue }
                let site = String(absolute[..<slash])
                guard python.sysPath.contains(site) else { continue }
                files.append((site, member, text))
            }
        }
        files.sort { lhs, rhs in
            let left = python.sysPath.firstIndex(of: lhs.site) ?? 0
            let right = python.sysPath.firstIndex(of: rhs.site) ?? 0
            return (left, lhs.member) < (right, rhs.member)
        }
        var added: [(folder: String, file: String)] = []
        var addedFolders = Set<String>()
        var imports = Set<String>()
        for file in files {
            for line in file.text.split(whereSeparator: \.isNewline) {
                let path = line.trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty, !path.hasPrefix("#") else { continue }
                if path.hasPrefix("import ") || path.hasPrefix("import\t") {
                    imports.formUnion(startupImports(path))
                    continue
                }
                var folder = path.hasPrefix("/") ? path : file.site + "/" + path
                // One pass from the end: trailing slashes, then `/./` segments.
                let trimmed = folder.utf8.reversed().prefix { $0 == UInt8(ascii: "/") }.count
                if trimmed > 0 && trimmed < folder.utf8.count { folder = String(folder.dropLast(trimmed)) }
                folder = folder.replacingOccurrences(of: "/./", with: "/")
                guard folders.contains(folder), !python.sysPath.contains(folder), addedFolders.insert(folder).inserted
                else { continue }
                added.append((folder, file.member))
            }
        }
        return (added, imports)
    }

    /// The modules an `import` line of a `.pth` file imports: its `import a, b` statements and
    /// `__import__('x')` calls (setuptools' `distutils-precedence.pth` imports `_distutils_hack`).
    static func startupImports(_ line: String) -> Set<String> {
        var found = Set<String>()
        let scan = ModuleScan(source: line)
        for item in scan.imports where item.level == 0 { found.insert(String(item.module.prefix { $0 != "." })) }
        var rest = Substring(line)
        while let range = rest.range(of: "__import__(") {
            rest = rest[range.upperBound...]
            guard let quote = rest.first, quote == "'" || quote == "\"" else { continue }
            let name = rest.dropFirst().prefix { $0 != quote }
            if ImportResolution.isModuleName(String(name)) { found.insert(String(name)) }
        }
        return found
    }
}
