import LambdaPlatform
import PythonSource

/// CPython's path-based finder over the image, one part of a dotted name at a time: each
/// folder in order is asked for a package (`name/__init__` with an accepted suffix), then a
/// module (`name` + suffix), and a folder without `__init__` is kept as a portion of a
/// namespace package (PEP 420) while the search goes on. Suffixes are tried as
/// `importlib.machinery` orders them: extension modules first (only the interpreter's own
/// tags), then source, then bytecode. Built-in modules are found before any folder; the
/// runtime's own packages and the standard library are known by their top-level names.
package struct ModuleFinder {
    package let image: LayerImage
    package let folders: ImageFolders
    package let python: RuntimeCatalog.PythonRuntime
    package let suffixes: [(suffix: String, kind: ImportResolution.Step.Found)]
    package let standardLibrary: StandardLibrary.Python?
    package let runtimeNames: Set<String>
    /// The top-level search path: `sys.path`, then the folders `.pth` files add.
    package let topFolders: [String]
    package let addedBy: [String: String]
    package let layersSource: String
    package let functionSource: String?

    package init(
        image: LayerImage, folders: ImageFolders, python: RuntimeCatalog.PythonRuntime, architecture: Architecture,
        standardLibrary: StandardLibrary.Python?, pthFolders: [(folder: String, file: String)]
    ) {
        self.image = image
        self.folders = folders
        self.python = python
        self.suffixes = ImportResolution.suffixes(python: python.version, architecture: architecture)
        self.standardLibrary = standardLibrary
        self.runtimeNames = ImportResolution.runtimeImportNames(python)
        self.topFolders = python.sysPath + pthFolders.map(\.folder)
        self.addedBy = Dictionary(pthFolders.map { ($0.folder, $0.file) }, uniquingKeysWith: { first, _ in first })
        let layerNames = image.layerPaths
        self.layersSource = layerNames.isEmpty ? Self.noLayerSource : "the layers " + layerNames.joined(separator: ", ")
        self.functionSource = image.functionPackageSource.map { "the function package " + image.sources[$0].path }
    }

    /// The source of a layer folder when no layer could be read.
    package static let noLayerSource = "no layer given"

    /// Finds `part` (the last part of `dotted`) in `searchFolders` (`nil`: the top-level
    /// search), appending to `steps` each place looked at.
    ///
    /// - Returns: what was found, or `nil` when nothing was.
    ///
    /// - Parameter addedFolders: folders appended to `sys.path` by code that ran (a package's
    ///   import hook), searched after `sys.path` for a top-level name.
    package func find(
        _ part: String, dotted: String, in searchFolders: [String]?, addedFolders: [String] = [],
        steps: inout [ImportResolution.Step]
    ) -> ImportResolution.Outcome? {
        typealias Step = ImportResolution.Step
        let isTop = searchFolders == nil
        if isTop && standardLibrary?.isBuiltin(part) == true {
            steps.append(
                Step(
                    module: part, folder: "(built in)", source: "the interpreter", found: .builtin, archive: nil,
                    entry: nil))
            return .runtime(.builtin)
        }
        var portions: [String] = []
        var reachedStandardLibrary = false
        for folder in searchFolders ?? (topFolders + addedFolders) {
            let source: String
            let inImage: Bool
            let pthFile = isTop ? addedBy[folder] : nil
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
                guard isTop else { continue }
                if folder == python.runtimePackagesPath {
                    let found = runtimeNames.contains(part)
                    steps.append(
                        Step(
                            module: dotted, folder: folder, source: source, found: found ? .runtimePackage : .nothing,
                            archive: nil, entry: nil))
                    if found { return .runtime(.runtimePackage) }
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
                if found { return .runtime(.standardLibrary) }
                continue
            }
            let base = folder + "/" + part
            var result: (path: String, found: Step.Found)?
            if let path = firstFile(suffixes.map { base + "/__init__" + $0.suffix }) {
                result = (path, .package)
            } else if let index = suffixes.firstIndex(where: { image.hasFile(base + $0.suffix) }) {
                result = (base + suffixes[index].suffix, suffixes[index].kind)
            } else if folders.contains(base) {
                portions.append(base)
                steps.append(
                    Step(
                        module: dotted, folder: folder, source: source, found: .namespacePortion, archive: nil,
                        entry: nil))
                continue
            }
            if let result, let origin = image.origin(of: result.path) {
                let member = image.entry(origin).name
                steps.append(
                    Step(
                        module: dotted, folder: folder, source: source, found: result.found,
                        archive: image.sources[origin.source].path, entry: member, addedBy: pthFile))
                return .file(source: origin.source, member: member, found: result.found)
            }
            steps.append(
                Step(module: dotted, folder: folder, source: source, found: .nothing, archive: nil, entry: nil))
        }
        return portions.isEmpty ? nil : .namespace(folders: portions)
    }

    /// The first of `paths` the image has.
    private func firstFile(_ paths: [String]) -> String? { paths.first { image.hasFile($0) } }

    /// The absolute folder of a package whose `__init__` is `member` of `source`.
    package func packageFolder(source: Int, member: String) -> String {
        image.sources[source].root + String(member[..<(member.lastIndex(of: "/") ?? member.startIndex)])
    }
}
