import BinaryFormats
import PythonPackaging
import ZipArchive

/// A compiled file in a layer: an extension module, a shared library, an executable.
public struct NativeBinary: Sendable {
    /// The layer (its path as given) and the member.
    public let archive: String
    public let path: String
    public let uncompressedSize: UInt64
    /// The format read from the first bytes, or `nil` when the file only looks like a
    /// binary by name (a `.so` that is a linker script or a stub).
    public let format: BinaryFormat?
    /// What an ELF shared object or executable needs from the loader, when its dynamic
    /// section was read in full (`inspect`; `check` reads only `loaderNeeds`).
    public let dynamic: ELFDynamicInfo?
    /// The newest glibc an ELF shared object or executable needs and whether it needs musl,
    /// when that could be read: all the compatibility rules ask.
    public let loaderNeeds: ELFLoaderNeeds?
    /// Why the member could not be read or parsed, if it could not.
    public let problem: String?
    /// What the file name says (`.cpython-311-x86_64-linux-gnu.so`), for extension modules.
    public let extensionName: ExtensionModuleName?

    /// The first path component under the layer's Python folder that holds the file
    /// (`numpy` for `python/numpy/core/x.so`), or the top-level folder (`lib`, `bin`).
    public var package: String {
        let parts = path.split(separator: "/").map(String.init)
        var index = 0
        if parts.first == "python" {
            index = 1
            if parts.count > 4, parts[1] == "lib", parts[2].hasPrefix("python"), parts[3] == "site-packages" {
                index = 4
            }
        }
        guard index < parts.count - 1 else { return parts.first ?? path }
        return parts[index]
    }
}

/// Finds and reads the native binaries of layers.
enum NativeScan {
    /// The most of one member that is inflated to read its dynamic section.
    static let readLimit = 256 << 20

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

    /// The binaries of each layer, in entry order. Members are read in parallel; ELF shared
    /// objects and executables are inflated as far as `detail` needs (whole only up to
    /// `readLimit`).
    static func scan(_ layers: [(path: String, archive: Archive)], detail: Detail) -> [[NativeBinary]] {
        let candidates = layers.enumerated().flatMap { index, layer in
            layer.archive.entries.indices(where: { isCandidate($0) }).map {
                (layer: index, entry: layer.archive.entries[$0])
            }
        }
        let binaries = Parallel.map(count: candidates.count, threshold: 4) { index -> NativeBinary in
            let (layerIndex, entry) = candidates[index]
            let (path, archive) = layers[layerIndex]
            return read(entry, of: archive, archivePath: path, detail: detail)
        }
        var result = [[NativeBinary]](repeating: [], count: layers.count)
        for (candidate, binary) in zip(candidates, binaries) where binary.format != nil || binary.problem != nil {
            result[candidate.layer].append(binary)
        }
        return result
    }

    /// How much of an ELF file to read.
    enum Detail: Sendable {
        /// `loaderNeeds` only: from the first segment where it settles them (`ELFPrefixReading`).
        case loaderNeeds
        /// The whole dynamic section too (`inspect` lists the needed libraries).
        case dynamicSection
    }

    static func read(_ entry: Entry, of archive: Archive, archivePath: String, detail: Detail) -> NativeBinary {
        let file = entry.name.split(separator: "/").last.map(String.init) ?? entry.name
        let extensionName = ExtensionModuleName(fileName: file)
        func binary(
            _ format: BinaryFormat?, _ dynamic: ELFDynamicInfo? = nil, loaderNeeds: ELFLoaderNeeds? = nil,
            problem: String? = nil
        ) -> NativeBinary {
            NativeBinary(
                archive: archivePath, path: entry.name, uncompressedSize: entry.uncompressedSize, format: format,
                dynamic: dynamic, loaderNeeds: loaderNeeds ?? dynamic.map(ELFLoaderNeeds.init), problem: problem,
                extensionName: extensionName)
        }
        var stream: MemberStream
        do {
            stream = try archive.stream(of: entry)
        } catch {
            return binary(nil, problem: error.description)
        }
        var bytes: [UInt8]
        do {
            bytes = try stream.read(atMost: BinaryFormat.prefixLength)
        } catch {
            return binary(nil, problem: error.description)
        }
        guard let format = BinaryFormat.identify(bytes) else { return binary(nil) }
        guard case .elf(let header) = format, header.type == .sharedObject || header.type == .executable else {
            return binary(format)
        }
        do {
            if detail == .loaderNeeds {
                // The first segment usually settles it; the whole file is read only when not.
                var outcome = ELFPrefixReading.needs(prefix: bytes, fileSize: entry.uncompressedSize)
                while case .needMore(let wanted) = outcome, !stream.isFinished {
                    bytes += try stream.read(atMost: wanted - bytes.count)
                    outcome = ELFPrefixReading.needs(prefix: bytes, fileSize: entry.uncompressedSize)
                }
                if case .settled(let needs, _) = outcome { return binary(format, loaderNeeds: needs) }
            }
            guard entry.uncompressedSize <= UInt64(readLimit) else {
                return binary(format, problem: "larger than \(readLimit >> 20) MiB; its library needs were not read")
            }
            while !stream.isFinished {
                let piece = try stream.read(atMost: 1 << 20)
                if piece.isEmpty { break }
                bytes += piece
            }
            do throws(BinaryFormatError) {
                return binary(format, try ELFDynamicInfo(elf: bytes))
            } catch {
                return binary(format, problem: error.description)
            }
        } catch {
            return binary(format, problem: error.description)
        }
    }
}
