import CZlib

/// A member's bytes read from the start in bounded pieces: stored data copied, deflate data
/// inflated as the caller asks for more, so that a reader that needs only the first part of
/// a large member inflates only that part, and one that needs it all never holds it whole.
///
/// Compressed input is read with `pread` in chunks of at most `inputChunk` bytes, no larger
/// than the output asked for (deflate data is rarely larger than what it inflates to, so a
/// 4 KiB prefix costs a read of a few KiB, not of a whole chunk); output goes into the
/// caller's hands piece by piece. Memory held is one input chunk and zlib's window,
/// whatever the member's size. When the stream reaches the member's end it checks the
/// declared size and the CRC-32, as `contents(of:)` does.
///
/// Not copyable: it owns a zlib stream, whose state points back at its own address.
public struct MemberStream: ~Copyable {
    /// The most compressed bytes read per `pread`, and the least.
    static let inputChunk = 1 << 18
    static let smallestInputChunk = 1 << 12

    private let storage: ByteStorage
    private let name: String
    private let isStored: Bool
    private let declaredSize: UInt64
    private let expectedCRC: UInt32
    private let checksCRC: Bool
    /// The next compressed byte to read, and where the member's compressed data ends.
    private var inputOffset: Int
    private let inputEnd: Int
    private var input: [UInt8] = []
    private var inputPosition = 0
    /// Owned zlib state (deflate members only); allocated once, freed in `deinit`.
    private let zlib: UnsafeMutablePointer<z_stream>?
    private var crc: UInt32 = 0
    /// Bytes handed out so far.
    public private(set) var produced: UInt64 = 0
    /// Whether the member's end was reached (and its size and CRC checked).
    public private(set) var isFinished = false

    init(archive: Archive, entry: Entry, dataStart: Int) throws(ArchiveError) {
        try self.init(storage: archive.storage, entry: entry, dataStart: dataStart, checksCRC: true)
    }

    /// A stream over `storage` from `dataStart`; without `checksCRC` (a folder's file, which
    /// has no recorded CRC) only the size is checked at the end.
    init(storage: ByteStorage, entry: Entry, dataStart: Int, checksCRC: Bool) throws(ArchiveError) {
        self.checksCRC = checksCRC
        self.storage = storage
        self.name = entry.name
        self.isStored = entry.method == CompressionMethod.stored
        self.declaredSize = entry.uncompressedSize
        self.expectedCRC = entry.crc32
        self.inputOffset = dataStart
        // The caller checked that the compressed data lies inside the file.
        self.inputEnd = dataStart + Int(entry.compressedSize)
        if isStored {
            self.zlib = nil
        } else {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            guard inflateInit2_(stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                stream.deinitialize(count: 1)
                stream.deallocate()
                throw .corruptEntry(name: entry.name, reason: "zlib could not start inflating")
            }
            self.zlib = stream
        }
    }

    deinit {
        if let zlib {
            inflateEnd(zlib)
            zlib.deinitialize(count: 1)
            zlib.deallocate()
        }
    }

    /// The next bytes of the member, at most `maxCount` of them; empty once the member ends.
    ///
    /// - Throws: `ArchiveError.corruptEntry` for invalid or cut-off deflate data, or a size
    ///   other than the declared one; `checksumMismatch` when the whole member's CRC-32
    ///   differs from the recorded one.
    public mutating func read(atMost maxCount: Int) throws(ArchiveError) -> [UInt8] {
        guard !isFinished, maxCount > 0 else { return [] }
        let bytes: [UInt8]
        if isStored {
            bytes = readStored(atMost: maxCount)
        } else {
            // Never more than the declared size plus one byte (to notice a member that lies).
            let room = Int(min(UInt64(maxCount), declaredSize &- min(produced, declaredSize) &+ 1))
            var failure: ArchiveError?
            bytes = [UInt8](unsafeUninitializedCapacity: room) { buffer, written in
                written = inflate(into: buffer, failure: &failure)
            }
            if let failure { throw failure }
        }
        crc = bytes.withUnsafeBytes { CRC32.update(crc, with: $0) }
        produced &+= UInt64(bytes.count)
        if produced > declaredSize {
            throw .corruptEntry(name: name, reason: "it inflates to more than its declared \(declaredSize) bytes")
        }
        if isFinished { try finish() }
        return bytes
    }

