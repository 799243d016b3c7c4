/// Checks that need the whole central directory, or the local headers it points at.
///
/// This is the only place the reader looks past the central directory when an archive is
/// opened: one small read per member, for its local header.
enum StructuralChecks {
    static let localHeaderSignature: UInt32 = 0x0403_4B50
    static let localHeaderFixedSize = 30
    static let dataDescriptorSignature: UInt32 = 0x0807_4B50
    /// A member that inflates this many times over its compressed size, from at least a MiB,
    /// looks like a bomb: deflate's ceiling is about 1,032:1, reached only by long runs of one
    /// byte. Real packages stay well below it: the most seen over the layers of 58 popular
    /// projects (scripts/import-truth) is 239:1, a 2 MiB library of pillow.libs that
    /// auditwheel's patchelf padded with zeros; such padding must not pass for a bomb.
    static let ratioCheckMinimumSize: UInt64 = 1 << 20
    static let suspiciousRatio: UInt64 = 1_000
    /// Past this size (more than Lambda takes unzipped) a tenth of that ratio is enough.
    static let hugeMemberSize: UInt64 = 256 << 20
    static let hugeMemberRatio: UInt64 = 100

    /// Reads every local header, finds where each member's data starts (by entry index,
    /// -1 where it cannot be known), and reports duplicates, header disagreements, bounds
    /// violations, overlaps and bomb-like ratios.
    static func run(entries: [Entry], storage: ByteStorage, directoryOffset: Int, prependedBytes: Int)
        -> (anomalies: [Anomaly], dataOffsets: [Int])
    {
        var anomalies: [Anomaly] = []
        anomalies += duplicateNames(entries)
        let local = readLocalHeaders(of: entries, storage: storage, prependedBytes: prependedBytes)
        anomalies += local.anomalies
        anomalies += overlaps(spans: local.spans, entries: entries, directoryOffset: UInt64(directoryOffset))
        anomalies += ratios(entries)
        return (anomalies, local.dataOffsets)
    }

    /// Names that occur more than once, compared byte for byte as a Linux file system
    /// compares them (`café` composed and decomposed are two files, though Swift's `==`
    /// calls them equal). Each later copy is reported against the first.
    static func duplicateNames(_ entries: [Entry]) -> [Anomaly] {
        var slotCount = 16
        while slotCount < entries.count * 2 { slotCount <<= 1 }
        var slots = [Int32](repeating: -1, count: slotCount)
        let mask = slotCount - 1
        var hashes = [UInt64](repeating: 0, count: entries.count)
        var anomalies: [Anomaly] = []
        for index in entries.indices {
            let name = entries[index].name.utf8
            // Keyed: hostile names cannot be chosen to collide and turn the probing quadratic.
            let hash =
                name.withContiguousStorageIfAvailable { KeyedHash.hash(UnsafeRawBufferPointer($0)) }
                ?? Array(name).withUnsafeBytes(KeyedHash.hash)
            hashes[index] = hash
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 {
                let first = Int(slots[slot])
                if hashes[first] == hash && entries[first].name.utf8.elementsEqual(name) {
                    anomalies.append(
                        Anomaly(
                            kind: .duplicateName,
                            message: "the name appears more than once (entries \(first + 1) and \(index + 1)); "
                                + "which copy an extractor keeps depends on the tool",
                            path: entries[index].name, entryIndex: index))
                    break
                }
                slot = (slot + 1) & mask
            }
            if slots[slot] < 0 { slots[slot] = Int32(index) }
        }
        return anomalies
    }

    typealias Span = (start: UInt64, end: UInt64, index: Int)

    /// Entries per chunk when local headers are read in parallel; small archives stay on one thread.
    static let parallelChunkSize = 2048

    /// Reads every local header, in parallel chunks for large archives.
    ///
    /// The cost is the system calls: headers that lie close together are read with one
    /// `pread` (`HeaderWindow`). Chunks of entries are independent and their results are
    /// joined in entry order, so the outcome does not depend on scheduling.
    private static func readLocalHeaders(of entries: [Entry], storage: ByteStorage, prependedBytes: Int)
        -> (spans: [Span], anomalies: [Anomaly], dataOffsets: [Int])
    {
        entries.withUnsafeBufferPointer { entryBuffer in
            // Read by pointer: passing an entry itself would copy it (and retain its buffers).
            nonisolated(unsafe) let entryBuffer = entryBuffer
            let (dataOffsets, results) = Parallel.buildArray(count: entries.count, chunkSize: parallelChunkSize) {
                range, set -> (spans: [Span], anomalies: [Anomaly]) in
                var spans: [Span] = []
                var anomalies: [Anomaly] = []
                spans.reserveCapacity(range.count)
                guard let first = entryBuffer.baseAddress else { return ([], []) }
                var window = HeaderWindow(storage: storage, prependedBytes: prependedBytes)
                for index in range {
                    window.cover(first + index, through: first + range.upperBound)
                    let read = readLocalHeader(of: first + index, window: &window, prependedBytes: prependedBytes)
                    set(index, read.dataStart ?? -1)
                    anomalies += read.anomalies
                    if let span = read.span { spans.append((span.start, span.end, index)) }
                }
                return (spans, anomalies)
            }
            return (results.flatMap(\.spans), results.flatMap(\.anomalies), dataOffsets)
        }
    }

