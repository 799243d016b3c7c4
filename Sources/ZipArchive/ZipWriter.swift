import CZlib

/// Writes a ZIP the same way every time: the caller gives members in the order they are to
/// appear, and each gets the same timestamp (1980-01-01 00:00, the earliest a ZIP can say),
/// a Unix mode of 0755 (folders, executables) or 0644, UTF-8 names, deflate (zlib level 6,
/// Info-ZIP's default) unless storing is smaller. No extra fields, no comments, no data
/// descriptors: the same members give the same bytes.
///
/// The bytes go to `sink` as they are made, so a layer is never held whole. ZIP64 is not
/// written: an archive that would need it (over 65,535 members or 4 GiB) is far beyond what
/// Lambda accepts for a layer, and is refused.
public struct ZipWriter {
    /// Why a ZIP could not be written.
    public enum WritingError: Error, Equatable, Sendable {
        /// The sink failed (`reason` is its text).
        case cannotWrite(reason: String)
        /// The archive would need ZIP64.
        case tooLarge(reason: String)
        /// A name that cannot be a member's (empty, absolute, a `..` part, over 65,535 bytes).
        case badName(String)
        /// zlib refused to compress.
        case compression(name: String)
    }

    private let sink: ([UInt8]) -> String?
    private let patch: (UInt64, [UInt8]) -> String?
    private var offset: UInt64 = 0
    private var central: [UInt8] = []
    private var count = 0

    /// - Parameters:
    ///   - sink: writes all of its bytes at the end of what was written, or returns why it could not;
    ///   - patch: writes bytes over what was written at an offset (a file's local header, once
    ///     its CRC-32 and sizes are known), or returns why it could not.
    public init(sink: @escaping ([UInt8]) -> String?, patch: @escaping (UInt64, [UInt8]) -> String?) {
        self.sink = sink
        self.patch = patch
    }

    /// Adds a folder (`name` ends in `/`, added when missing).
    public mutating func addFolder(_ name: String) throws(WritingError) {
        try add(name: name.hasSuffix("/") ? name : name + "/", contents: [], mode: 0o40755)
    }

    /// Adds a file with `contents`; `executable` gives it 0755, else 0644.
    public mutating func addFile(_ name: String, contents: [UInt8], executable: Bool) throws(WritingError) {
        try add(name: name, contents: contents, mode: executable ? 0o100755 : 0o100644)
    }

    /// Adds a file whose bytes `next` gives piece by piece (empty at the end), deflated as they
    /// come: memory held is one piece and zlib's state, whatever the file's size. The local
    /// header is written first and patched with the CRC-32 and sizes at the end.
    public mutating func addFile(_ name: String, executable: Bool, next: () throws -> [UInt8]) throws(WritingError) {
        let nameBytes = try checked(name)
        let mode: UInt32 = executable ? 0o100755 : 0o100644
        let headerOffset = offset
        try emit(Self.localHeader(nameBytes, method: 8, crc: 0, compressed: 0, size: 0))
        var stream = z_stream()
        try Self.startDeflating(&stream, name: name)
        defer { deflateEnd(&stream) }
        var crc: UInt32 = 0
        var size: UInt64 = 0
        var compressed: UInt64 = 0
        var output = [UInt8](repeating: 0, count: 1 << 16)
        var finished = false
        while !finished {
            let piece: [UInt8]
            do { piece = try next() } catch { throw .cannotWrite(reason: "\(name): \(error)") }
            finished = piece.isEmpty
            crc = piece.withUnsafeBytes { CRC32.update(crc, with: $0) }
            size += UInt64(piece.count)
            guard size < 0xF000_0000 else { throw .tooLarge(reason: "\(name) does not fit in a ZIP without ZIP64") }
            var status = Z_OK
            try piece.withUnsafeBufferPointer { (input) throws(WritingError) in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                repeat {
                    let produced = output.withUnsafeMutableBufferPointer { buffer -> Int in
                        stream.next_out = buffer.baseAddress
                        stream.avail_out = uInt(buffer.count)
                        status = CZlib.deflate(&stream, finished ? Z_FINISH : Z_NO_FLUSH)
                        return buffer.count - Int(stream.avail_out)
                    }
                    guard status != Z_STREAM_ERROR else { throw .compression(name: name) }
                    if produced > 0 {
                        try emit(Array(output[..<produced]))
                        compressed += UInt64(produced)
                    }
                } while stream.avail_out == 0 || (finished && status != Z_STREAM_END)
            }
        }
        let header = Self.localHeader(nameBytes, method: 8, crc: crc, compressed: compressed, size: size)
        if let failure = patch(headerOffset, header) { throw .cannotWrite(reason: failure) }
        appendCentral(nameBytes, method: 8, crc: crc, compressed: compressed, size: size, mode: mode, at: headerOffset)
        count += 1
    }

    /// Writes the central directory and the end record. The writer must not be used after.
    public mutating func finish() throws(WritingError) {
        guard count <= 0xFFFF, offset <= 0xFFFF_FFFF, UInt64(central.count) <= 0xFFFF_FFFF else {
            throw .tooLarge(reason: "\(count) members, \(offset) bytes: more than a ZIP without ZIP64 holds")
        }
        var end: [UInt8] = []
        end.appendLittleEndian(UInt32(0x0605_4b50))
        end.appendLittleEndian(UInt16(0))  // this disk
        end.appendLittleEndian(UInt16(0))  // the disk with the central directory
        end.appendLittleEndian(UInt16(count))
        end.appendLittleEndian(UInt16(count))
        end.appendLittleEndian(UInt32(central.count))
        end.appendLittleEndian(UInt32(offset))
        end.appendLittleEndian(UInt16(0))  // no comment
        try emit(central)
        try emit(end)
    }