    private mutating func readStored(atMost maxCount: Int) -> [UInt8] {
        let length = min(maxCount, inputEnd - inputOffset)
        let bytes = storage.copy(at: inputOffset, count: length)
        inputOffset += bytes.count
        if bytes.count < length || inputOffset >= inputEnd { isFinished = true }
        return bytes
    }

    /// Reads the next compressed bytes, about as many as the `wanted` bytes of output need.
    private mutating func refill(wanted: Int) {
        let size = min(Self.inputChunk, max(Self.smallestInputChunk, wanted))
        input = storage.copy(at: inputOffset, count: min(size, inputEnd - inputOffset))
        inputOffset += input.count
        inputPosition = 0
    }

    /// Inflates into `buffer` until it is full or the member ends; returns how many bytes
    /// were written, with `failure` set when the data is invalid or cut off.
    private mutating func inflate(into buffer: UnsafeMutableBufferPointer<UInt8>, failure: inout ArchiveError?) -> Int {
        guard let zlib else { return 0 }
        let room = buffer.count
        var written = 0
        while written < room {
            if inputPosition >= input.count, inputOffset < inputEnd { refill(wanted: room - written) }
            let available = input.count - inputPosition
            let status: Int32 = input.withUnsafeBufferPointer { source in
                zlib.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + inputPosition })
                zlib.pointee.avail_in = uInt(available)
                zlib.pointee.next_out = buffer.baseAddress.map { $0 + written }
                zlib.pointee.avail_out = uInt(room - written)
                let status = CZlib.inflate(zlib, Z_NO_FLUSH)
                written = room - Int(zlib.pointee.avail_out)
                inputPosition = input.count - Int(zlib.pointee.avail_in)
                return status
            }
            switch status {
            case Z_STREAM_END:
                isFinished = true
                return written
            case Z_OK:
                continue
            case Z_BUF_ERROR where !(inputPosition >= input.count && inputOffset >= inputEnd):
                continue
            case Z_BUF_ERROR:
                failure = .corruptEntry(name: name, reason: "its deflate stream is cut off")
                return written
            default:
                let detail = zlib.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                failure = .corruptEntry(name: name, reason: "invalid deflate data (\(detail))")
                return written
            }
        }
        return written
    }

    private func finish() throws(ArchiveError) {
        guard produced == declaredSize else {
            throw .corruptEntry(
                name: name,
                reason: isStored
                    ? "it is stored with \(produced) bytes of data but declares \(declaredSize) bytes"
                    : "it inflates to \(produced) bytes but declares \(declaredSize) bytes")
        }
        guard !checksCRC || crc == expectedCRC else {
            throw .checksumMismatch(name: name, expected: expectedCRC, actual: crc)
        }
    }
}

extension Archive {
    /// A stream over a member's bytes from its start (see `MemberStream`).
    ///
    /// - Throws: `ArchiveError` when the member is encrypted, uses another method, or its
    ///   data cannot be found inside the file.
    public func stream(of entry: Entry) throws(ArchiveError) -> MemberStream {
        if isFolder {
            return try MemberStream(storage: try folderStorage(of: entry), entry: entry, dataStart: 0, checksCRC: false)
        }
        return try MemberStream(archive: self, entry: entry, dataStart: try dataRange(of: entry).lowerBound)
    }
}

extension Archive {
    /// Reads a member to its end and discards it, as `unzip -t` tests it: the deflate
    /// stream, the declared size and the CRC-32. Memory held is one chunk, whatever the size.
    ///
    /// - Throws: `ArchiveError` for data that is corrupt (`isCorruptData`), or a member that
    ///   cannot be read at all (encrypted, another method, data outside the file).
    public func verifyData(of entry: Entry) throws(ArchiveError) {
        var stream = try stream(of: entry)
        while !stream.isFinished {
            if try stream.read(atMost: 1 << 20).isEmpty { break }
        }
    }
}
