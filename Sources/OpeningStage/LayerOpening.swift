import Foundation
import ImageModel
import LambdaPlatform
import ZipArchive

/// The opening stage of `check`: the one place that reads files and spreads work over
/// threads. It reads the description files (function configuration, template, layer
/// metadata) and resolves the target, lists the layers and the function package, hashes
/// them when asked, reads their local headers, builds the merged image, and reads what the
/// rules that will run need (`RuleNeed`): native binaries by prefix, the dependency
/// resolution. What it returns, a `LintContext`, is a plain value that rules only read.
///
/// Three phases, each a set of independent pieces run side by side by `Parallel`:
/// 1. the descriptions and the catalog; each input's central directory; each hash asked for;
/// 2. each input's local headers; the layouts; the merged image; the native scan (the last
///    three need only the central directories: members are found through their own headers);
/// 3. the dependency resolution, which reads the image.
package enum LayerOpening {
    /// What the description files say, with the target they resolve to.
    struct Description: Sendable {
        var catalog: RuntimeCatalog
        var target: Target
        var metadata: [LayerVersionMetadata]
        var templateFunction: TemplateFunction?
        /// The handler the function configuration (else the template) names.
        var handler: String?
        /// The function configuration's environment variables.
        var environment: [String: String] = [:]
    }

    /// Opens everything `options` names and reads what `needs` asks for.
    ///
    /// - Throws: `OpeningError` when the command cannot run: an unreadable file, malformed or
    ///   mismatched metadata, an unknown runtime. Errors in the description files come
    ///   before those of the inputs.
    ///
    /// - Parameter importing: modules the import model imports besides those the rules ask
    ///   about (`why`'s module).
    package static func open(
        _ options: OpeningOptions, reading needs: Set<RuleNeed>, importing extraModules: [String] = [],
        loadingCatalog: @Sendable () throws(RuntimeCatalogError) -> RuntimeCatalog
    ) throws(OpeningError) -> LintContext {
        let needs = RuleNeed.including(needs)
        guard options.layers.count <= Limits.layersTogether else {
            throw .tooManyLayers(count: options.layers.count, limit: Limits.layersTogether)
        }
        // Layer metadata names a ZIP by its digest: a folder has none until it is zipped.
        if !options.layerMetadata.isEmpty, let folder = options.layers.first(where: isFolder) {
            throw .layerMetadataNeedsZip(folder: folder)
        }
        // A folder is not hashed: its digest would be no ZIP's (the report shows null).
        let inputs: [(path: String, role: CheckInput.Role, hashing: Bool)] =
            options.layers.map { ($0, .layer, (options.digests || !options.layerMetadata.isEmpty) && !isFolder($0)) }
            + (options.functionZip.map { [($0, .functionPackage, options.digests && !isFolder($0))] } ?? [])
        let hashed = inputs.indices.filter { inputs[$0].hashing }
        enum Piece {
            case described(Result<Description, OpeningError>)
            case listed(Result<Result<Archive, ArchiveError>, OpeningError>)
            case hashed(Result<FileDigest, OpeningError>)
        }
        let pieces = Parallel.map(count: 1 + inputs.count + hashed.count, threshold: 2) { index -> Piece in
            if index == 0 {
                return .described(Result { () throws(OpeningError) in try describe(options, loadingCatalog) })
            }
            if index <= inputs.count {
                return .listed(Result { () throws(OpeningError) in try list(inputs[index - 1].path) })
            }
            let input = inputs[hashed[index - 1 - inputs.count]]
            return .hashed(Result { () throws(OpeningError) in try digest(of: input.path) })
        }
        guard case .described(let described) = pieces[0] else { preconditionFailure("pieces keep their order") }
        let description = try described.get()
        var opened: [CheckInput] = []
        for (index, input) in inputs.enumerated() {
            guard case .listed(let listed) = pieces[1 + index] else { preconditionFailure("pieces keep their order") }
            let archive = try listed.get()
            var digest: FileDigest?
            if let position = hashed.firstIndex(of: index),
                case .hashed(let result) = pieces[1 + inputs.count + position]
            {
                digest = try result.get()
            }
            opened.append(CheckInput(path: input.path, role: input.role, digest: digest, archive: archive))
        }
        var layers = Array(opened.prefix(options.layers.count))
        let functionPackage = options.functionZip == nil ? nil : opened.last
        let matching = LayerMatching.match(
            layerDigests: layers.map { $0.digest?.base64 ?? "" }, metadata: description.metadata)
        if let stale = matching.unmatched.first { throw .unmatchedLayerMetadata(file: stale.file) }
        for (index, item) in matching.metadataByLayer { layers[index] = layers[index].with(metadata: item) }
        // A template lists the function's layers in order: its layer-version resources describe
        // the ZIPs at the same positions, when the counts agree and no metadata file already does.
        if let templateLayers = description.templateFunction?.layers, templateLayers.count == layers.count {
            for (index, layer) in templateLayers.enumerated() where layers[index].metadata == nil {
                if case .resource(let version) = layer {
                    layers[index] = layers[index].with(metadata: version.asMetadata)
                }
            }
        }
        var context = context(
            target: TargetInference.completing(description.target, layers: layers, catalog: description.catalog),
            layers: layers, functionPackage: functionPackage,
            catalog: description.catalog, today: options.today ?? CalendarDay.current(), reading: needs,
            verifying: options.verify, environment: description.environment, libraryCache: options.libraryCache)
        context.handler = description.handler
        if needs.contains(.importModel) {
            (context.imports, context.importsWithForeignBinariesRebuilt) = importModels(context, extra: extraModules)
        }
        return context
    }

    /// Phases 2 and 3 for inputs whose central directories are listed.
    static func context(
        target: Target, layers: [CheckInput], functionPackage: CheckInput?, catalog: RuntimeCatalog?, today: String,
        reading needs: Set<RuleNeed>, verifying: Bool = false, environment: [String: String] = [:],
        libraryCache: LibraryNeedsCache? = nil
    ) -> LintContext {
        let needs = RuleNeed.including(needs)
        let inputs = layers + (functionPackage.map { [$0] } ?? [])
        let listed = layers.compactMap { input in (try? input.archive.get()).map { (input: input, archive: $0) } }
        let listedFunction = functionPackage.flatMap { input in (try? input.archive.get()).map { (input.path, $0) } }
        enum Piece {
            case headers(CheckInput)
            case layouts([LayerLayout])
            case image(LayerImage)
            case binary(NativeBinary)
        }
        enum Work {
            case headers(Int), layouts, image, binary(Int)
        }
        let layerArchives = listed.map { ($0.input.path, $0.archive) }
        let candidates = needs.contains(.nativeBinaries) ? NativeScan.candidates(layerArchives) : []
        // One pool of pieces, the costliest first so that the two ends finish together: the
        // large binaries, then the archive-wide passes, then the small binaries.
        let bySize = candidates.indices.sorted {
            candidates[$0].entry.compressedSize > candidates[$1].entry.compressedSize
        }
        let large = bySize.prefix { candidates[$0].entry.compressedSize >= 1 << 20 }
        let work: [Work] =
            large.map { .binary($0) } + inputs.indices.map { .headers($0) } + [.image, .layouts]
            + bySize.dropFirst(large.count).map { .binary($0) }
        let pieces = Parallel.map(count: work.count, threshold: 2) { index -> Piece in
            switch work[index] {
            case .headers(let input): return .headers(inputs[input].readingLocalHeaders())
            case .layouts:
                return .layouts(listed.map { LayerLayout(archive: $0.input.path, entries: $0.archive.entries) })
            case .image:
                return .image(
                    image(
                        layers: layerArchives, functionPackage: listedFunction,
                        pythonVersion: target.runtime?.python?.version))
            case .binary(let candidate):
                let (path, archive) = layerArchives[candidates[candidate].layer]
                return .binary(
                    NativeScan.read(
                        candidates[candidate].entry, of: archive, archivePath: path, detail: .loaderNeeds,
                        keying: needs.contains(.libraryLoading) ? libraryCache : nil))
            }
        }
        var withHeaders = [CheckInput?](repeating: nil, count: inputs.count)
        var layouts: [LayerLayout] = []
        var listedImage: LayerImage?
        var sniffed = [NativeBinary?](repeating: nil, count: candidates.count)
        for (piece, item) in zip(pieces, work) {
            switch (piece, item) {
            case (.headers(let input), .headers(let index)): withHeaders[index] = input
            case (.layouts(let value), _): layouts = value
            case (.image(let value), _): listedImage = value
            case (.binary(let value), .binary(let index)): sniffed[index] = value
            default: preconditionFailure("each piece answers its work")
            }
        }
        var binaries = NativeScan.neededLibraries(
            NativeScan.grouped(candidates, sniffed.compactMap { $0 }, layerCount: listed.count),
            layers: layerArchives, target: target, glibcCeiling: LintContext.glibcCeiling(of: target, catalog: catalog))
        let read = withHeaders.compactMap { $0 }
        let readLayers = Array(read.prefix(layers.count))
        let readFunction = functionPackage == nil ? nil : read.last
        let readable = readLayers.compactMap { input in (try? input.archive.get()).map { (input, $0) } }
        let archives = readable.map(\.1) + (readFunction.flatMap { try? $0.archive.get() }.map { [$0] } ?? [])
        guard let image = listedImage?.replacingArchives(archives) else { preconditionFailure("the image was built") }
        var libraries: LibraryLoading?
        if needs.contains(.libraryLoading) {
            (binaries, libraries) = LibraryClosure.read(
                binaries, layers: layerArchives, image: image, target: target, catalog: catalog,
                environment: environment, glibcCeiling: LintContext.glibcCeiling(of: target, catalog: catalog),
                cache: libraryCache)
        }
        let contents = needs.contains(.memberContents) ? readable.map { MemberContents.read($0.1) } : []
        let corrupt = corruptMembers(
            of: readable.map(\.1), verifying: verifying, candidates: candidates, sniffed: sniffed,
            contents: contents, image: image)
        let dependencies =
            needs.contains(.dependencyResolution) ? DependencyResolution(image: image, target: target) : nil
        let everyPython =
            target.runtime == nil && needs.contains(.everyPythonWithoutRuntime)
            ? everyPythonResolution(of: image, architecture: target.architecture, catalog: catalog, today: today) : []
        let opened = readable.indices.map { index in
            OpenedLayer(
                input: readable[index].0, archive: readable[index].1, layout: layouts[index],
                binaries: binaries.indices.contains(index) ? binaries[index] : [],
                contents: contents.indices.contains(index) ? contents[index] : MemberContents(),
                corruptMembers: corrupt[index])
        }
        var context = LintContext(
            target: target, layers: readLayers, functionPackage: readFunction, readableLayers: opened, image: image,
            dependencies: dependencies, everyPython: everyPython, catalog: catalog, today: today)
        context.libraries = libraries
        context.functionEnvironment = environment
        // Only a function package has code of its own to read (and imports to look up).
        if needs.contains(.functionSources), functionPackage != nil {
            context.functionSources = FunctionSource.read(from: image)
        }
        if needs.contains(.functionSources) || needs.contains(.importModel), target.runtime?.python != nil {
            context.standardLibraries = try? StandardLibrary.bundled()
        }
        return context
    }

    /// The members of each readable layer whose data is corrupt: every member read to its
    /// end with `--verify`; otherwise what the opening stage's reads ran into (binaries
    /// sniffed, small members, distributions' metadata), each once, in entry order.
    static func corruptMembers(
        of archives: [Archive], verifying: Bool, candidates: [NativeScan.Candidate], sniffed: [NativeBinary?],
        contents: [MemberContents], image: LayerImage
    ) -> [[CorruptMember]] {
        if verifying { return archives.map { MemberContents.verify($0) } }
        var found = [[CorruptMember]](repeating: [], count: archives.count)
        for (candidate, binary) in zip(candidates, sniffed) {
            if let error = binary?.dataError {
                found[candidate.layer].append(CorruptMember(index: candidate.entry.index, error: error))
            }
        }
        for (layer, layerContents) in contents.enumerated() { found[layer] += layerContents.corrupt }
        for distribution in image.distributions {
            for (source, member) in distribution.corruptMembers where source < found.count {
                found[source].append(member)
            }
        }
        return found.map { members in
            var seen = Set<Int>()
            return members.sorted { $0.index < $1.index }.filter { seen.insert($0.index).inserted }
        }
    }

    /// Without a runtime: the dependency resolution for each supported (not deprecated)
    /// Python runtime of the catalog, side by side.
    static func everyPythonResolution(
        of image: LayerImage, architecture: Architecture?, catalog: RuntimeCatalog?, today: String
    ) -> [(runtime: RuntimeCatalog.Runtime, dependencies: DependencyResolution)] {
        guard let catalog else { return [] }
        let supported = catalog.runtimes.filter { runtime in runtime.python != nil && !runtime.isDeprecated(on: today) }
        let resolutions = Parallel.map(count: supported.count, threshold: 2) { index in
            DependencyResolution(
                image: image, target: Target(runtime: supported[index], architecture: architecture, sources: []))
        }
        return zip(supported, resolutions).compactMap { runtime, resolution in resolution.map { (runtime, $0) } }
    }

    /// The merged image of `layers` (in function order) and an optional function package,
    /// with its distributions' metadata read.
    ///
    /// - Parameter pythonVersion: the target's `3.11`, or `nil` when unknown.
    package static func image(
        layers: [(path: String, archive: Archive)], functionPackage: (path: String, archive: Archive)? = nil,
        pythonVersion: String?
    ) -> LayerImage {
        let listing = ImageListing(layers: layers, functionPackage: functionPackage, pythonVersion: pythonVersion)
        return LayerImage(listing, distributions: DistributionReader.read(listing))
    }

    /// Reads the description files and resolves the target.
    static func describe(
        _ options: OpeningOptions, _ loadingCatalog: () throws(RuntimeCatalogError) -> RuntimeCatalog
    ) throws(OpeningError) -> Description {
        let catalog: RuntimeCatalog
        do { catalog = try loadingCatalog() } catch { throw .catalog(error) }
        func decoded<T>(_ decode: () throws(LambdaConfigError) -> T) throws(OpeningError) -> T {
            do { return try decode() } catch { throw .configuration(error) }
        }
        let configuration = try decoded { () throws(LambdaConfigError) in
            try options.functionConfig.map { path throws(LambdaConfigError) in
                (configuration: try FunctionConfiguration.decode(try read(path), file: path), file: path)
            }
        }
        let templateFunction = try decoded { () throws(LambdaConfigError) in
            try options.template.map { path throws(LambdaConfigError) in
                let text = String(decoding: try read(path, limit: Limits.templateBytes), as: UTF8.self)
                return (function: try Template(text: text, file: path).function(named: options.function), file: path)
            }
        }
        let target: Target
        do {
            target = try TargetResolution.resolve(
                runtimeOption: options.runtime, architectureOption: options.architecture,
                functionConfiguration: configuration, templateFunction: templateFunction,
                runtimeFile: options.runtimeFile, architectureFile: options.architectureFile, catalog: catalog)
        } catch {
            throw .target(error)
        }
        let metadata = try decoded { () throws(LambdaConfigError) in
            try options.layerMetadata.map { path throws(LambdaConfigError) in
                try LayerVersionMetadata.decode(try read(path), file: path)
            }
        }
        if let (function, file) = configuration, !function.layerArns.isEmpty {
            for item in metadata {
                if let arn = item.layerVersionArn, !function.layerArns.contains(arn) {
                    throw .layerNotUsedByFunction(metadataFile: item.file, arn: arn, configurationFile: file)
                }
            }
        }
        return Description(
            catalog: catalog, target: target, metadata: metadata, templateFunction: templateFunction?.function,
            handler: configuration?.configuration.handler ?? templateFunction?.function.handler,
            environment: configuration?.configuration.environment ?? templateFunction?.function.environment ?? [:])
    }

    /// The archive at `path` with its central directory listed (local headers not yet read).
    ///
    /// - Returns: the archive, or why it is not a readable ZIP (a finding, Z001).
    /// - Throws: `OpeningError.archive` when the file cannot be read at all (exit 2).
    static func list(_ path: String) throws(OpeningError) -> Result<Archive, ArchiveError> {
        do {
            // An unzipped build folder is listed as the ZIP made from it would be.
            if isFolder(path) { return .success(try Archive(folderAt: path)) }
            return .success(try Archive(centralDirectoryAt: path))
        } catch {
            if case .cannotOpen = error { throw .archive(error) }
            return .failure(error)
        }
    }

    /// Whether `path` names a folder (or a link to one): a build folder given as an input.
    package static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The SHA-256 of the file at `path`.
    static func digest(of path: String) throws(OpeningError) -> FileDigest {
        do { return try FileDigest.sha256(ofFileAt: path) } catch { throw .configuration(error) }
    }

    /// A description file's bytes: a regular file of at most `Limits.descriptionFileBytes`.
    private static func read(_ path: String, limit: Int = Limits.descriptionFileBytes) throws(LambdaConfigError) -> Data
    {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw .unreadable(file: path, reason: "it is a directory") }
        switch BoundedFile.read(path, limit: limit) {
        case .success(let data): return data
        case .failure(let error): throw .unreadable(file: path, reason: error.reason)
        }
    }
}