    private mutating func add(name: String, contents: [UInt8], mode: UInt32) throws(WritingError) {
        let nameBytes = try checked(name)
        guard UInt64(contents.count) < 0xF000_0000 else {
            throw .tooLarge(reason: "\(name) does not fit in a ZIP without ZIP64")
        }
        let crc = CRC32.checksum(contents)
        var data = contents
        var method: UInt16 = 0
        if !contents.isEmpty {
            let deflated = try Self.deflate(contents, name: name)
            if deflated.count < contents.count {
                data = deflated
                method = 8
            }
        }
        let headerOffset = offset
        try emit(
            Self.localHeader(
                nameBytes, method: method, crc: crc, compressed: UInt64(data.count), size: UInt64(contents.count)))
        try emit(data)
        appendCentral(
            nameBytes, method: method, crc: crc, compressed: UInt64(data.count), size: UInt64(contents.count),
            mode: mode, at: headerOffset)
        count += 1
    }

    /// The name's bytes, refused when it cannot be a member's or the archive is full.
    private func checked(_ name: String) throws(WritingError) -> [UInt8] {
        let nameBytes = Array(name.utf8)
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !nameBytes.isEmpty, nameBytes.count <= 0xFFFF, !name.hasPrefix("/"),
            !parts.dropLast().contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
            !nameBytes.contains(0), !nameBytes.contains(UInt8(ascii: "\\"))
        else { throw .badName(name) }
        guard count < 0xFFFF, offset <= 0xFFFF_FFFF else {
            throw .tooLarge(reason: "\(name) does not fit in a ZIP without ZIP64")
        }
        return nameBytes
    }

    /// UTF-8 flag for a name that is not ASCII.
    private static func flags(_ nameBytes: [UInt8]) -> UInt16 { nameBytes.allSatisfy { $0 < 0x80 } ? 0 : 0x0800 }

    /// 1980-01-01 00:00, the earliest time a ZIP can say.
    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1

    private static func localHeader(_ nameBytes: [UInt8], method: UInt16, crc: UInt32, compressed: UInt64, size: UInt64)
        -> [UInt8]
    {
        var local: [UInt8] = []
        local.appendLittleEndian(UInt32(0x0403_4b50))
        local.appendLittleEndian(UInt16(20))  // version needed: 2.0 (deflate, folders)
        local.appendLittleEndian(flags(nameBytes))
        local.appendLittleEndian(method)
        local.appendLittleEndian(dosTime)
        local.appendLittleEndian(dosDate)
        local.appendLittleEndian(crc)
        local.appendLittleEndian(UInt32(truncatingIfNeeded: compressed))
        local.appendLittleEndian(UInt32(truncatingIfNeeded: size))
        local.appendLittleEndian(UInt16(nameBytes.count))
        local.appendLittleEndian(UInt16(0))
        return local + nameBytes
    }

    private mutating func appendCentral(
        _ nameBytes: [UInt8], method: UInt16, crc: UInt32, compressed: UInt64, size: UInt64, mode: UInt32,
        at headerOffset: UInt64
    ) {
        central.appendLittleEndian(UInt32(0x0201_4b50))
        central.appendLittleEndian(UInt16(0x0314))  // made by Unix (3), version 2.0
        central.appendLittleEndian(UInt16(20))
        central.appendLittleEndian(Self.flags(nameBytes))
        central.appendLittleEndian(method)
        central.appendLittleEndian(Self.dosTime)
        central.appendLittleEndian(Self.dosDate)
        central.appendLittleEndian(crc)
        central.appendLittleEndian(UInt32(truncatingIfNeeded: compressed))
        central.appendLittleEndian(UInt32(truncatingIfNeeded: size))
        central.appendLittleEndian(UInt16(nameBytes.count))
        central.appendLittleEndian(UInt16(0))  // extra
        central.appendLittleEndian(UInt16(0))  // comment
        central.appendLittleEndian(UInt16(0))  // disk
        central.appendLittleEndian(UInt16(0))  // internal attributes
        central.appendLittleEndian((mode << 16) | (mode & 0o40000 != 0 ? 0x10 : 0))  // Unix mode; MS-DOS folder bit
        central.appendLittleEndian(UInt32(truncatingIfNeeded: headerOffset))
        central += nameBytes
    }

    private mutating func emit(_ bytes: [UInt8]) throws(WritingError) {
        guard !bytes.isEmpty else { return }
        if let failure = sink(bytes) { throw .cannotWrite(reason: failure) }
        let (sum, overflow) = offset.addingReportingOverflow(UInt64(bytes.count))
        guard !overflow else { throw .tooLarge(reason: "the archive's size overflows") }
        offset = sum
    }

    /// Starts raw deflate (no zlib header) in `stream`, in place (zlib's state points back at
    /// it): level 6, the default memory level and strategy.
    static func startDeflating(_ stream: inout z_stream, name: String) throws(WritingError) {
        guard
            deflateInit2_(
                &stream, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw .compression(name: name) }
    }

    /// `input` deflated in one call.
    static func deflate(_ input: [UInt8], name: String) throws(WritingError) -> [UInt8] {
        var stream = z_stream()
        try startDeflating(&stream, name: name)
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var failed = false
        let output = input.withUnsafeBufferPointer { source -> [UInt8] in
            [UInt8](unsafeUninitializedCapacity: bound) { buffer, produced in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(bound)
                let status = CZlib.deflate(&stream, Z_FINISH)
                failed = status != Z_STREAM_END
                produced = failed ? 0 : Int(stream.total_out)
            }
        }
        if failed { throw .compression(name: name) }
        return output
    }
}

extension [UInt8] {
    fileprivate mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var little = value.littleEndian
        Swift.withUnsafeBytes(of: &little) { append(contentsOf: $0) }
    }
}
