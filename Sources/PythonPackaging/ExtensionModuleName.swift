/// What the file name of a compiled extension module says about where it loads
/// (`importlib.machinery.EXTENSION_SUFFIXES`): `_speedups.cpython-311-x86_64-linux-gnu.so`
/// loads only in CPython 3.11 on glibc x86_64 Linux; `_speedups.abi3.so` in any CPython 3;
/// `_speedups.cp311-win_amd64.pyd` only on Windows.
public struct ExtensionModuleName: Equatable, Sendable {
    /// Where the file says it loads.
    public enum Platform: Equatable, Sendable {
        /// Linux, with the CPU (`x86_64`, `arm64`, …) and C library (`gnu`, `musl`).
        case linux(architecture: String, libc: String)
        case macOS
        /// Windows (`.pyd`), with the CPU when the name gives one.
        case windows(architecture: String?)
        /// The name does not say (`.abi3.so`, a plain `.so`).
        case unspecified
    }

    /// The module name (`_speedups`).
    public let module: String
    /// The CPython minor version the name is tagged for (`3.11`), or `nil`.
    public let pythonVersion: String?
    /// A free-threaded build (`cpython-313t`), which a standard CPython does not load.
    public let isFreeThreaded: Bool
    /// The stable ABI (`.abi3.so`): loads in this and every later CPython 3.
    public let isStableABI: Bool
    /// Built for PyPy (`.pypy310-pp73-…`), which Lambda does not run.
    public let isPyPy: Bool
    public let platform: Platform

    /// Reads a file name (the last path component); `nil` when it is not `.so` or `.pyd`.
    public init?(fileName: some StringProtocol) {
        let name = String(fileName)
        let isPyd = name.hasSuffix(".pyd")
        guard isPyd || name.hasSuffix(".so") else { return nil }
        let stem = name.dropLast(isPyd ? 4 : 3)
        let parts = stem.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let module = parts.first, !module.isEmpty else { return nil }
        self.module = String(module)
        let tag = parts.count == 2 ? String(parts[1]) : ""
        var version: String?
        var freeThreaded = false
        var pypy = false
        var platform: Platform = isPyd ? .windows(architecture: nil) : .unspecified
        let pieces = tag.split(separator: "-").map(String.init)
        if isPyd {
            // `cp311-win_amd64`
            if let first = pieces.first, let parsed = WheelTag.cpythonVersion(first) {
                version = "\(parsed.major).\(parsed.minor)"
                freeThreaded = first.hasSuffix("t")
            }
            if let last = pieces.last, last.hasPrefix("win") {
                platform = .windows(architecture: Self.windowsArchitecture(last))
            }
        } else if let first = pieces.first, first == "cpython" || first.hasPrefix("pypy") {
            pypy = first.hasPrefix("pypy")
            let rest: ArraySlice<String>
            if pypy {
                rest = pieces.dropFirst(2)  // pypy310-pp73-…
            } else if pieces.count >= 2 {
                let digits = pieces[1].prefix { $0.isASCII && $0.isNumber }
                if digits.count >= 2 { version = "\(digits.prefix(1)).\(digits.dropFirst())" }
                freeThreaded = pieces[1].hasSuffix("t")
                rest = pieces.dropFirst(2)
            } else {
                rest = []
            }
            platform = Self.platform(Array(rest))
        }
        self.pythonVersion = version
        self.isFreeThreaded = freeThreaded
        self.isStableABI = tag == "abi3"
        self.isPyPy = pypy
        self.platform = platform
    }

    /// `["x86_64", "linux", "gnu"]` → Linux x86_64 glibc; `["darwin"]` → macOS.
    static func platform(_ parts: [String]) -> Platform {
        if parts == ["darwin"] { return .macOS }
        guard parts.count >= 2, parts[1] == "linux" else { return .unspecified }
        let libc = parts.count >= 3 ? (parts[2].hasPrefix("musl") ? "musl" : "gnu") : "gnu"
        return .linux(architecture: Self.linuxArchitecture(parts[0]), libc: libc)
    }

    /// Lambda's spelling of a Linux machine name.
    static func linuxArchitecture(_ machine: String) -> String {
        switch machine {
        case "aarch64": return "arm64"
        case "i686", "i386": return "i386"
        default: return machine
        }
    }

    static func windowsArchitecture(_ platform: String) -> String? {
        switch platform {
        case "win_amd64": return "x86_64"
        case "win_arm64": return "arm64"
        case "win32": return "i386"
        default: return nil
        }
    }
}