    /// One member's local header: where its data starts, the span of file it covers
    /// (header to data descriptor) and what disagrees with the central directory.
    private static func readLocalHeader(
        of pointer: UnsafePointer<Entry>, window: inout HeaderWindow, prependedBytes: Int
    ) -> (dataStart: Int?, span: (start: UInt64, end: UInt64)?, anomalies: [Anomaly]) {
        let storage = window.storage
        func anomaly(_ kind: Anomaly.Kind, _ message: String) -> Anomaly {
            Anomaly(kind: kind, message: message, path: pointer.pointee.name, entryIndex: pointer.pointee.index)
        }
        let fileSize = storage.count
        let (start, overflow) = pointer.pointee.localHeaderOffset.addingReportingOverflow(UInt64(prependedBytes))
        guard !overflow, start <= UInt64(fileSize), UInt64(localHeaderFixedSize) <= UInt64(fileSize) - start
        else {
            return (
                nil, nil,
                [
                    anomaly(
                        .offsetOutOfBounds,
                        "the local header offset \(pointer.pointee.localHeaderOffset) lies past the end of the archive "
                            + "(\(fileSize) bytes)")
                ]
            )
        }
        let position = Int(start)
        // The fixed header and, when the names agree in length, the local name, in one read.
        let header = window.copy(at: position, count: localHeaderFixedSize + pointer.pointee.rawName.count)
        guard header.littleEndianInteger(at: 0, as: UInt32.self) == localHeaderSignature,
            let flags = header.littleEndianInteger(at: 6, as: UInt16.self),
            let method = header.littleEndianInteger(at: 8, as: UInt16.self),
            let crc = header.littleEndianInteger(at: 14, as: UInt32.self),
            let compressed = header.littleEndianInteger(at: 18, as: UInt32.self),
            let uncompressed = header.littleEndianInteger(at: 22, as: UInt32.self),
            let nameLength = header.littleEndianInteger(at: 26, as: UInt16.self),
            let extraLength = header.littleEndianInteger(at: 28, as: UInt16.self)
        else {
            return (nil, nil, [anomaly(.localHeaderMissing, "there is no local header at offset \(start)")])
        }

        var anomalies: [Anomaly] = []
        let dataStart = position + localHeaderFixedSize + Int(nameLength) + Int(extraLength)

        var differences: [String] = []
        let nameMatches =
            Int(nameLength) == pointer.pointee.rawName.count
            && header.count == localHeaderFixedSize + pointer.pointee.rawName.count
            && header.withUnsafeBufferPointer { local in
                pointer.pointee.rawName.withUnsafeBufferPointer { local[localHeaderFixedSize...].elementsEqual($0) }
            }
        if !nameMatches {
            let localName = window.copy(at: position + localHeaderFixedSize, count: Int(nameLength))
            differences.append(
                localName.count == Int(nameLength)
                    ? "the name is \"\(NameDecoding.decode(localName, utf8Flag: flags & 0x0800 != 0).name)\""
                    : "the name runs past the end of the archive")
        }
        if method != pointer.pointee.method {
            differences.append("the method is \(method) instead of \(pointer.pointee.method)")
        }
        // With a data descriptor the local fields may legitimately be zero; ZIP64 ones are placeholders.
        if flags & 0x0008 == 0 && !pointer.pointee.hasDataDescriptor {
            if crc != pointer.pointee.crc32 {
                differences.append("the CRC-32 is \(hex32(crc)) instead of \(hex32(pointer.pointee.crc32))")
            }
            if compressed != 0xFFFF_FFFF && UInt64(compressed) != pointer.pointee.compressedSize {
                differences.append("the compressed size is \(compressed) instead of \(pointer.pointee.compressedSize)")
            }
            if uncompressed != 0xFFFF_FFFF && UInt64(uncompressed) != pointer.pointee.uncompressedSize {
                differences.append(
                    "the uncompressed size is \(uncompressed) instead of \(pointer.pointee.uncompressedSize)")
            }
        }
        if !differences.isEmpty {
            anomalies.append(
                anomaly(
                    .localHeaderMismatch,
                    "the local header disagrees with the central directory: " + differences.joined(separator: ", ")))
        }

        let (dataEnd, endOverflow) = UInt64(dataStart).addingReportingOverflow(pointer.pointee.compressedSize)
        guard !endOverflow, dataEnd <= UInt64(fileSize) else {
            anomalies.append(
                anomaly(
                    .offsetOutOfBounds,
                    "the member's \(pointer.pointee.compressedSize) bytes of data, from offset \(dataStart), "
                        + "run past the end of the archive (\(fileSize) bytes)"))
            return (dataStart, nil, anomalies)
        }
        var end = dataEnd
        if pointer.pointee.hasDataDescriptor {
            // Count the smallest descriptor that fits, so that a guess never invents an overlap.
            let isZip64 = compressed == 0xFFFF_FFFF || pointer.pointee.compressedSize > 0xFFFF_FFFF
            let descriptor = window.copy(at: Int(dataEnd), count: 4)
            let hasSignature = descriptor.littleEndianInteger(at: 0, as: UInt32.self) == dataDescriptorSignature
            end += UInt64((hasSignature ? 4 : 0) + (isZip64 ? 20 : 12))
        }
        return (dataStart, (start, end), anomalies)
    }

