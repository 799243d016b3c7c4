import LambdaPlatform
import BinaryFormats
import PythonPackaging
import ZipArchive

/// A compiled file in a layer: an extension module, a shared library, an executable.
package struct NativeBinary: Sendable {
    /// The layer (its path as given) and the member.
    package let archive: String
    package let path: String
    package let uncompressedSize: UInt64
    /// The format read from the first bytes, or `nil` when the file only looks like a
    /// binary by name (a `.so` that is a linker script or a stub).
    package let format: BinaryFormat?
    /// What an ELF shared object or executable needs from the loader, when its dynamic
    /// section was read in full (`inspect`; `check` reads only `loaderNeeds`).
    package let dynamic: ELFDynamicInfo?
    /// The newest glibc an ELF shared object or executable needs and whether it needs musl,
    /// when that could be read: all the compatibility rules ask.
    package let loaderNeeds: ELFLoaderNeeds?
    /// Why the member could not be read or parsed, if it could not.
    package let problem: String?
    /// What the loader model knows of its needs without its dynamic section: the libraries
    /// its first segment names, every one of them found in the system's folders, and its
    /// version needs (`ELFPrefixReading.firstSegmentNeeds`); `nil` when the dynamic section
    /// was read, or neither was.
    package var systemNeeds: ELFDynamicInfo?
    /// Its key in the opening stage's cache of library needs, when there is one (an ELF
    /// shared object or executable).
    package var cacheKey: String?
    /// The member's data error when reading it found its deflate data, size or CRC-32 corrupt
    /// (reported as Z001, as `--verify` would).
    package let dataError: ArchiveError?
    /// What the file name says (`.cpython-311-x86_64-linux-gnu.so`), for extension modules.
    package let extensionName: ExtensionModuleName?

    /// The first path component under the layer's Python folder that holds the file
    /// (`numpy` for `python/numpy/core/x.so`), or the top-level folder (`lib`, `bin`).
    package var package: String { PackagePath.name(of: path) }

    package init(
        archive: String, path: String, uncompressedSize: UInt64, format: BinaryFormat?, dynamic: ELFDynamicInfo?,
        loaderNeeds: ELFLoaderNeeds?, problem: String?, dataError: ArchiveError?, extensionName: ExtensionModuleName?
    ) {
        self.archive = archive
        self.path = path
        self.uncompressedSize = uncompressedSize
        self.format = format
        self.dynamic = dynamic
        self.loaderNeeds = loaderNeeds
        self.problem = problem
        self.dataError = dataError
        self.extensionName = extensionName
    }
}

extension NativeBinary {
    /// The extension-module name when Python imports the file by its tag
    /// (`_core.cpython-311-x86_64-linux-gnu.so`, `_core.abi3.so`, `_core.cp311-win_amd64.pyd`)
    /// under `python/`; a plain `.so` is a library loaded by name or path, as build tools tag
    /// every module they build.
    package var taggedExtensionModule: ExtensionModuleName? {
        guard path.hasPrefix("python/"), let name = extensionName else { return nil }
        let tagged = name.pythonVersion != nil || name.isStableABI || name.isPyPy || name.platform != .unspecified
        return tagged ? name : nil
    }

    /// Whether it sits where something loads it by its place: Lambda runs `bootstrap`,
    /// `bin/` (on `PATH`) and `extensions/`; the loader searches `lib/` (`LD_LIBRARY_PATH`)
    /// and a wheel's `.libs` folder (where auditwheel puts what its modules need).
    package var sitsWhereItIsLoaded: Bool {
        let parts = path.split(separator: "/")
        guard let top = parts.first else { return false }
        if top == "bin" || top == "extensions" || top == "lib" || path == "bootstrap" { return true }
        return parts.dropLast().contains { $0.hasSuffix(".libs") }
    }

    /// Neither an extension module nor where it is loaded by place: only a binary that names
    /// it (`DT_NEEDED`) or code that opens it by path loads it.
    package var isLooseLibrary: Bool { taggedExtensionModule == nil && !sitsWhereItIsLoaded }

    /// The same binary with its dynamic section known (read before, kept by the cache).
    package func withDynamicSection(_ info: ELFDynamicInfo) -> NativeBinary {
        var known = NativeBinary(
            archive: archive, path: path, uncompressedSize: uncompressedSize, format: format, dynamic: info,
            loaderNeeds: ELFLoaderNeeds(info), problem: nil, dataError: dataError, extensionName: extensionName)
        known.cacheKey = cacheKey
        return known
    }

    /// Its needs as the loader model reads them: the dynamic section, else the first
    /// segment's settled answer.
    package var libraryNeeds: ELFDynamicInfo? { dynamic ?? systemNeeds }

    /// Whether `binary` names this file among the libraries it needs (`libhelper.so.1`, also
    /// for a file `libhelper.so.1.2.3`).
    package func isNeeded(by binary: NativeBinary) -> Bool {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return binary.dynamic?.neededLibraries.contains { file == $0 || file.hasPrefix($0 + ".") } ?? false
    }

    /// Whether the target would load it: ELF for its CPU (when known), glibc-linked within
    /// `glibcCeiling` (when known), and for an extension module tagged for its Python.
    package func isLoadable(on target: Target, glibcCeiling: (major: Int, minor: Int)?) -> Bool {
        guard case .elf? = format,
            formatMismatch(architecture: target.architecture?.rawValue, glibcCeiling: glibcCeiling) == nil
        else { return false }
        if let name = extensionName {
            switch name.platform {
            case .macOS, .windows: return false
            case .linux(_, let libc) where libc != "gnu": return false
            default: break
            }
            if name.isPyPy || name.isFreeThreaded { return false }
            if let python = target.runtime?.python?.version, let version = name.pythonVersion, version != python {
                return false
            }
        }
        return true
    }
}

extension NativeBinary {
    /// Why the loader refuses the file by what its bytes say, or `nil` when they say nothing
    /// against it (an ELF file that fits, or a format not read): a macOS or Windows binary,
    /// an ELF file for another CPU (`architecture`, when known), linked against musl, or
    /// needing a newer glibc than `glibcCeiling` (when known). The name's tag is not looked at.
    package func formatMismatch(architecture: String?, glibcCeiling: (major: Int, minor: Int)?) -> ImportModel
        .NativeMismatch?
    {
        switch format {
        case .machO(let header)?:
            return .operatingSystem("macOS (Mach-O, \(header.architectures.joined(separator: "+")))")
        case .pe(let header)?:
            return .operatingSystem("Windows (PE, \(header.architecture))")
        case .elf(let header)?:
            if let architecture, header.architecture != architecture { return .architecture(header.architecture) }
            if loaderNeeds?.needsMusl == true { return .musl }
            if let ceiling = glibcCeiling, let needed = loaderNeeds?.glibc,
                (needed.major, needed.minor) > (ceiling.major, ceiling.minor)
            {
                return .glibc("\(needed.major).\(needed.minor)")
            }
            return nil
        default:
            return nil
        }
    }
}
