import ImageModel
import LambdaPlatform
import ZipArchive

/// Reads what the loader model needs (`LibraryLoading`): the dynamic sections of the
/// extension modules the target loads, then of the libraries of the image their needs lead
/// to, round after round until the closure is read, each round side by side. Binaries no
/// extension module reaches keep what the scan read of them.
enum LibraryClosure {
    /// The most rounds: one per level of libraries loading libraries.
    static let roundLimit = 16

    /// `binaries` (per listed layer) with the closure read, and the model over it; `nil` for
    /// the model when the target has no runtime whose OS the catalog lists libraries for.
    static func read(
        _ binaries: [[NativeBinary]], layers: [(path: String, archive: Archive)], image: LayerImage, target: Target,
        catalog: RuntimeCatalog?, environment: [String: String], glibcCeiling: (major: Int, minor: Int)?
    ) -> (binaries: [[NativeBinary]], model: LibraryLoading?) {
        guard let runtime = target.runtime, let system = catalog?.operatingSystem(of: runtime)?.nativeLibraries
        else { return (binaries, nil) }
        let architecture = target.architecture ?? .x86_64
        let searchPath = LibraryLoading.searchPath(system: system, environment: environment)
        // Each layer's binaries by the index of its source in the image.
        var sourceByPath: [String: Int] = [:]
        for (index, source) in image.sources.enumerated() where sourceByPath[source.path] == nil {
            sourceByPath[source.path] = index
        }
        var binaries = binaries
        var position: [ImportModel.FileRef: (layer: Int, index: Int)] = [:]
        var byFile: [ImportModel.FileRef: NativeBinary] = [:]
        for (layer, found) in binaries.enumerated() {
            guard layer < layers.count, let source = sourceByPath[layers[layer].path] else { continue }
            for (index, binary) in found.enumerated() {
                let file = ImportModel.FileRef(source: source, member: binary.path)
                position[file] = (layer, index)
                byFile[file] = binary
            }
        }
        let entries = layers.map { layer in
            Dictionary(layer.archive.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        }
        // The file names of the image that may be libraries: a name none has is found only
        // in the system's folders, whatever paths a binary names.
        let imageFileNames = image.sources.reduce(into: Set<String>()) { names, source in
            source.archive.entries.forEachInPlace { entry in
                guard entry.name.utf8HasSuffix(".so") || entry.name.contains(".so.") else { return }
                names.insert(entry.name.split(separator: "/").last.map(String.init) ?? entry.name)
            }
        }
        let loadable: (NativeBinary) -> Bool = { $0.isLoadable(on: target, glibcCeiling: glibcCeiling) }
        var attempted = Set<ImportModel.FileRef>()
        for _ in 0..<roundLimit {
            // Each file is read once: one whose dynamic section cannot be read keeps its problem.
            let unread = LibraryLoading.unread(
                image: image, binaries: byFile, system: system, architecture: architecture, searchPath: searchPath,
                isLoadable: loadable
            ).filter { position[$0] != nil && attempted.insert($0).inserted }
            if unread.isEmpty { break }
            let work = unread.compactMap { file -> (file: ImportModel.FileRef, layer: Int, index: Int, entry: Entry)? in
                guard let (layer, index) = position[file], let entry = entries[layer][binaries[layer][index].path]
                else { return nil }
                return (file, layer, index, entry)
            }
            let read = Parallel.map(count: work.count, threshold: 4) { item -> NativeBinary in
                let (_, layer, _, entry) = work[item]
                let fileName = entry.name.split(separator: "/").last.map(String.init) ?? entry.name
                // The first segment settles most modules that need only the system's libraries.
                let detail = NativeScan.Detail.libraries { needs in
                    LibraryLoading.settles(
                        names: needs.libraryNames, fileName: fileName, system: system, architecture: architecture,
                        searchPath: searchPath, image: image, imageFileNames: imageFileNames)
                }
                return NativeScan.read(entry, of: layers[layer].archive, archivePath: layers[layer].path, detail: detail)
            }
            for (item, binary) in zip(work, read) {
                binaries[item.layer][item.index] = binary
                byFile[item.file] = binary
            }
        }
        let model = LibraryLoading(
            image: image, binaries: byFile, system: system, architecture: architecture, searchPath: searchPath,
            runtimeLoads: catalog?.nativePackages?.runtimeLoads ?? [])
        return (binaries, model)
    }
}
