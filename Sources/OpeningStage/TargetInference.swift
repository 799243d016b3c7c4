import ImageModel
import LambdaPlatform
import PythonPackaging
import ZipArchive

/// Fills in what the user did not give of the target from what the inputs say, so that a
/// check without `--runtime` does not pass a broken layer in silence. The sources, in order
/// (the first that names exactly one value wins):
/// - runtime: the layers' metadata (`CompatibleRuntimes` naming one runtime in all); the
///   layers' `python/lib/pythonX.Y/` folders; the `cpython-3XY` tags of their extension
///   modules (when they all agree);
/// - architecture: the layers' metadata (`CompatibleArchitectures` naming one). Binaries
///   are never taken for the architecture: that would make C001 check a layer against itself.
///
/// The report says where each part came from (`layer-metadata`, `layer-contents`).
enum TargetInference {
    static func completing(_ target: Target, layers: [CheckInput], catalog: RuntimeCatalog) -> Target {
        var runtime = target.runtime
        var architecture = target.architecture
        var sources = target.sources
        let metadata = layers.compactMap(\.metadata)
        if runtime == nil {
            let named = Set(metadata.flatMap(\.compatibleRuntimes))
            if named.count == 1, let only = named.first, let found = catalog.runtime(only) {
                runtime = found
                sources.append("layer-metadata")
            } else if let version = pythonVersion(of: layers), let found = catalog.runtime("python" + version) {
                runtime = found
                sources.append("layer-contents")
            }
        }
        if architecture == nil {
            let named = Set(metadata.flatMap(\.compatibleArchitectures))
            if named.count == 1, let only = named.first {
                architecture = only
                if !sources.contains("layer-metadata") { sources.append("layer-metadata") }
            }
        }
        guard runtime != nil || architecture != nil else { return target }
        return Target(runtime: runtime, architecture: architecture, sources: sources)
    }

    /// The one Python version the layers are built for: their `python/lib/pythonX.Y/`
    /// folders when those name one, else their extension modules' tags when those agree.
    static func pythonVersion(of layers: [CheckInput]) -> String? {
        var folders = Set<String>()
        var tags = Set<String>()
        for case .success(let archive) in layers.map(\.archive) {
            archive.entries.forEachInPlace { entry in
                let name = entry.name
                if name.utf8HasPrefix("python/lib/python"),
                    case .versionedSitePackages(let version) = PythonPlacement.classify(name)
                {
                    folders.insert(version)
                }
                if name.utf8HasSuffix(".so"), let slash = name.utf8.lastIndex(of: UInt8(ascii: "/")),
                    let module = ExtensionModuleName(fileName: name[name.utf8.index(after: slash)...]),
                    !module.isPyPy, !module.isStableABI, let version = module.pythonVersion
                {
                    tags.insert(version)
                }
            }
        }
        if folders.count == 1 { return folders.first }
        return folders.isEmpty && tags.count == 1 ? tags.first : nil
    }
}
