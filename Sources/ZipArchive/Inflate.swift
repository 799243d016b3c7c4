import CZlib

extension Archive {
    /// The most a full read returns unless the caller asks for another limit: 64 MiB.
    public static let defaultReadLimit = 64 << 20

    /// Reads a whole member, inflating it if needed, and checks its CRC-32.
    ///
    /// A member that declares more than `limit` bytes is refused before anything is
    /// inflated, and inflation stops one byte past the declared size, so a lying header
    /// costs at most `limit` bytes of memory.
    ///
    /// - Parameters:
    ///   - entry: an entry of this archive.
    ///   - limit: the largest uncompressed size accepted.
    /// - Returns: the member's bytes.
    /// - Throws: `ArchiveError` when the member is encrypted, uses another method, is larger
    ///   than `limit`, cannot be inflated, or fails its size or CRC check.
    public func contents(of entry: Entry, limit: Int = Archive.defaultReadLimit) throws(ArchiveError) -> [UInt8] {
        guard entry.uncompressedSize <= UInt64(max(limit, 0)) else {
            throw .entryTooLarge(name: entry.name, size: entry.uncompressedSize, limit: limit)
        }
        // A folder's file has no CRC to check; its size is checked against the listing.
        if isFolder { return try folderData(of: entry, atMost: nil) }
        let data = try compressedData(of: entry)
        let declared = Int(entry.uncompressedSize)
        let bytes: [UInt8]
        if entry.method == CompressionMethod.stored {
            guard data.count == declared else {
                throw .corruptEntry(
                    name: entry.name,
                    reason: "it is stored with \(data.count) bytes of data but declares \(declared) bytes")
            }
            bytes = data
        } else {
            // One byte of room past the declared size tells "exactly" from "more than declared".
            let result = try data.withUnsafeBytes { buffer in
                Result { () throws(ArchiveError) in
                    try Inflater.inflate(buffer, capacity: min(declared, Int.max - 1) + 1, name: entry.name)
                }
            }.get()
            guard result.bytes.count <= declared else {
                throw .corruptEntry(name: entry.name, reason: "it inflates to more than its declared \(declared) bytes")
            }
            guard result.finished else {
                throw .corruptEntry(name: entry.name, reason: "its deflate stream ends before its end marker")
            }
            guard result.bytes.count == declared else {
                throw .corruptEntry(
                    name: entry.name,
                    reason: "it inflates to \(result.bytes.count) bytes but declares \(declared) bytes")
            }
            bytes = result.bytes
        }
        let actual = CRC32.checksum(bytes)
        guard actual == entry.crc32 else {
            throw .checksumMismatch(name: entry.name, expected: entry.crc32, actual: actual)
        }
        return bytes
    }

    /// Reads the first `count` bytes of a member, inflating no more than that.
    ///
    /// Meant for sniffing file formats (ELF, Mach-O, `.pyc` headers): the CRC is not
    /// checked because the member is not read to its end.
    ///
    /// - Returns: at most `count` bytes; fewer when the member is shorter.
    /// - Throws: `ArchiveError` when the member is encrypted, uses another method, or its
    ///   first bytes cannot be inflated.
    public func prefix(of entry: Entry, count: Int) throws(ArchiveError) -> [UInt8] {
        let wanted = max(0, count)
        // A deflate stream rarely needs more input than output for a header; read a bounded
        // window of compressed bytes rather than the whole member.
        let window = entry.method == CompressionMethod.stored ? wanted : max(wanted * 2, wanted + 1024)
        let data = try compressedData(of: entry, atMost: window)
        if entry.method == CompressionMethod.stored {
            return Array(data.prefix(wanted))
        }
        let complete = data.count == Int(entry.compressedSize)
        return try data.withUnsafeBytes { buffer in
            Result { () throws(ArchiveError) in
                try Inflater.inflate(buffer, capacity: wanted, name: entry.name, inputIsComplete: complete).bytes
            }
        }.get()
    }

    /// Where a member's data starts, from its own local header, for an archive whose local
    /// headers have not all been read; `nil` when the header is missing or out of bounds.
    private func dataStart(of entry: Entry) -> Int? {
        let fixedSize = StructuralChecks.localHeaderFixedSize
        let (start, overflow) = entry.localHeaderOffset.addingReportingOverflow(UInt64(prependedBytes))
        guard !overflow, start <= UInt64(storage.count), UInt64(fixedSize) <= UInt64(storage.count) - start else {
            return nil
        }
        let header = storage.copy(at: Int(start), count: fixedSize)
        guard header.littleEndianInteger(at: 0, as: UInt32.self) == StructuralChecks.localHeaderSignature,
            let nameLength = header.littleEndianInteger(at: 26, as: UInt16.self),
            let extraLength = header.littleEndianInteger(at: 28, as: UInt16.self)
        else { return nil }
        return Int(start) + fixedSize + Int(nameLength) + Int(extraLength)
    }

