import ImageModel
import PythonPackaging
import ZipArchive

/// Reads the metadata members of the distribution folders of an image.
enum DistributionReader {
    /// Metadata files larger than this are not read (RECORD of botocore is about 0.5 MiB).
    static let readLimit = Limits.metadataFileBytes

    private enum Role: CaseIterable {
        case metadata, record, topLevel, requires, wheel
    }

    /// The distributions of `listing`'s distribution folders, read in parallel when there are many.
    static func read(_ listing: ImageListing) -> [InstalledDistribution] {
        let folders = listing.distributionFolders
        let origins = memberOrigins(folders, in: listing.files)
        // Each distribution is read and parsed on its own, in parallel when there are many.
        return Parallel.map(count: folders.count) { index in
            distribution(folders[index], origins: origins[index], listing: listing)
        }
    }

    /// Which members to read for each distribution folder, by what they hold.
    private static func memberOrigins(
        _ folders: [(path: String, searchFolder: String, isFile: Bool)], in files: ImageFiles
    ) -> [[Role: LayerImage.Origin]] {
        var origins = [[Role: LayerImage.Origin]](repeating: [:], count: folders.count)
        for (index, folder) in folders.enumerated() {
            let isEgg = folder.path.lowercased().hasSuffix(".egg-info")
            for role in Role.allCases {
                // Which file holds each part: an `.egg-info` file is its own PKG-INFO, an
                // `.egg-info` folder has requires.txt and no RECORD or WHEEL.
                let file: String
                switch (role, isEgg) {
                case (.metadata, _): file = folder.isFile ? "" : (isEgg ? "PKG-INFO" : "METADATA")
                case (.topLevel, _): file = "top_level.txt"
                case (.record, false): file = "RECORD"
                case (.wheel, false): file = "WHEEL"
                case (.requires, true): file = "requires.txt"
                default: continue
                }
                if folder.isFile && role != .metadata { continue }
                let path = file.isEmpty ? folder.path : folder.path + "/" + file
                if let origin = files.origin(of: path) { origins[index][role] = origin }
            }
        }
        return origins
    }

    /// One distribution: its members read and parsed, with what could not be.
    private static func distribution(
        _ folder: (path: String, searchFolder: String, isFile: Bool), origins: [Role: LayerImage.Origin],
        listing: ImageListing
    ) -> InstalledDistribution {
        let (files, sources, replaced) = (listing.files, listing.sources, listing.replaced)
        let members = origins.mapValues { origin in
            (
                text: Result { () throws(ArchiveError) -> String in
                    String(
                        decoding: try sources[origin.source].archive.contents(
                            of: sources[origin.source].archive.entries[origin.index], limit: readLimit),
                        as: UTF8.self)
                }, origin: origin
            )
        }
        let folderName = String(folder.path.split(separator: "/").last ?? "")
        let isEgg = folderName.lowercased().hasSuffix(".egg-info")
        let guess = guessNameAndVersion(folderName)
        var metadata: CoreMetadata?
        var problem: String?
        let metadataFile = folder.isFile ? folderName : (isEgg ? "PKG-INFO" : "METADATA")
        switch members[.metadata]?.text {
        case .success(let text)?:
            do throws(CoreMetadataError) {
                metadata = try CoreMetadata(text)
            } catch {
                problem = "\(metadataFile) cannot be used: \(error.description)"
            }
        case .failure(let error)?:
            problem = "\(metadataFile) cannot be read: \(error.description)"
        case nil:
            problem = "the folder has no \(metadataFile)"
        }
        let anyOrigin =
            members[.metadata]?.origin ?? files.anyOrigin(under: folder.path)
        let source = anyOrigin?.source ?? 0
        let root = sources[source].root
        let metadataPath = String(
            (folder.isFile ? folder.path : folder.path + "/" + metadataFile).dropFirst(root.count))

        var requiresDist = metadata?.requiresDist ?? []
        if isEgg, case .success(let text)? = members[.requires]?.text {
            requiresDist = EggInfoRequires.requiresDist(text).map { line in
                (line, Result { () throws(RequirementError) -> Requirement in try Requirement(line) })
            }
        }
        var record: [RecordEntry]?
        var recordProblem: String?
        switch members[.record]?.text {
        case .success(let text)?:
            do throws(RecordError) {
                record = try Record.parse(text)
            } catch {
                recordProblem = "RECORD cannot be parsed: \(error.description)"
            }
        case .failure(let error)?: recordProblem = "RECORD cannot be read: \(error.description)"
        case nil: break
        }
        var importNames: [String] = []
        if case .success(let text)? = members[.topLevel]?.text {
            importNames = TopLevelNames.parse(text).map { String($0.split(separator: "/").first ?? "") }
        }
        if importNames.isEmpty, let record { importNames = topLevelNames(fromRecord: record) }
        let name = metadata?.name ?? guess.name
        if importNames.isEmpty { importNames = [PackageName.normalize(name).replacingDashes()] }
        let metadataAbsolute = folder.isFile ? folder.path : folder.path + "/" + metadataFile
        return InstalledDistribution(
            .init(
                kind: isEgg ? .eggInfo : .distInfo, folder: folder.path, searchFolder: folder.searchFolder,
                source: source, metadataPath: metadataPath, name: name, normalizedName: PackageName.normalize(name),
                versionText: metadata?.versionText ?? guess.version, version: metadata?.version,
                metadata: metadata, metadataProblem: problem, requiresDist: requiresDist, record: record,
                recordPath: members[.record].map {
                    sources[$0.origin.source].archive.entries[$0.origin.index].name
                },
                recordProblem: recordProblem,
                importNames: importNames.uniqued(), replacedIn: replaced[metadataAbsolute] ?? [],
                wheel: members[.wheel].flatMap { try? $0.text.get() }.map(WheelMetadata.init),
                wheelPath: members[.wheel].map { sources[$0.origin.source].archive.entries[$0.origin.index].name },
                corruptMembers: members.values.compactMap { member in
                    guard case .failure(let error) = member.text, error.isCorruptData else { return nil }
                    return (member.origin.source, CorruptMember(index: member.origin.index, error: error))
                }.sorted { ($0.source, $0.member.index) < ($1.source, $1.member.index) }))
    }

