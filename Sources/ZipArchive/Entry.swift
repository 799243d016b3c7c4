/// One central-directory record, with every field a linter needs.
///
/// The name is kept twice: `rawName` exactly as stored, and `name` decoded the way
/// Python's `zipfile` decodes it (UTF-8 when flag bit 11 is set, CP437 otherwise, the
/// 0x7075 Unicode Path extra field when its CRC matches, cut at the first NUL).
public struct Entry: Hashable, Sendable {
    /// Position in the central directory, from 0.
    public let index: Int
    public let rawName: [UInt8]
    public let name: String
    public let versionMadeBy: UInt16
    public let versionNeeded: UInt16
    public let flags: UInt16
    public let method: UInt16
    public let crc32: UInt32
    /// Compressed size, with the ZIP64 extra field applied.
    public let compressedSize: UInt64
    /// Uncompressed size, with the ZIP64 extra field applied.
    public let uncompressedSize: UInt64
    /// Offset of the local header as recorded (ZIP64 applied), before any prepended-data shift.
    public let localHeaderOffset: UInt64
    public let internalAttributes: UInt16
    public let externalAttributes: UInt32
    public let modified: DOSDateTime
    /// The raw extra field of the central-directory record.
    public let extraField: [UInt8]
    public let comment: [UInt8]

    // The tests below are inlinable, and the two that decide a file's kind are also static
    // functions of the fields they read, so that code testing an entry where it lies (in an
    // array, through a pointer) need not copy it: calling a getter on a borrowed entry
    // copies the whole entry first, retaining and releasing its four buffers.

    /// The operating system the archiver ran on (high byte of "version made by").
    @inlinable public var hostSystem: HostSystem { HostSystem(rawValue: UInt8(versionMadeBy >> 8)) }

    @inlinable public var isEncrypted: Bool { flags & 0x0001 != 0 }
    @inlinable public var hasDataDescriptor: Bool { flags & 0x0008 != 0 }
    @inlinable public var isUTF8Flagged: Bool { flags & 0x0800 != 0 }

    /// The Unix mode (type and permission bits) when the archiver recorded one.
    ///
    /// Archives made on Unix-like hosts keep `st_mode` in the high 16 bits of the external
    /// attributes. Archives made on Windows have none: Lambda then extracts files as 0666
    /// and directories as 0777.
    @inlinable public var unixMode: UInt16? {
        Self.unixMode(versionMadeBy: versionMadeBy, externalAttributes: externalAttributes)
    }

    @inlinable public var fileType: FileType {
        Self.fileType(
            versionMadeBy: versionMadeBy, externalAttributes: externalAttributes,
            nameEndsInSlash: rawName.last == UInt8(ascii: "/"))
    }

    /// `unixMode` from the two fields it depends on, for callers that read fields in place.
    @inlinable public static func unixMode(versionMadeBy: UInt16, externalAttributes: UInt32) -> UInt16? {
        guard HostSystem(rawValue: UInt8(versionMadeBy >> 8)).recordsUnixMode else { return nil }
        let mode = UInt16(externalAttributes >> 16)
        return mode == 0 ? nil : mode
    }

    /// `fileType` from the fields it depends on, for callers that read fields in place.
    @inlinable public static func fileType(versionMadeBy: UInt16, externalAttributes: UInt32, nameEndsInSlash: Bool)
        -> FileType
    {
        if let mode = unixMode(versionMadeBy: versionMadeBy, externalAttributes: externalAttributes) {
            switch mode & 0o170000 {
            case 0o040000: return .directory
            case 0o120000: return .symlink
            case 0o100000: return .regular
            case 0: break
            default: return .special
            }
        }
        return nameEndsInSlash || externalAttributes & 0x10 != 0 ? .directory : .regular
    }

    @inlinable public var isDirectory: Bool { fileType == .directory }
}

/// What kind of file an entry stands for.
public enum FileType: String, Sendable {
    case regular = "file"
    case directory
    case symlink
    /// A device, FIFO or socket: never wanted in a layer.
    case special
}

/// The "version made by" host byte (APPNOTE 4.4.2).
public struct HostSystem: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let msdos = HostSystem(rawValue: 0)
    public static let unix = HostSystem(rawValue: 3)
    public static let ntfs = HostSystem(rawValue: 10)
    public static let vfat = HostSystem(rawValue: 14)
    public static let macOSX = HostSystem(rawValue: 19)

    /// Hosts whose archivers put a Unix `st_mode` in the external attributes.
    /// (Compared by raw value: reading the static constants is a call that makes callers
    /// testing an entry in place copy it first.)
    @inlinable public var recordsUnixMode: Bool { rawValue == 3 || rawValue == 19 }

    /// A short name in the style of `zipinfo` (`unx`, `fat`, `ntf`, …).
    public var shortName: String {
        switch rawValue {
        case 0: return "fat"
        case 1: return "ami"
        case 2: return "vms"
        case 3: return "unx"
        case 4: return "cms"
        case 5: return "atr"
        case 6: return "hpf"
        case 7: return "mac"
        case 8: return "zzz"
        case 9: return "cpm"
        case 10: return "ntf"
        case 11: return "mvs"
        case 12: return "vse"
        case 13: return "acn"
        case 14: return "vft"
        case 15: return "mvs"
        case 16: return "be "
        case 17: return "tan"
        case 18: return "os4"
        case 19: return "osx"
        default: return "???"
        }
    }
}

/// An MS-DOS date and time as stored in ZIP headers (local time, two-second resolution).
public struct DOSDateTime: Hashable, Sendable {
    public let date: UInt16
    public let time: UInt16

    public var year: Int { Int(date >> 9) + 1980 }
    public var month: Int { Int((date >> 5) & 0x0F) }
    public var day: Int { Int(date & 0x1F) }
    public var hour: Int { Int(time >> 11) }
    public var minute: Int { Int((time >> 5) & 0x3F) }
    public var second: Int { Int(time & 0x1F) * 2 }

    /// `YYYY-MM-DDTHH:MM:SS`, without a time zone because DOS times have none.
    public var isoString: String {
        // Built from digits directly: listings format this once per entry.
        var text: [UInt8] = []
        text.reserveCapacity(19)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        text.append(UInt8(ascii: "-"))
        digits(month, 2)
        text.append(UInt8(ascii: "-"))
        digits(day, 2)
        text.append(UInt8(ascii: "T"))
        digits(hour, 2)
        text.append(UInt8(ascii: ":"))
        digits(minute, 2)
        text.append(UInt8(ascii: ":"))
        digits(second, 2)
        return String(decoding: text, as: UTF8.self)
    }
}

/// Names of the APPNOTE compression methods, for messages and listings.
public enum CompressionMethod {
    public static let stored: UInt16 = 0
    public static let deflate: UInt16 = 8

    /// Whether layerlint can read members stored with `method`.
    public static func isSupported(_ method: UInt16) -> Bool {
        method == stored || method == deflate
    }

    public static func displayName(of method: UInt16) -> String {
        switch method {
        case 0: return "stored"
        case 1: return "shrink"
        case 2, 3, 4, 5: return "reduce"
        case 6: return "implode"
        case 8: return "deflate"
        case 9: return "deflate64"
        case 12: return "bzip2"
        case 14: return "lzma"
        case 93: return "zstd"
        case 95: return "xz"
        case 98: return "ppmd"
        case 99: return "aes"
        default: return "method \(method)"
        }
    }
}
