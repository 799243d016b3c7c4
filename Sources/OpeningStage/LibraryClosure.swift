import BinaryFormats
import ImageModel
import LambdaPlatform
import ZipArchive

/// Reads what the loader model needs (`LibraryLoading`): the dynamic sections of the
/// extension modules the target loads, then of the libraries of the image their needs lead
/// to, round after round until the closure is read, each round side by side. Binaries no
/// extension module reaches keep what the scan read of them.
struct LibraryClosure {
    /// The most rounds: one per level of libraries loading libraries.
    static let roundLimit = 16

    let layers: [(path: String, archive: Archive)]
    let image: LayerImage
    let system: RuntimeCatalog.NativeLibraries
    let architecture: Architecture
    let searchPath: [String]
    let cache: LibraryNeedsCache?
    let loadable: @Sendable (NativeBinary) -> Bool
    /// The binaries, per listed layer, as read so far.
    var binaries: [[NativeBinary]]
    /// The same by file of the image, and where each is in `binaries`.
    var byFile: [ImportModel.FileRef: NativeBinary] = [:]
    var position: [ImportModel.FileRef: (layer: Int, index: Int)] = [:]

    /// `binaries` (per listed layer) with the closure read, and the model over it; `nil` for
    /// the model when the target has no runtime whose OS the catalog lists libraries for.
    static func read(
        _ binaries: [[NativeBinary]], layers: [(path: String, archive: Archive)], image: LayerImage, target: Target,
        catalog: RuntimeCatalog?, environment: [String: String], glibcCeiling: (major: Int, minor: Int)?,
        cache: LibraryNeedsCache? = nil
    ) -> (binaries: [[NativeBinary]], model: LibraryLoading?) {
        guard let runtime = target.runtime, let system = catalog?.operatingSystem(of: runtime)?.nativeLibraries
        else { return (binaries, nil) }
        var closure = LibraryClosure(
            layers: layers, image: image, system: system, architecture: target.architecture ?? .x86_64,
            searchPath: LibraryLoading.searchPath(system: system, environment: environment), cache: cache,
            loadable: { $0.isLoadable(on: target, glibcCeiling: glibcCeiling) }, binaries: binaries)
        closure.index()
        closure.readRounds()
        let model = LibraryLoading(
            image: image, binaries: closure.byFile, system: system, architecture: closure.architecture,
            searchPath: closure.searchPath, runtimeLoads: catalog?.nativePackages?.runtimeLoads ?? [],
            isLoadable: closure.loadable)
        return (closure.binaries, model)
    }

    /// Each layer's binaries by the index of its source in the image.
    mutating func index() {
        var sourceByPath: [String: Int] = [:]
        for (index, source) in image.sources.enumerated() where sourceByPath[source.path] == nil {
            sourceByPath[source.path] = index
        }
        for (layer, found) in binaries.enumerated() {
            guard layer < layers.count, let source = sourceByPath[layers[layer].path] else { continue }
            for (index, binary) in found.enumerated() {
                let file = ImportModel.FileRef(source: source, member: binary.path)
                position[file] = (layer, index)
                byFile[file] = binary
            }
        }
    }

