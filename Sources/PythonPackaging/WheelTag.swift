/// A wheel compatibility tag, `interpreter-abi-platform` (PEP 425), with what each part
/// means for a Lambda function: which Python, which ABI, which OS, libc and CPU.
public struct WheelTag: Hashable, CustomStringConvertible, Sendable {
    public let interpreter: String
    public let abi: String
    public let platform: String

    public init(interpreter: String, abi: String, platform: String) {
        self.interpreter = interpreter.lowercased()
        self.abi = abi.lowercased()
        self.platform = platform.lowercased()
    }

    public var description: String { "\(interpreter)-\(abi)-\(platform)" }

    /// Expands a compressed tag set: each part may list alternatives separated by dots,
    /// and the result is every combination, as `packaging.tags.parse_tag` gives.
    ///
    /// - Throws: `WheelTagError.invalid` unless there are exactly three parts. Like
    ///   `packaging`, an empty part or alternative is accepted (and matches nothing real).
    public static func parseSet(_ text: String) throws(WheelTagError) -> [WheelTag] {
        let parts = PythonText.fields(PythonText.stripped(text), separator: UInt8(ascii: "-"))
        guard parts.count == 3 else { throw .invalid(text) }
        let alternatives = parts.map { PythonText.fields(String($0), separator: UInt8(ascii: ".")).map(String.init) }
        var tags: [WheelTag] = []
        for interpreter in alternatives[0] {
            for abi in alternatives[1] {
                for platform in alternatives[2] {
                    tags.append(WheelTag(interpreter: interpreter, abi: abi, platform: platform))
                }
            }
        }
        return tags
    }

    // MARK: Interpreter and ABI

    /// The CPython version a `cpXY` interpreter or ABI tag names (`cp311` → 3.11), or `nil`.
    public static func cpythonVersion(_ tag: String) -> (major: Int, minor: Int)? {
        guard tag.hasPrefix("cp") else { return nil }
        let digits = tag.dropFirst(2).prefix { $0.isASCII && $0.isNumber }
        guard digits.count >= 2, let major = Int(digits.prefix(1)), let minor = Int(digits.dropFirst()) else {
            return nil
        }
        return (major, minor)
    }

    /// `cp311` and the like: the interpreter is CPython of one minor version.
    public var cpythonInterpreter: (major: Int, minor: Int)? { Self.cpythonVersion(interpreter) }

    /// The ABI's CPython version when the ABI is version-specific (`cp311`, `cp313t`,
    /// `cp37m`); `nil` for `abi3`, `none` and others.
    public var cpythonABI: (major: Int, minor: Int)? { Self.cpythonVersion(abi) }

    /// A free-threaded build's ABI (`cp313t`), which a standard CPython cannot load.
    public var isFreeThreadedABI: Bool {
        guard cpythonABI != nil else { return false }
        return abi.hasSuffix("t")
    }

    /// The stable ABI (`abi3`): loadable by this and every later CPython 3.
    public var isStableABI: Bool { abi == "abi3" }

    // MARK: Platform

    public var platformKind: PlatformKind { PlatformKind(platform) }
}

/// What a wheel platform tag means.
public enum PlatformKind: Hashable, Sendable {
    /// `any`: pure Python.
    case any
    /// `manylinux*`: glibc-based Linux, needing at least this glibc.
    case manylinux(glibcMajor: Int, glibcMinor: Int, architecture: String)
    /// `musllinux_X_Y`: musl-based Linux (Alpine), which Lambda is not.
    case musllinux(muslMajor: Int, muslMinor: Int, architecture: String)
    /// `linux_<arch>`: built on some Linux, no promise about glibc.
    case linux(architecture: String)
    /// `macosx_*`: macOS.
    case macOS(architecture: String)
    /// `win32`, `win_amd64`, `win_arm64`: Windows.
    case windows(architecture: String)
    case unknown

    public init(_ platform: String) {
        let tag = platform.lowercased()
        if tag == "any" {
            self = .any
            return
        }
        // The legacy aliases of PEP 513, 571 and 599 name fixed glibc versions.
        for (prefix, major, minor) in [("manylinux1_", 2, 5), ("manylinux2010_", 2, 12), ("manylinux2014_", 2, 17)]
        where tag.hasPrefix(prefix) {
            self = .manylinux(glibcMajor: major, glibcMinor: minor, architecture: String(tag.dropFirst(prefix.count)))
            return
        }
        if let (major, minor, architecture) = Self.versioned(tag, prefix: "manylinux_") {
            self = .manylinux(glibcMajor: major, glibcMinor: minor, architecture: architecture)
            return
        }
        if let (major, minor, architecture) = Self.versioned(tag, prefix: "musllinux_") {
            self = .musllinux(muslMajor: major, muslMinor: minor, architecture: architecture)
            return
        }
        if tag.hasPrefix("linux_") {
            self = .linux(architecture: String(tag.dropFirst("linux_".count)))
            return
        }
        if tag.hasPrefix("macosx_") {
            // macosx_11_0_arm64, macosx_10_9_universal2: the architecture follows the version.
            let parts = tag.split(separator: "_")
            self = .macOS(architecture: parts.count >= 4 ? parts[3...].joined(separator: "_") : "")
            return
        }
        if tag == "win32" {
            self = .windows(architecture: "x86")
            return
        }
        if tag.hasPrefix("win_") {
            self = .windows(architecture: String(tag.dropFirst("win_".count)))
            return
        }
        self = .unknown
    }

    /// `<prefix>X_Y_<arch>` as three parts.
    private static func versioned(_ tag: String, prefix: String) -> (Int, Int, String)? {
        guard tag.hasPrefix(prefix) else { return nil }
        let parts = tag.dropFirst(prefix.count).split(separator: "_", maxSplits: 2)
        guard parts.count == 3, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        return (major, minor, String(parts[2]))
    }

    /// The CPU architecture the tag names, in the spelling of `uname -m` where one exists.
    public var architecture: String? {
        switch self {
        case .manylinux(_, _, let architecture), .musllinux(_, _, let architecture), .linux(let architecture),
            .macOS(let architecture), .windows(let architecture):
            return architecture
        case .any, .unknown:
            return nil
        }
    }
}

public enum WheelTagError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let text): return "\"\(text)\" is not a wheel tag (interpreter-abi-platform)"
        }
    }
}
