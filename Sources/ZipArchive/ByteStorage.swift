#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of one archive: an open regular file read with `pread`, or a private copy.
///
/// Nothing is mapped: a mapped file that shrinks while it is read (rewritten by a build,
/// truncated by another process) raises SIGBUS on the next touch of a lost page, and no
/// Swift code can recover from that. A positioned read of a shrunk file only returns fewer
/// bytes, which the readers already treat as a header or member that runs past the end.
/// Opening a 200 MB layer still reads only the central directory and the local headers.
final class ByteStorage: @unchecked Sendable {
    /// The file's size when it was opened (the archive's extent).
    let count: Int
    /// Bytes held in memory (tests, the fuzzer); empty for a file.
    private let memory: [UInt8]
    /// The open file, read with `pread`; -1 for bytes held in memory.
    private let descriptor: Int32

    private init(count: Int, memory: [UInt8], descriptor: Int32) {
        self.count = count
        self.memory = memory
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// A copy of up to `count` bytes at `offset`: fewer at the end of the file, and fewer
    /// when the file has shrunk since it was opened.
    ///
    /// Each read goes straight into new storage: reusing a buffer meant filling it with
    /// zeros first, which cost more than the allocation it saved.
    func copy(at offset: Int, count wanted: Int) -> [UInt8] {
        guard offset >= 0, wanted > 0, offset < count else { return [] }
        let length = min(wanted, count - offset)
        guard descriptor >= 0 else { return Array(memory[offset..<(offset + length)]) }
        return [UInt8](unsafeUninitializedCapacity: length) { storage, initialized in
            initialized = 0
            while initialized < length {
                let read = pread(
                    descriptor, storage.baseAddress.map { $0 + initialized }, length - initialized,
                    off_t(offset + initialized))
                if read < 0 && errno == EINTR { continue }
                guard read > 0 else { break }
                initialized += read
            }
        }
    }

    /// Copies `source` into storage owned by the archive (used for in-memory archives and tests).
    convenience init(copying source: some Collection<UInt8>) {
        let bytes = Array(source)
        self.init(count: bytes.count, memory: bytes, descriptor: -1)
    }

    /// Opens the regular file at `path` for positioned reads.
    ///
    /// - Throws: `ArchiveError.cannotOpen` naming the file and the operating system's reason.
    static func load(path: String) throws(ArchiveError) -> ByteStorage {
        let result = path.withCString { cPath in
            Result { () throws(ArchiveError) in try load(cPath: cPath, shownAs: path) }
        }
        return try result.get()
    }

    /// `load(path:)` for a path given as bytes; `path` names it in messages.
    static func load(cPath: UnsafePointer<CChar>, shownAs path: String) throws(ArchiveError) -> ByteStorage {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; only regular files are read.
        let descriptor = open(cPath, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, reason: systemErrorDescription(errno))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = systemErrorDescription(errno)
            close(descriptor)
            throw .cannotOpen(path: path, reason: reason)
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw .cannotOpen(path: path, reason: "it is a directory")
        }
        // A FIFO may never end, a device may never end (/dev/zero) or block: neither is a ZIP.
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw .cannotOpen(path: path, reason: FileKind.phrase(of: status.st_mode) + ", not a regular file")
        }
        return ByteStorage(count: Int(status.st_size), memory: [], descriptor: descriptor)
    }

}

/// What a file that is not a regular file is, for messages.
public enum FileKind {
    /// `it is a FIFO (named pipe)`, `it is a character device`, ... for a file's mode.
    public static func phrase(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "it is a FIFO (named pipe)"
        case S_IFCHR: return "it is a character device"
        case S_IFBLK: return "it is a block device"
        case S_IFSOCK: return "it is a socket"
        case S_IFDIR: return "it is a directory"
        default: return "it is a special file"
        }
    }
}

func systemErrorDescription(_ code: Int32) -> String {
    switch code {
    case ENOENT: return "no such file"
    case EACCES: return "permission denied"
    case EISDIR: return "it is a directory"
    default:
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message).lowercased()
    }
}

/// Bounds-checked little-endian reads from archive bytes, for parsing the end record and
/// the central directory.
///
/// The file is read in blocks of 64 KiB as the parse reaches them, and the blocks are kept
/// for as long as the view is (one parse). Every offset in a ZIP comes from the file
/// itself, so nothing here traps: reads past the end return `nil` and the caller turns that
/// into an anomaly or an error. `shortRead` tells when the file had fewer bytes than it had
/// when it was opened: it changed while it was read.
///
/// A view is used by one thread at a time, except a `frozen` one: its bytes are read once
/// and never change, so the central directory's headers can be decoded in parallel.
struct ByteView {
    /// Blocks read on demand; nil for a frozen view.
    private let blocks: BlockCache?
    /// Bytes read ahead, from `windowStart`: all a frozen view has.
    private let window: [UInt8]
    private let windowStart: Int
    let count: Int

