#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of one archive: a read-only memory mapping of the file, or a private copy.
///
/// Mapping costs nothing until a page is touched, so opening a 200 MB layer reads only
/// the central directory and the local headers. When mapping is impossible (a pipe, a
/// special file, a file system without mmap) the file is read into memory instead.
final class ByteStorage: @unchecked Sendable {
    // Immutable after init; the memory is never written, so sharing across threads is safe.
    let bytes: UnsafeRawBufferPointer
    private let isMapped: Bool
    /// The open file behind a mapping, for `copy(at:count:)`; -1 for bytes held in memory.
    private let descriptor: Int32

    private init(bytes: UnsafeRawBufferPointer, isMapped: Bool, descriptor: Int32 = -1) {
        self.bytes = bytes
        self.isMapped = isMapped
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        guard let base = bytes.baseAddress else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            base.deallocate()
        }
    }

    /// A copy of up to `count` bytes at `offset` (fewer at the end of the file).
    ///
    /// Scattered small reads, one per local header, go through `pread` rather than the
    /// mapping: touching the mapping would fault in (and count as resident) nearly every
    /// page of a large archive, while `pread` leaves memory bounded by what is kept. Each
    /// read goes straight into new storage: reusing a buffer meant filling it with zeros
    /// first, which cost more than the allocation it saved.
    func copy(at offset: Int, count: Int) -> [UInt8] {
        guard offset >= 0, count > 0, offset < bytes.count else { return [] }
        let length = min(count, bytes.count - offset)
        guard descriptor >= 0 else { return Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])) }
        return [UInt8](unsafeUninitializedCapacity: length) { storage, initialized in
            initialized = max(pread(descriptor, storage.baseAddress, length, off_t(offset)), 0)
        }
    }

    /// Copies `source` into storage owned by the archive (used for in-memory archives and tests).
    convenience init(copying source: some Collection<UInt8>) {
        let count = source.count
        guard count > 0 else {
            self.init(bytes: UnsafeRawBufferPointer(start: nil, count: 0), isMapped: false)
            return
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
        _ = buffer.initializeMemory(as: UInt8.self, from: source)
        self.init(bytes: UnsafeRawBufferPointer(buffer), isMapped: false)
    }

    /// Maps the file at `path`, or reads it when it cannot be mapped.
    ///
    /// - Throws: `ArchiveError.cannotOpen` naming the file and the operating system's reason.
    static func load(path: String) throws(ArchiveError) -> ByteStorage {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; only regular files are read.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, reason: systemErrorDescription(errno))
        }
        var keepOpen = false
        defer { if !keepOpen { close(descriptor) } }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .cannotOpen(path: path, reason: systemErrorDescription(errno))
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw .cannotOpen(path: path, reason: "it is a directory")
        }
        // A FIFO may never end, a device may never end (/dev/zero) or block: neither is a ZIP.
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw .cannotOpen(path: path, reason: Self.kind(of: status.st_mode) + ", not a regular file")
        }
        let size = Int(status.st_size)
        if size == 0 {
            return ByteStorage(copying: [UInt8]())
        }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        if let address, address != MAP_FAILED {
            keepOpen = true
            return ByteStorage(
                bytes: UnsafeRawBufferPointer(start: address, count: size), isMapped: true, descriptor: descriptor)
        }
        return try readAll(descriptor: descriptor, sizeHint: size, path: path)
    }

    /// `it is a FIFO (named pipe)`, `it is a character device`, ... for a file's mode.
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "it is a FIFO (named pipe)"
        case S_IFCHR: return "it is a character device"
        case S_IFBLK: return "it is a block device"
        case S_IFSOCK: return "it is a socket"
        case S_IFDIR: return "it is a directory"
        default: return "it is a special file"
        }
    }

    private static func readAll(descriptor: Int32, sizeHint: Int, path: String) throws(ArchiveError) -> ByteStorage {
        var contents: [UInt8] = []
        contents.reserveCapacity(max(sizeHint, 0))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .cannotOpen(path: path, reason: systemErrorDescription(errno))
            }
            contents.append(contentsOf: chunk[0..<count])
        }
        return ByteStorage(copying: contents)
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

/// Bounds-checked little-endian reads from archive bytes.
///
/// Every offset in a ZIP comes from the file itself, so nothing here traps: reads past
/// the end return `nil` and the caller turns that into an anomaly or an error.
struct ByteView {
    let bytes: UnsafeRawBufferPointer

    var count: Int { bytes.count }

    func contains(offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    /// Same as `contains(offset:length:)` for values read from headers, which may exceed `Int`.
    func contains(offset: UInt64, length: UInt64) -> Bool {
        offset <= UInt64(count) && length <= UInt64(count) - offset
    }

    func uint16(at offset: Int) -> UInt16? {
        guard contains(offset: offset, length: 2) else { return nil }
        return UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    func uint32(at offset: Int) -> UInt32? {
        guard contains(offset: offset, length: 4) else { return nil }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    func uint64(at offset: Int) -> UInt64? {
        guard contains(offset: offset, length: 8) else { return nil }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    func slice(at offset: Int, length: Int) -> UnsafeRawBufferPointer? {
        guard contains(offset: offset, length: length) else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
    }

    /// A copy of `length` bytes at `offset` (one `memcpy`; no allocation when empty, as
    /// most extra fields and comments are).
    func array(at offset: Int, length: Int) -> [UInt8]? {
        guard let slice = slice(at: offset, length: length) else { return nil }
        guard length > 0, let source = slice.baseAddress else { return [] }
        return [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            guard let target = buffer.baseAddress else { return }
            UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: length)
            initialized = length
        }
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
