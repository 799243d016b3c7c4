import BinaryFormats
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
        catalog: RuntimeCatalog?, environment: [String: String], glibcCeiling: (major: Int, minor: Int)?,
        cache: LibraryNeedsCache? = nil
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
        let loadable: (NativeBinary) -> Bool = { $0.isLoadable(on: target, glibcCeiling: glibcCeiling) }
        var attempted = Set<ImportModel.FileRef>()
        var imageFileNames: Set<String>?
        var entries: [[String: Entry]]?
        func parentFolder(_ member: String) -> Substring { member[..<(member.lastIndex(of: "/") ?? member.startIndex)] }
        for round in 0..<roundLimit {
            // Each file is read once: one whose dynamic section cannot be read keeps its problem.
            var unread = LibraryLoading.unread(
                image: image, binaries: byFile, system: system, architecture: architecture, searchPath: searchPath,
                isLoadable: loadable)
            // With the modules, the libraries they most likely load (those of a wheel's `.libs`
            // folder and those beside a module), so that one round keeps both cores busy to
            // the end instead of a second round of a few large files.
            if round == 0 {
                let folders = Set(unread.map { parentFolder($0.member) })
                unread += byFile.filter { file, binary in
                    binary.taggedExtensionModule == nil && binary.libraryNeeds == nil && loadable(binary)
                        && (folders.contains(parentFolder(file.member))
                            || parentFolder(file.member).hasSuffix(".libs"))
                }.keys.sorted { ($0.source, $0.member) < ($1.source, $1.member) }
            }
            unread = unread.filter { position[$0] != nil && attempted.insert($0).inserted }
            if unread.isEmpty { break }
            // Each layer's members that may be binaries, by name (made once there is something to read).
            if entries == nil {
                entries = layers.map { layer in
                    var byName: [String: Entry] = [:]
                    for index in layer.archive.entries.indices(where: { NativeScan.isCandidate($0) })
                    where byName[layer.archive.entries[index].name] == nil {
                        byName[layer.archive.entries[index].name] = layer.archive.entries[index]
                    }
                    return byName
                }
            }
            let entries = entries ?? []
            // The largest first: the pieces are handed out in order as threads come free.
            let work = unread.compactMap { file -> (file: ImportModel.FileRef, layer: Int, index: Int, entry: Entry)? in
                guard let (layer, index) = position[file], let entry = entries[layer][binaries[layer][index].path]
                else { return nil }
                return (file, layer, index, entry)
            }.sorted { $0.entry.compressedSize > $1.entry.compressedSize }
            // The file names of the image that may be libraries (made once there is something
            // to read): a name none has is found only in the system's folders, whatever paths
            // a binary names.
            if imageFileNames == nil {
                imageFileNames = image.sources.reduce(into: Set<String>()) { names, source in
                    source.archive.entries.forEachInPlace { entry in
                        guard NativeScan.isCandidateName(entry.name) else { return }
                        names.insert(entry.name.split(separator: "/").last.map(String.init) ?? entry.name)
                    }
                }
            }
            let fileNames = imageFileNames ?? []
            let known = work.map { binaries[$0.layer][$0.index] }
            let read = Parallel.map(count: work.count, threshold: 4) { item -> NativeBinary in
                let (_, layer, _, entry) = work[item]
                let fileName = entry.name.split(separator: "/").last.map(String.init) ?? entry.name
                // The first segment settles most modules that need only the system's libraries.
                let detail = NativeScan.Detail.libraries(
                    settle: { needs in
                        LibraryLoading.settles(
                            names: needs.libraryNames, fileName: fileName, system: system, architecture: architecture,
                            searchPath: searchPath, image: image, imageFileNames: fileNames)
                    }, cache: cache)
                // What the cache knows answers without reading the member again.
                let known = known[item]
                if let cache, let key = known.cacheKey, let record = cache.load(key) {
                    if let needs = record.firstSegmentNeeds, case .libraries(let settle, _) = detail,
                        let needed = settle(needs)
                    {
                        var settled = known
                        settled.systemNeeds = ELFDynamicInfo(neededLibraries: needed, versionNeeds: needs.versionNeeds)
                        return settled
                    }
                    if let info = record.dynamicInfo { return known.withDynamicSection(info) }
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
