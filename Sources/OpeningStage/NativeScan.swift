import BinaryFormats
import ImageModel
import LambdaPlatform
import PythonPackaging
import ZipArchive

/// Finds and reads the native binaries of layers.
package enum NativeScan {
    /// The most of one member that is inflated to read its dynamic section.
    static let readLimit = Limits.nativeBinaryBytes

    /// Whether a member is worth sniffing: shared objects and libraries by name, and
    /// anything in a `bin/` folder.
    static func isCandidate(_ entry: EntryInPlace) -> Bool {
        // The name first, in one pass over its bytes: nearly every entry of a large layer is
        // a .py file and fails here.
        guard isCandidateName(entry.name) else { return false }
        return entry.fileType == .regular && entry.uncompressedSize >= 4
    }

    /// Shared objects and libraries by suffix (`.so`, `.pyd`, `.dylib`, `.dll`), versioned
    /// libraries (`libpq.so.5`), and anything in a `bin/` folder.
    static func isCandidateName(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            if bytes.holdsSuffix(".so") || bytes.holdsSuffix(".pyd") || bytes.holdsSuffix(".dylib")
                || bytes.holdsSuffix(".dll") || bytes.holdsPrefix("bin/")
            {
                return true
            }
            for index in bytes.indices {
                switch bytes[index] {
                case UInt8(ascii: "."): if bytes.holds(".so.", at: index) { return true }
                case UInt8(ascii: "/"): if bytes.holds("/bin/", at: index) { return true }
                default: continue
                }
            }
            return false
        }
    }

    /// A member that may be a native binary: the index of its layer and its entry.
    struct Candidate: Sendable {
        let layer: Int
        let entry: Entry
    }

    /// The members of `layers` worth sniffing, in layer and entry order.
    static func candidates(_ layers: [(path: String, archive: Archive)]) -> [Candidate] {
        layers.enumerated().flatMap { index, layer in
            layer.archive.entries.indices(where: { isCandidate($0) }).map {
                Candidate(layer: index, entry: layer.archive.entries[$0])
            }
        }
    }

    /// The binaries of each layer, in entry order, from the candidates and what reading each
    /// gave (the same order); members that are not binaries are left out.
    static func grouped(_ candidates: [Candidate], _ read: [NativeBinary], layerCount: Int) -> [[NativeBinary]] {
        var result = [[NativeBinary]](repeating: [], count: layerCount)
        for (candidate, binary) in zip(candidates, read) where binary.format != nil || binary.problem != nil {
            result[candidate.layer].append(binary)
        }
        return result
    }

    /// The binaries of each layer, in entry order. Members are read in parallel; ELF shared
    /// objects and executables are inflated as far as `detail` needs (whole only up to
    /// `readLimit`).
    package static func scan(_ layers: [(path: String, archive: Archive)], detail: Detail) -> [[NativeBinary]] {
        let candidates = candidates(layers)
        let binaries = Parallel.map(count: candidates.count, threshold: 4) { index -> NativeBinary in
            let candidate = candidates[index]
            let (path, archive) = layers[candidate.layer]
            return read(candidate.entry, of: archive, archivePath: path, detail: detail)
        }
        return grouped(candidates, binaries, layerCount: layers.count)
    }

    /// For each layer with a loose library the target cannot load (no extension module, not
    /// where it is loaded by its place), the libraries the layer's loadable ELF files need:
    /// their dynamic sections read in full (`DT_NEEDED`), so that the rules can tell a library
    /// something loads from dead weight. Other layers are left as they are: the full read
    /// costs a pass over each binary, which a layer without such a library does not need.
    static func neededLibraries(
        _ binaries: [[NativeBinary]], layers: [(path: String, archive: Archive)], target: Target,
        glibcCeiling: (major: Int, minor: Int)?
    ) -> [[NativeBinary]] {
        binaries.enumerated().map { layer, found -> [NativeBinary] in
            let needsReading = found.contains {
                $0.format != nil && $0.isLooseLibrary && !$0.isLoadable(on: target, glibcCeiling: glibcCeiling)
            }
            guard needsReading, layer < layers.count else { return found }
            let (path, archive) = layers[layer]
            let entries = Dictionary(archive.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let reread = Parallel.map(count: found.count, threshold: 4) { index -> NativeBinary in
                let binary = found[index]
                guard binary.dynamic == nil, binary.isLoadable(on: target, glibcCeiling: glibcCeiling),
                    let entry = entries[binary.path]
                else { return binary }
                return read(entry, of: archive, archivePath: path, detail: .dynamicSection)
            }
            return reread
        }
    }

    /// How much of an ELF file to read.
    package enum Detail: Sendable {
        /// `loaderNeeds` only: from the first segment where it settles them (`ELFPrefixReading`).
        case loaderNeeds
        /// The whole dynamic section too (`inspect` lists the needed libraries).
        case dynamicSection
        /// What the loader model needs: the first segment, whole, when the libraries it names
        /// settle where they are found (`settle` returns the needed ones: `systemNeeds`);
        /// else the dynamic section, the stream going on from the first segment.
        /// `cache`, when given, answers for members read before and keeps what is read;
        /// `slot` is the member's entry when the caller has looked it up already.
        case libraries(
            settle: @Sendable (ELFPrefixReading.FirstSegmentNeeds) -> [String]?, cache: LibraryNeedsCache? = nil,
            slot: LibraryNeedsCache.Slot? = nil)
    }

    ///
    /// - Parameter keying: the cache whose key for an ELF member is kept in `cacheKey` (from
    ///   the prefix read anyway), so that the loader model can look it up without reading again.
    static func read(
        _ entry: Entry, of archive: Archive, archivePath: String, detail: Detail, keying: LibraryNeedsCache? = nil
    ) -> NativeBinary {
        let file = entry.name.split(separator: "/").last.map(String.init) ?? entry.name
        let extensionName = ExtensionModuleName(fileName: file)
        // An ELF member's key in the cache, once its prefix is read.
        var key: String?
        func binary(
            _ format: BinaryFormat?, _ dynamic: ELFDynamicInfo? = nil, loaderNeeds: ELFLoaderNeeds? = nil,
            problem: String? = nil, dataError: ArchiveError? = nil
        ) -> NativeBinary {
            var made = NativeBinary(
                archive: archivePath, path: entry.name, uncompressedSize: entry.uncompressedSize, format: format,
                dynamic: dynamic, loaderNeeds: loaderNeeds ?? dynamic.map(ELFLoaderNeeds.init), problem: problem,
                dataError: dataError, extensionName: extensionName)
            made.cacheKey = key
            return made
        }
        func failed(_ format: BinaryFormat?, _ error: ArchiveError) -> NativeBinary {
            binary(format, problem: error.description, dataError: error.isCorruptData ? error : nil)
        }
        var stream: MemberStream
        do {
            stream = try archive.stream(of: entry)
        } catch {
            return failed(nil, error)
        }
        var bytes: [UInt8]
        do {
            bytes = try stream.read(atMost: BinaryFormat.prefixLength)
        } catch {
            return failed(nil, error)
        }
        guard let format = BinaryFormat.identify(bytes) else { return binary(nil) }
        guard case .elf(let header) = format, header.type == .sharedObject || header.type == .executable else {
            return binary(format)
        }
        key = keying?.key(of: entry, prefix: bytes)
        var reading = MemberReading(entry: entry, archive: archive, stream: stream, bytes: bytes)
        do {
            var slot: LibraryNeedsCache.Slot?
            switch detail {
            case .libraries(let settle, let cache, let known):
                switch try reading.libraryNeeds(settle: settle, cache: cache, slot: known) {
                case .settled(let info):
                    var settled = binary(format, loaderNeeds: ELFLoaderNeeds(info))
                    settled.systemNeeds = info
                    return settled
                case .dynamicSection(let info): return binary(format, info)
                case .readInFull(let cacheSlot): slot = cacheSlot
                }
            case .loaderNeeds:
                // The first segment usually settles it; the whole file is read only when not.
                if let needs = try reading.loaderNeeds() { return binary(format, loaderNeeds: needs) }
            case .dynamicSection: break
            }
            guard entry.uncompressedSize <= UInt64(readLimit) else {
                return binary(format, problem: "larger than \(readLimit >> 20) MiB; its library needs were not read")
            }
            switch try reading.dynamicSection() {
            case .success(let info):
                slot?.keep(info)
                return binary(format, info)
            case .failure(let error): return binary(format, problem: error.description)
            }
        } catch {
            return failed(format, error)
        }
    }

    /// One member read from its start: its stream and the bytes read so far.
    struct MemberReading: ~Copyable {
        let entry: Entry
        let archive: Archive
        var stream: MemberStream
        var bytes: [UInt8]

        /// What the loader model has of a member without its dynamic section, or that it needs it.
        enum LibraryOutcome {
            /// Its first segment settles its needs: those the system provides.
            case settled(ELFDynamicInfo)
            /// The cache holds its dynamic section.
            case dynamicSection(ELFDynamicInfo)
            /// Its dynamic section must be read; keep it in `slot` when there is one.
            case readInFull(LibraryNeedsCache.Slot?)
        }

        /// The loader model's reading: what the cache knows of the member, else its first
        /// segment when `settle` accepts the libraries it names; what was read is kept.
        mutating func libraryNeeds(
            settle: (ELFPrefixReading.FirstSegmentNeeds) -> [String]?, cache: LibraryNeedsCache?,
            slot known: LibraryNeedsCache.Slot? = nil
        ) throws(ArchiveError) -> LibraryOutcome {
            var slot = known ?? cache.map { LibraryNeedsCache.Slot(cache: $0, key: $0.key(of: entry, prefix: bytes)) }
            if let outcome = slot?.record.outcome(settle: settle) { return outcome }
            guard slot?.record.firstSegmentSettles == nil,
                let length = ELFPrefixReading.firstSegmentLength(prefix: bytes, fileSize: entry.uncompressedSize)
            else { return .readInFull(slot) }
            if bytes.count < length {
                bytes.reserveCapacity(length)
                while bytes.count < length, !stream.isFinished {
                    bytes += try stream.read(atMost: min(1 << 20, length - bytes.count))
                }
            }
            guard bytes.count >= length else { return .readInFull(slot) }
            let needs = ELFPrefixReading.firstSegmentNeeds(
                bytes.count == length ? bytes : Array(bytes.prefix(length)), fileSize: entry.uncompressedSize)
            slot?.keep(needs)
            if let needs, let needed = settle(needs) {
                return .settled(ELFDynamicInfo(neededLibraries: needed, versionNeeds: needs.versionNeeds))
            }
            return .readInFull(slot)
        }

        /// The loader needs the prefix settles (growing it through the first segment), or `nil`.
        mutating func loaderNeeds() throws(ArchiveError) -> ELFLoaderNeeds? {
            var progress = ELFPrefixReading.Progress()
            var outcome = ELFPrefixReading.needs(prefix: bytes, fileSize: entry.uncompressedSize, progress: &progress)
            if case .needMore = outcome {
                // Room for the whole first segment at once: the prefix grows without being
                // moved, and pages never written are never touched.
                bytes.reserveCapacity(Int(min(entry.uncompressedSize, UInt64(ELFPrefixReading.segmentLimit))))
            }
            while case .needMore(let wanted) = outcome, !stream.isFinished {
                bytes += try stream.read(atMost: wanted - bytes.count)
                outcome = ELFPrefixReading.needs(prefix: bytes, fileSize: entry.uncompressedSize, progress: &progress)
            }
            if case .settled(let needs, _) = outcome { return needs }
            return nil
        }

        /// The dynamic section and its tables, read in passes that keep only them. The stream
        /// goes on from where the last pass stopped, and starts over only for a range behind it
        /// (the string table of a file whose dynamic section comes later): a file patched by
        /// auditwheel, whose tables follow its dynamic section, is inflated once.
        consuming func dynamicSection() throws(ArchiveError) -> Result<ELFDynamicInfo, BinaryFormatError> {
            var position = bytes.count
            var stream = self.stream
            let (entry, archive) = (self.entry, self.archive)
            return try ELFDynamicInfo.read(fileSize: Int(entry.uncompressedSize), prefix: bytes) {
                (ranges) throws(ArchiveError) in
                if let first = ranges.first, first.lowerBound < position {
                    stream = try archive.stream(of: entry)
                    position = 0
                }
                return try NativeScan.collect(ranges, from: &stream, at: &position)
            }
        }
    }

    /// The bytes of `ranges` (sorted by start, possibly overlapping, none before `position`)
    /// of a member whose `stream` stands at `position`, inflated forward and kept only where a
    /// range asks for them.
    static func collect(
        _ ranges: [Range<Int>], from stream: inout MemberStream, at position: inout Int
    ) throws(ArchiveError) -> [[UInt8]] {
        var parts = ranges.map { range -> [UInt8] in
            var part: [UInt8] = []
            part.reserveCapacity(range.count)
            return part
        }
        let end = ranges.map(\.upperBound).max() ?? 0
        while position < end, !stream.isFinished {
            let chunk = try stream.read(atMost: min(1 << 20, end - position))
            if chunk.isEmpty { break }
            let covered = position..<(position + chunk.count)
            for (index, range) in ranges.enumerated() {
                let overlap = range.clamped(to: covered)
                guard !overlap.isEmpty else { continue }
                parts[index] += chunk[(overlap.lowerBound - position)..<(overlap.upperBound - position)]
            }
            position += chunk.count
        }
        return parts
    }
}