    /// `requests-2.32.3.dist-info` → (`requests`, `2.32.3`); `foo.egg-info` → (`foo`, nil).
    static func guessNameAndVersion(_ folderName: String) -> (name: String, version: String?) {
        // Found in the bytes: the separators are ASCII, so every offset is a character boundary.
        let bytes = folderName.utf8
        let stem = bytes[..<(bytes.lastIndex(of: UInt8(ascii: ".")) ?? bytes.startIndex)]
        guard let dash = stem.firstIndex(of: UInt8(ascii: "-")) else { return (String(Substring(stem)), nil) }
        // The first non-empty dash-separated part after the name.
        let rest = stem[stem.index(after: dash)...].drop(while: { $0 == UInt8(ascii: "-") })
        let version = rest[..<(rest.firstIndex(of: UInt8(ascii: "-")) ?? rest.endIndex)]
        return (String(Substring(stem[..<dash])), version.isEmpty ? nil : String(Substring(version)))
    }

    /// The first part of each RECORD path that Python could import, in order.
    static func topLevelNames(fromRecord record: [RecordEntry]) -> [String] {
        var names: [String] = []
        var named = Set<String>()
        var seen = Set<Substring>()
        for entry in record {
            let slash = entry.path.utf8.firstIndex(of: UInt8(ascii: "/"))
            let firstPart = entry.path[..<(slash ?? entry.path.endIndex)]
            // Most rows share their first part with another; decide each part once.
            guard seen.insert(firstPart).inserted else { continue }
            let first = String(firstPart)
            if first.hasPrefix("..") || first.hasSuffix(".dist-info") || first.hasSuffix(".data")
                || first == "__pycache__"
            {
                continue
            }
            let isFolder = slash != nil
            let name: String
            if isFolder {
                name = first
            } else if first.hasSuffix(".py") || first.hasSuffix(".so") || first.hasSuffix(".pyc") {
                name = String(first.split(separator: ".").first ?? "")
            } else {
                continue
            }
            if !name.isEmpty && named.insert(name).inserted { names.append(name) }
        }
        return names
    }
}

extension String {
    fileprivate func replacingDashes() -> String { String(map { $0 == "-" ? "_" : $0 }) }
}

extension Array where Element == String {
    fileprivate func uniqued() -> [String] {
        var seen = Set<String>()
        return filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
