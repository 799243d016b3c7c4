/// What kind of compiled file a member is, from its first bytes: ELF (Linux), Mach-O
/// (macOS, thin or universal) or PE (Windows), with the CPU it was built for.
///
/// Only a prefix is needed (`BinaryFormat.prefixLength` bytes covers the headers of all
/// three in practice); nothing here trusts a header field before checking it against the
/// bytes present.
public enum BinaryFormat: Equatable, Sendable {
    case elf(ELFHeader)
    case machO(MachOHeader)
    case pe(PEHeader)

    /// How many bytes `identify` wants: enough for a PE header behind a DOS stub.
    public static let prefixLength = 4096

    /// The format of a file starting with `prefix`, or `nil` for anything else (scripts,
    /// data, `.pyc`, Java classes).
    public static func identify(_ prefix: some Collection<UInt8>) -> BinaryFormat? {
        let bytes = Bytes(Array(prefix.prefix(prefixLength)))
        if let header = ELFHeader(bytes) { return .elf(header) }
        if let header = MachOHeader(bytes) { return .machO(header) }
        if let header = PEHeader(bytes) { return .pe(header) }
        return nil
    }

    /// The CPU architectures the file runs on, in Lambda's spelling where one exists
    /// (`x86_64`, `arm64`), else the format's own name (`i386`, `arm`, `ppc64le`).
    public var architectures: [String] {
        switch self {
        case .elf(let header): return [header.architecture]
        case .machO(let header): return header.architectures
        case .pe(let header): return [header.architecture]
        }
    }

    /// `ELF`, `Mach-O` or `PE`.
    public var formatName: String {
        switch self {
        case .elf: return "ELF"
        case .machO: return "Mach-O"
        case .pe: return "PE"
        }
    }
}

/// The identification part of an ELF header.
public struct ELFHeader: Equatable, Sendable {
    public enum FileType: String, Sendable {
        case relocatable, executable, sharedObject = "shared-object", core, other
    }

    public let is64Bit: Bool
    public let isLittleEndian: Bool
    public let type: FileType
    /// `e_machine`: 62 x86_64, 183 aarch64, 3 i386, 40 arm.
    public let machine: UInt16

    init?(_ bytes: Bytes) {
        guard bytes.count >= 20, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46,
            [1, 2].contains(bytes[4]), [1, 2].contains(bytes[5])
        else { return nil }
        is64Bit = bytes[4] == 2
        isLittleEndian = bytes[5] == 1
        guard let type = bytes.uint16(at: 16, littleEndian: isLittleEndian),
            let machine = bytes.uint16(at: 18, littleEndian: isLittleEndian)
        else { return nil }
        switch type {
        case 1: self.type = .relocatable
        case 2: self.type = .executable
        case 3: self.type = .sharedObject
        case 4: self.type = .core
        default: self.type = .other
        }
        self.machine = machine
    }

    /// `x86_64`, `arm64`, or the machine's usual name.
    public var architecture: String {
        switch machine {
        case 62: return "x86_64"
        case 183: return "arm64"
        case 3: return "i386"
        case 40: return "arm"
        case 21: return isLittleEndian ? "ppc64le" : "ppc64"
        case 22: return "s390x"
        case 243: return "riscv64"
        default: return "machine \(machine)"
        }
    }
}

/// A Mach-O header, thin or universal ("fat").
public struct MachOHeader: Equatable, Sendable {
    public let isUniversal: Bool
    /// CPU types (`cputype`) of each slice.
    public let cpuTypes: [UInt32]

    init?(_ bytes: Bytes) {
        guard let magic = bytes.uint32(at: 0, littleEndian: false) else { return nil }
        switch magic {
        case 0xFEED_FACE, 0xFEED_FACF:  // thin, big-endian
            guard let cpu = bytes.uint32(at: 4, littleEndian: false) else { return nil }
            isUniversal = false
            cpuTypes = [cpu]
        case 0xCEFA_EDFE, 0xCFFA_EDFE:  // thin, little-endian (x86, arm)
            guard let cpu = bytes.uint32(at: 4, littleEndian: true) else { return nil }
            isUniversal = false
            cpuTypes = [cpu]
        case 0xCAFE_BABE, 0xCAFE_BABF:
            // Java class files share 0xCAFEBABE; their next word is a class-file version (45 or
            // more), where a universal binary counts its slices (a handful).
            guard let count = bytes.uint32(at: 4, littleEndian: false), count > 0, count < 20 else { return nil }
            let entrySize = magic == 0xCAFE_BABE ? 20 : 32
            var cpus: [UInt32] = []
            for slice in 0..<Int(count) {
                guard let cpu = bytes.uint32(at: 8 + slice * entrySize, littleEndian: false) else { return nil }
                cpus.append(cpu)
            }
            isUniversal = true
            cpuTypes = cpus
        default:
            return nil
        }
    }

    public var architectures: [String] {
        cpuTypes.map { cpu in
            switch cpu {
            case 0x0100_0007: return "x86_64"
            case 0x0100_000C: return "arm64"
            case 7: return "i386"
            case 12: return "arm"
            case 18: return "ppc"
            case 0x0100_0012: return "ppc64"
            default: return "cpu type \(cpu)"
            }
        }
    }
}

