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
    /// The member's data error when reading it found its deflate data, size or CRC-32 corrupt
    /// (reported as Z001, as `--verify` would).
    let dataError: ArchiveError?
    /// What the file name says (`.cpython-311-x86_64-linux-gnu.so`), for extension modules.
    public let extensionName: ExtensionModuleName?

    /// The first path component under the layer's Python folder that holds the file
    /// (`numpy` for `python/numpy/core/x.so`), or the top-level folder (`lib`, `bin`).
    public var package: String { PackagePath.name(of: path) }
}