    init(storage: ByteStorage) {
        blocks = BlockCache(storage: storage)
        window = []
        windowStart = 0
        count = storage.count
    }

    private init(window: [UInt8], start: Int, count: Int) {
        blocks = nil
        self.window = window
        windowStart = start
        self.count = count
    }

    /// A view of the bytes from `start` to `end` only (offsets stay those of the file),
    /// read now, safe to share between threads; nil when the file ends first.
    func frozen(from start: Int, to end: Int) -> ByteView? {
        guard contains(offset: start, length: end - start) else { return nil }
        guard let bytes = end > start ? read(at: start, length: end - start) : [] else { return nil }
        return ByteView(window: bytes, start: start, count: count)
    }

    /// Whether a read found the file shorter than when it was opened.
    var shortRead: Bool { blocks?.shortRead ?? false }

    private func read(at offset: Int, length: Int) -> [UInt8]? {
        if offset >= windowStart, offset - windowStart <= window.count - length {
            return Array(window[(offset - windowStart)..<(offset - windowStart + length)])
        }
        return blocks?.bytes(at: offset, length: length)
    }

    func contains(offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    /// Same as `contains(offset:length:)` for values read from headers, which may exceed `Int`.
    func contains(offset: UInt64, length: UInt64) -> Bool {
        offset <= UInt64(count) && length <= UInt64(count) - offset
    }

    func byte(at offset: Int) -> UInt8? {
        guard contains(offset: offset, length: 1) else { return nil }
        if offset >= windowStart, offset - windowStart < window.count { return window[offset - windowStart] }
        return blocks?.byte(at: offset)
    }

    func uint16(at offset: Int) -> UInt16? { integer(at: offset) }
    func uint32(at offset: Int) -> UInt32? { integer(at: offset) }
    func uint64(at offset: Int) -> UInt64? { integer(at: offset) }

    private func integer<T: FixedWidthInteger>(at offset: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard contains(offset: offset, length: size) else { return nil }
        if offset >= windowStart, offset - windowStart <= window.count - size {
            return window.withUnsafeBytes {
                T(littleEndian: $0.loadUnaligned(fromByteOffset: offset - windowStart, as: T.self))
            }
        }
        guard let blocks else { return nil }
        if let value: T = blocks.integer(at: offset) { return value }
        // Across a block boundary: byte by byte.
        var value: T = 0
        for index in 0..<size {
            guard let byte = blocks.byte(at: offset + index) else { return nil }
            value |= T(byte) << (8 * index)
        }
        return value
    }

    /// A copy of `length` bytes at `offset`; no allocation when empty, as most extra fields
    /// and comments are.
    func array(at offset: Int, length: Int) -> [UInt8]? {
        guard contains(offset: offset, length: length) else { return nil }
        guard length > 0 else { return [] }
        return read(at: offset, length: length)
    }
}

/// The blocks of a file read so far by one `ByteView`.
private final class BlockCache {
    static let blockSize = 1 << 16
    let storage: ByteStorage
    private var blocks: [Int: [UInt8]] = [:]
    private var lastIndex = -1
    private var last: [UInt8] = []
    private(set) var shortRead = false

    init(storage: ByteStorage) { self.storage = storage }

    /// The block holding `offset`, read on first use.
    private func block(holding offset: Int) -> (start: Int, bytes: [UInt8]) {
        let index = offset / Self.blockSize
        let start = index * Self.blockSize
        if index == lastIndex { return (start, last) }
        let bytes: [UInt8]
        if let known = blocks[index] {
            bytes = known
        } else {
            let expected = min(Self.blockSize, storage.count - start)
            bytes = storage.copy(at: start, count: expected)
            if bytes.count < expected { shortRead = true }
            blocks[index] = bytes
        }
        lastIndex = index
        last = bytes
        return (start, bytes)
    }

    func byte(at offset: Int) -> UInt8? {
        let (start, bytes) = block(holding: offset)
        let position = offset - start
        return position < bytes.count ? bytes[position] : nil
    }

    /// The integer at `offset` when it lies in one block that was read whole.
    func integer<T: FixedWidthInteger>(at offset: Int) -> T? {
        let (start, bytes) = block(holding: offset)
        let position = offset - start
        guard position + MemoryLayout<T>.size <= bytes.count else { return nil }
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
    }

    /// `length` bytes at `offset`, across blocks; `nil` when the file ends first.
    func bytes(at offset: Int, length: Int) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(length)
        var position = offset
        let end = offset + length
        while position < end {
            let (start, bytes) = block(holding: position)
            let from = position - start
            let to = min(bytes.count, end - start)
            guard from < to else { return nil }
            result.append(contentsOf: bytes[from..<to])
            position = start + to
        }
        return result
    }
}

/// Little-endian reads from a small byte array (extra fields, local headers).
extension Array where Element == UInt8 {
    func littleEndianInteger<T: FixedWidthInteger>(at offset: Int, as type: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset <= count - size else { return nil }
        return withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
}