/// The COFF machine of a PE file (a Windows `.dll` or `.pyd`).
public struct PEHeader: Equatable, Sendable {
    /// `IMAGE_FILE_MACHINE_*`: 0x8664 x86_64, 0xAA64 arm64, 0x14C i386.
    public let machine: UInt16

    init?(_ bytes: Bytes) {
        guard bytes.count >= 0x40, bytes[0] == 0x4D, bytes[1] == 0x5A,
            let offset = bytes.uint32(at: 0x3C, littleEndian: true).map(Int.init),
            bytes.uint32(at: offset, littleEndian: false) == 0x5045_0000,
            let machine = bytes.uint16(at: offset + 4, littleEndian: true)
        else { return nil }
        self.machine = machine
    }

    public var architecture: String {
        switch machine {
        case 0x8664: return "x86_64"
        case 0xAA64: return "arm64"
        case 0x14C: return "i386"
        case 0x1C4: return "arm"
        default: return "machine 0x\(String(machine, radix: 16))"
        }
    }
}

/// Bounds-checked little- and big-endian reads from a file's bytes: all of them, or some
/// ranges of a file of known size (`init(count:pieces:)`), as a reader that streams a large
/// member keeps only the parts a parse needs. Offsets are the file's; a read inside the file
/// that no piece holds returns `nil` (as a read past the end does) and is recorded in
/// `misses`, so that the reader can fetch that range and parse again.
struct Bytes {
    /// A run of the file's bytes starting at `offset`.
    struct Piece {
        let offset: Int
        let bytes: [UInt8]
    }

    /// The first read that no piece could answer.
    final class Misses {
        private(set) var first: Range<Int>?
        func record(_ range: Range<Int>) { if first == nil { first = range } }
    }

    /// The file's size.
    let count: Int
    /// Sorted by offset, not overlapping.
    private let pieces: [Piece]
    private let misses: Misses?

    init(_ storage: [UInt8]) {
        self.count = storage.count
        self.pieces = [Piece(offset: 0, bytes: storage)]
        self.misses = nil
    }

    init(count: Int, pieces: [Piece], misses: Misses) {
        self.count = count
        self.pieces = pieces.sorted { $0.offset < $1.offset }
        self.misses = misses
    }

    /// The same bytes with misses recorded into `misses` instead.
    func recording(into misses: Misses) -> Bytes { Bytes(count: count, pieces: pieces, misses: misses) }

    subscript(index: Int) -> UInt8 { byteRun(at: index, length: 1).map { $0.bytes[$0.start] } ?? 0 }

    /// Whether the range lies inside the file (held or not).
    func contains(offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    func uint16(at offset: Int, littleEndian: Bool) -> UInt16? {
        integer(at: offset, size: 2, littleEndian: littleEndian).map { UInt16(truncatingIfNeeded: $0) }
    }

    func uint32(at offset: Int, littleEndian: Bool) -> UInt32? {
        integer(at: offset, size: 4, littleEndian: littleEndian).map { UInt32(truncatingIfNeeded: $0) }
    }

    func uint64(at offset: Int, littleEndian: Bool) -> UInt64? {
        integer(at: offset, size: 8, littleEndian: littleEndian)
    }

    /// The piece holding `length` bytes at `offset` and where they start in it, or `nil`
    /// (recorded as a miss when the range is inside the file).
    private func byteRun(at offset: Int, length: Int) -> (bytes: [UInt8], start: Int)? {
        guard contains(offset: offset, length: length) else { return nil }
        for piece in pieces where offset >= piece.offset && offset - piece.offset <= piece.bytes.count - length {
            return (piece.bytes, offset - piece.offset)
        }
        misses?.record(offset..<(offset + length))
        return nil
    }

    private func integer(at offset: Int, size: Int, littleEndian: Bool) -> UInt64? {
        guard let (bytes, start) = byteRun(at: offset, length: size) else { return nil }
        var value: UInt64 = 0
        for index in 0..<size {
            let byte = UInt64(bytes[start + (littleEndian ? size - 1 - index : index)])
            value = value << 8 | byte
        }
        return value
    }

    /// The NUL-terminated string at `offset`, at most `limit` bytes long.
    func cString(at offset: Int, limit: Int = 4096) -> String? {
        guard contains(offset: offset, length: 0) else { return nil }
        // The string and its NUL, wherever the file holds them: at most limit + 2 bytes.
        let wanted = min(limit + 2, count - offset)
        guard wanted > 0 else { return nil }
        guard let (bytes, start) = byteRun(at: offset, length: 1) else { return nil }
        var end = start
        while end < bytes.count, bytes[end] != 0 {
            end += 1
            if end - start > limit { return nil }
        }
        guard end < bytes.count else {
            // The piece ends before the NUL: the file's end, or bytes not held.
            if offset + (end - start) < count { misses?.record(offset..<(offset + wanted)) }
            return nil
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