    /// The member's compressed bytes (at most `atMost` of them), read with `pread`: fewer
    /// when the file has shrunk since it was opened, which the callers find short.
    private func compressedData(of entry: Entry, atMost: Int? = nil) throws(ArchiveError) -> [UInt8] {
        if isFolder { return try folderData(of: entry, atMost: atMost) }
        let range = try dataRange(of: entry)
        return storage.copy(at: range.lowerBound, count: min(range.count, atMost ?? Int.max))
    }

    /// Where the member's compressed bytes lie in the file.
    ///
    /// - Throws: `ArchiveError` when the member is encrypted, uses a method other than stored
    ///   or deflate, or its local header or data lie outside the file.
    func dataRange(of entry: Entry) throws(ArchiveError) -> Range<Int> {
        if entry.isEncrypted {
            throw .encryptedEntry(name: entry.name)
        }
        guard CompressionMethod.isSupported(entry.method) else {
            throw .unsupportedCompression(name: entry.name, method: entry.method)
        }
        guard let start = hasReadLocalHeaders ? dataOffset(of: entry) : dataStart(of: entry) else {
            throw .corruptEntry(name: entry.name, reason: "its local header is missing or lies outside the archive")
        }
        let size = UInt64(storage.count)
        guard UInt64(start) <= size, entry.compressedSize <= size - UInt64(start) else {
            throw .corruptEntry(name: entry.name, reason: "its data runs past the end of the archive")
        }
        return start..<(start + Int(entry.compressedSize))
    }
}

/// Raw deflate (RFC 1951) decoding with zlib, bounded by an output capacity.
enum Inflater {
    /// Inflates `input` until the stream ends or `capacity` bytes have been produced.
    ///
    /// - Returns: the bytes produced and whether the stream's end marker was reached.
    /// - Throws: `ArchiveError.corruptEntry` for invalid deflate data or input that ends
    ///   before the stream does (unless `capacity` was reached first).
    /// - Parameter inputIsComplete: `false` when `input` is only the start of the member's
    ///   data: running out of it then ends the output instead of being an error.
    static func inflate(_ input: UnsafeRawBufferPointer, capacity: Int, name: String, inputIsComplete: Bool = true)
        throws(ArchiveError) -> (bytes: [UInt8], finished: Bool)
    {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corruptEntry(name: name, reason: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }

        // Inflate straight into the result. The buffer is allocated for `capacity` bytes but
        // left uninitialized, so a header that lies about the size costs address space, not
        // memory: only the bytes the stream really produces are touched.
        var failure: ArchiveError?
        var finished = false
        let output = [UInt8](unsafeUninitializedCapacity: max(capacity, 0)) { buffer, produced in
            var consumed = 0
            while produced < capacity {
                if stream.avail_in == 0, consumed < input.count, let base = input.baseAddress {
                    let length = min(input.count - consumed, 1 << 30)
                    stream.next_in = UnsafeMutablePointer(
                        mutating: (base + consumed).assumingMemoryBound(to: Bytef.self))
                    stream.avail_in = uInt(length)
                    consumed += length
                }
                let room = min(1 << 30, capacity - produced)
                stream.next_out = buffer.baseAddress.map { $0 + produced }
                stream.avail_out = uInt(room)
                // With all the input at hand, Z_FINISH lets zlib skip its 32 KiB sliding window
                // (allocated and filled after every call otherwise) when the stream completes.
                let status = CZlib.inflate(&stream, inputIsComplete ? Z_FINISH : Z_NO_FLUSH)
                produced += room - Int(stream.avail_out)
                switch status {
                case Z_STREAM_END:
                    finished = true
                    return
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0 && consumed >= input.count:
                    if !inputIsComplete { return }
                    failure = .corruptEntry(name: name, reason: "its deflate stream is cut off")
                    return
                case Z_BUF_ERROR:
                    continue
                default:
                    let detail = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    failure = .corruptEntry(name: name, reason: "invalid deflate data (\(detail))")
                    return
                }
            }
        }
        if let failure { throw failure }
        return (output, finished)
    }
}
