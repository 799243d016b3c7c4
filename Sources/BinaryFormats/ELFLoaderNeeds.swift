/// What a linter asks of an ELF file's loader needs: the newest `GLIBC_X.Y` symbol version
/// it needs, and whether it needs musl's C library or loader.
///
/// It can be read from the whole file (`init(_:)` of an `ELFDynamicInfo`) or, for most
/// shared objects, from their first few megabytes (`ELFPrefixReading`), which is what makes
/// checking a layer of large native libraries cheap.
public struct ELFLoaderNeeds: Equatable, Sendable {
    /// The highest `GLIBC_X.Y` needed, as `(X, Y)`; `nil` when none is.
    public let glibc: (major: Int, minor: Int)?
    /// Whether a needed library is musl's (`libc.musl-x86_64.so.1`, `ld-musl-aarch64.so.1`).
    public let needsMusl: Bool

    public init(glibc: (major: Int, minor: Int)?, needsMusl: Bool) {
        self.glibc = glibc
        self.needsMusl = needsMusl
    }

    /// The needs of a file whose dynamic section was read in full.
    public init(_ info: ELFDynamicInfo) {
        self.glibc = info.glibc
        self.needsMusl = info.neededLibraries.contains { Self.isMuslLibrary($0) }
    }

    static func isMuslLibrary(_ name: String) -> Bool {
        name.hasPrefix("libc.musl-") || name.hasPrefix("ld-musl-")
    }

    public static func == (lhs: ELFLoaderNeeds, rhs: ELFLoaderNeeds) -> Bool {
        lhs.needsMusl == rhs.needsMusl && lhs.glibc?.major == rhs.glibc?.major && lhs.glibc?.minor == rhs.glibc?.minor
    }
}