    /// Reads what the model asks for, round after round; each file once (one whose dynamic
    /// section cannot be read keeps its problem).
    mutating func readRounds() {
        var attempted = Set<ImportModel.FileRef>()
        var entries: [[String: Entry]]?
        var settling: LibraryLoading.Settling?
        for round in 0..<Self.roundLimit {
            let unread = (LibraryLoading.unread(
                image: image, binaries: byFile, system: system, architecture: architecture, searchPath: searchPath,
                isLoadable: loadable) + (round == 0 ? likelyLibraries() : [])
            ).filter { position[$0] != nil && attempted.insert($0).inserted }
            if unread.isEmpty { break }
            // Made once there is something to read: each layer's members that may be binaries,
            // by name, and the file names of the image that may be libraries.
            let members = entries ?? layers.map(Self.candidateMembers)
            entries = members
            let settles =
                settling
                ?? LibraryLoading.Settling(
                    image: image, system: system, architecture: architecture, searchPath: searchPath,
                    imageFileNames: Self.libraryFileNames(of: image))
            settling = settles
            // The largest first: the pieces are handed out in order as threads come free.
            let work = unread.compactMap {
                file -> (file: ImportModel.FileRef, layer: Int, index: Int, entry: Entry)? in
                guard let (layer, index) = position[file], let entry = members[layer][binaries[layer][index].path]
                else { return nil }
                return (file, layer, index, entry)
            }.sorted { $0.entry.compressedSize > $1.entry.compressedSize }
            let closure = self
            let read = Parallel.map(count: work.count, threshold: 4) { item in
                let (_, layer, index, entry) = work[item]
                return closure.read(closure.binaries[layer][index], entry: entry, of: layer, settling: settles)
            }
            for (item, binary) in zip(work, read) {
                binaries[item.layer][item.index] = binary
                byFile[item.file] = binary
            }
        }
    }

    /// With the modules, the libraries they most likely load (those of a wheel's `.libs`
    /// folder and those beside a module), so that one round keeps both cores busy to the end
    /// instead of a second round of a few large files.
    func likelyLibraries() -> [ImportModel.FileRef] {
        func parentFolder(_ member: String) -> Substring { member[..<(member.lastIndex(of: "/") ?? member.startIndex)] }
        let folders = Set(
            byFile.filter { $0.value.taggedExtensionModule != nil && loadable($0.value) }.keys.map {
                parentFolder($0.member)
            })
        return byFile.filter { file, binary in
            binary.taggedExtensionModule == nil && binary.libraryNeeds == nil && loadable(binary)
                && (folders.contains(parentFolder(file.member)) || parentFolder(file.member).hasSuffix(".libs"))
        }.keys.sorted { ($0.source, $0.member) < ($1.source, $1.member) }
    }

    /// What the loader model needs of one binary (`entry` of the listed layer `layer`): what
    /// the cache knows of it, else its first segment when that settles its needs, else its
    /// dynamic section. The cache entry is looked up once, here or by the read.
    func read(_ known: NativeBinary, entry: Entry, of layer: Int, settling: LibraryLoading.Settling) -> NativeBinary {
        let fileName = entry.name.split(separator: "/").last.map(String.init) ?? entry.name
        let settle: @Sendable (ELFPrefixReading.FirstSegmentNeeds) -> [String]? = { needs in
            settling.neededLibraries(names: needs.libraryNames, fileName: fileName)
        }
        let slot = cache.flatMap { cache in known.cacheKey.map { LibraryNeedsCache.Slot(cache: cache, key: $0) } }
        switch slot?.record.outcome(settle: settle) {
        case .settled(let info)?:
            var settled = known
            settled.systemNeeds = info
            return settled
        case .dynamicSection(let info)?: return known.withDynamicSection(info)
        case .readInFull?, nil:
            return NativeScan.read(
                entry, of: layers[layer].archive, archivePath: layers[layer].path,
                detail: .libraries(settle: settle, cache: cache, slot: slot))
        }
    }

    /// A layer's members that may be binaries, by name.
    static func candidateMembers(_ layer: (path: String, archive: Archive)) -> [String: Entry] {
        var byName: [String: Entry] = [:]
        for index in layer.archive.entries.indices(where: { NativeScan.isCandidate($0) })
        where byName[layer.archive.entries[index].name] == nil {
            byName[layer.archive.entries[index].name] = layer.archive.entries[index]
        }
        return byName
    }

    /// The file names of the image that may be libraries: a name none has is found only in
    /// the system's folders, whatever paths a binary names.
    static func libraryFileNames(of image: LayerImage) -> Set<String> {
        image.sources.reduce(into: Set<String>()) { names, source in
            source.archive.entries.forEachInPlace { entry in
                guard NativeScan.isCandidateName(entry.name) else { return }
                names.insert(entry.name.split(separator: "/").last.map(String.init) ?? entry.name)
            }
        }
    }
}