    /// Bytes of the archive around the local headers being read. Entries are nearly always
    /// stored in the order of their headers, and the headers of small members lie a few
    /// hundred bytes apart: one `pread` of the run of nearby headers replaces one per header
    /// (on a 13,000-entry layer, about 3,900 reads instead of 13,000), while a header far
    /// from the last gets a read of its own, so the bytes copied stay close to the headers'.
    struct HeaderWindow {
        let storage: ByteStorage
        let prependedBytes: Int
        private var start = 0
        private var bytes: [UInt8] = []

        /// Two headers further apart than this are read separately.
        static let gapLimit = 4096
        /// The most one read covers.
        static let sizeLimit = 1 << 16

        init(storage: ByteStorage, prependedBytes: Int) {
            self.storage = storage
            self.prependedBytes = prependedBytes
        }

        /// Reads, unless already held, the header of `entry` and those of the entries after it
        /// (up to `end`) that lie close behind it.
        mutating func cover(_ entry: UnsafePointer<Entry>, through end: UnsafePointer<Entry>) {
            guard let first = position(of: entry) else { return }
            let needed = localHeaderFixedSize + entry.pointee.rawName.count
            if first >= start && first + needed <= start + bytes.count { return }
            var last = first + needed
            var next = entry + 1
            while next < end, let position = position(of: next), position >= last,
                position - last <= Self.gapLimit,
                position + localHeaderFixedSize + next.pointee.rawName.count - first <= Self.sizeLimit
            {
                last = position + localHeaderFixedSize + next.pointee.rawName.count
                next += 1
            }
            start = first
            bytes = storage.copy(at: first, count: last - first)
        }

        /// A copy of up to `count` bytes at `offset`: from the window when it holds them, else read.
        func copy(at offset: Int, count: Int) -> [UInt8] {
            if offset >= start && offset + count <= start + bytes.count {
                return Array(bytes[(offset - start)..<(offset - start + count)])
            }
            return storage.copy(at: offset, count: count)
        }

        private func position(of entry: UnsafePointer<Entry>) -> Int? {
            let (position, overflow) = entry.pointee.localHeaderOffset.addingReportingOverflow(UInt64(prependedBytes))
            return overflow || position > UInt64(storage.count) ? nil : Int(position)
        }
    }

    private static func overlaps(spans: [Span], entries: [Entry], directoryOffset: UInt64) -> [Anomaly] {
        var anomalies: [Anomaly] = []
        let ordered = spans.sorted { ($0.start, $0.index) < ($1.start, $1.index) }
        var reach: (start: UInt64, end: UInt64, index: Int)?
        for span in ordered {
            let entry = entries[span.index]
            if let previous = reach, span.start < previous.end {
                let other = entries[previous.index]
                anomalies.append(
                    Anomaly(
                        kind: .overlappingEntries,
                        message: "the member's bytes (from offset \(span.start)) overlap those of \"\(other.name)\" "
                            + "(offsets \(previous.start)–\(previous.end)); overlapping members are the "
                            + "trick of non-recursive zip bombs",
                        path: entry.name, entryIndex: entry.index))
            } else if span.start < directoryOffset && span.end > directoryOffset {
                anomalies.append(
                    Anomaly(
                        kind: .overlappingEntries,
                        message: "the member's bytes (offsets \(span.start)–\(span.end)) run into the central "
                            + "directory at offset \(directoryOffset)",
                        path: entry.name, entryIndex: entry.index))
            }
            if reach.map({ span.end > $0.end }) ?? true {
                reach = (span.start, span.end, span.index)
            }
        }
        return anomalies
    }

    private static func ratios(_ entries: [Entry]) -> [Anomaly] {
        entries.compactMap { entry in
            guard entry.method != CompressionMethod.stored, entry.uncompressedSize >= ratioCheckMinimumSize else {
                return nil
            }
            let threshold = entry.uncompressedSize >= hugeMemberSize ? hugeMemberRatio : suspiciousRatio
            guard entry.compressedSize == 0 || entry.uncompressedSize / entry.compressedSize >= threshold else {
                return nil
            }
            let ratio = entry.compressedSize == 0 ? "unbounded" : "\(entry.uncompressedSize / entry.compressedSize):1"
            return Anomaly(
                kind: .suspiciousCompressionRatio,
                message: "the member inflates from \(entry.compressedSize) to \(entry.uncompressedSize) bytes "
                    + "(ratio \(ratio)), which is typical of a zip bomb",
                path: entry.name, entryIndex: entry.index)
        }
    }
}
