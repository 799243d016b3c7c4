/// Reads the central directory that an end record points at.
struct CentralDirectory {
    static let headerSignature: UInt32 = 0x0201_4B50
    static let headerFixedSize = 46

    var entries: [Entry] = []
    /// Offset of the first central-directory header in the file.
    var offset: Int
    /// Bytes of data before the archive proper (a self-extractor stub); added to every recorded offset.
    var prependedBytes: Int
    var anomalies: [Anomaly] = []

    /// Parses the central directory.
    ///
    /// The directory is first looked for where the end record says. When it is not there
    /// but sits right before the end record, the archive has had data prepended without
    /// its offsets being adjusted (self-extractors, `cat stub.sh layer.zip`); Info-ZIP and
    /// Python then shift every offset by the difference, and so does this reader.
    ///
    /// - Throws: `ArchiveError.corruptCentralDirectory` when no directory can be found or a
    ///   header is cut off or has the wrong signature before the declared entries are read.
    init(view: ByteView, end: EndOfCentralDirectory, path: String) throws(ArchiveError) {
        let directoryEnd = end.centralDirectoryEnd
        let statedOffset = end.centralDirectoryOffset
        let statedSize = end.centralDirectorySize

        func hasHeader(at candidate: UInt64) -> Bool {
            candidate < UInt64(directoryEnd) && view.uint32(at: Int(candidate)) == Self.headerSignature
        }

        if statedSize == 0 && end.totalEntries == 0 {
            offset = Int(min(statedOffset, UInt64(directoryEnd)))
            prependedBytes = 0
            return
        }
        if hasHeader(at: statedOffset) {
            offset = Int(statedOffset)
            prependedBytes = 0
            if statedOffset.addingReportingOverflow(statedSize) != (UInt64(directoryEnd), false) {
                anomalies.append(
                    Anomaly(
                        kind: .centralDirectoryMisplaced,
                        message: "the end record says the central directory is \(statedSize) bytes at offset "
                            + "\(statedOffset), but the end record itself is at offset \(directoryEnd)"))
            }
        } else if statedSize <= UInt64(directoryEnd), UInt64(directoryEnd) - statedSize > statedOffset,
            hasHeader(at: UInt64(directoryEnd) - statedSize)
        {
            offset = directoryEnd - Int(statedSize)
            prependedBytes = offset - Int(statedOffset)
        } else {
            throw .corruptCentralDirectory(
                path: path,
                reason: "the end record places the central directory at offset \(statedOffset) (\(statedSize) bytes), "
                    + "but there is no central directory header there")
        }

        // A size past the end of the file is cut to it; the entry count check then reports the rest.
        let (statedEnd, overflow) = UInt64(offset).addingReportingOverflow(statedSize)
        let limit = overflow ? UInt64(view.count) : min(statedEnd, UInt64(view.count))
        var position = offset
        // First the headers are found, one after the other (each one's lengths give the next
        // one's position); then they are decoded, in parallel chunks for large directories.
        // Each header is at least 46 bytes, which also bounds how many can be allocated.
        var positions: [Int] = []
        positions.reserveCapacity(Int(min(end.totalEntries, UInt64(view.count / Self.headerFixedSize))))
        var misplaced: Anomaly?
        while UInt64(position) < limit {
            guard view.uint32(at: position) == Self.headerSignature else {
                if UInt64(positions.count) == end.totalEntries {
                    misplaced = Anomaly(
                        kind: .centralDirectoryMisplaced,
                        message: "the end record says the central directory is \(statedSize) bytes long, "
                            + "but its \(positions.count) entries end after \(position - offset) bytes")
                    break
                }
                throw .corruptCentralDirectory(
                    path: path,
                    reason:
                        "expected central directory header \(positions.count + 1) at offset \(position), found other bytes"
                )
            }
            positions.append(position)
            position = try Self.headerEnd(at: position, index: positions.count - 1, view: view, path: path)
        }
        // Decoded from a copy of the directory read once, which threads can share.
        guard let directory = view.frozen(from: offset, to: position) else {
            throw .corruptCentralDirectory(
                path: path, reason: "the file changed while it was read: it is shorter than when it was opened")
        }
        let headers = Self.decode(positions, view: directory)
        entries = headers.entries
        anomalies += headers.anomalies
        if let misplaced { anomalies.append(misplaced) }

        if UInt64(entries.count) != end.totalEntries || UInt64(entries.count) != end.entriesOnThisDisk {
            anomalies.append(
                Anomaly(
                    kind: .entryCountMismatch,
                    message: "the end record declares \(end.totalEntries) entries, "
                        + "but the central directory holds \(entries.count)"))
        }
    }

    /// Headers per chunk when a directory is decoded in parallel; small ones stay on one thread.
    static let parallelChunkSize = 4096

    /// The entries and anomalies of the headers at `positions` (all checked by `headerEnd`), in order.
    private static func decode(_ positions: [Int], view: ByteView) -> (entries: [Entry], anomalies: [Anomaly]) {
        nonisolated(unsafe) let view = view  // frozen: bytes read once, never written
        let (entries, anomalies) = Parallel.buildArray(count: positions.count, chunkSize: parallelChunkSize) {
            range, set -> [Anomaly] in
            var found: [Anomaly] = []
            for index in range {
                let (entry, anomalies) = decodeHeader(at: positions[index], index: index, view: view)
                set(index, entry)
                found += anomalies
            }
            return found
        }
        return (entries, anomalies.flatMap { $0 })
    }

    /// Where the header at `position` ends, after checking that its fixed part, name, extra
    /// field and comment lie inside the file, so that `decodeHeader` can read them unchecked.
    private static func headerEnd(at position: Int, index: Int, view: ByteView, path: String) throws(ArchiveError)
        -> Int
    {
        guard view.contains(offset: position, length: headerFixedSize),
            let nameLength = view.uint16(at: position + 28),
            let extraLength = view.uint16(at: position + 30),
            let commentLength = view.uint16(at: position + 32)
        else {
            throw .corruptCentralDirectory(
                path: path, reason: "central directory header \(index + 1) at offset \(position) is cut off")
        }
        let end = position + headerFixedSize + Int(nameLength) + Int(extraLength) + Int(commentLength)
        guard view.contains(offset: position, length: end - position) else {
            throw .corruptCentralDirectory(
                path: path,
                reason:
                    "the name, extra field or comment of central directory entry \(index + 1) runs past the end of the file"
            )
        }
        return end
    }

    /// Decodes the header at `position`, whose bounds `headerEnd` has checked (the zero
    /// defaults below are never used).
    private static func decodeHeader(at position: Int, index: Int, view: ByteView)
        -> (entry: Entry, anomalies: [Anomaly])
    {
        let versionMadeBy = view.uint16(at: position + 4) ?? 0
        let versionNeeded = view.uint16(at: position + 6) ?? 0
        let flags = view.uint16(at: position + 8) ?? 0
        let method = view.uint16(at: position + 10) ?? 0
        let time = view.uint16(at: position + 12) ?? 0
        let date = view.uint16(at: position + 14) ?? 0
        let crc = view.uint32(at: position + 16) ?? 0
        let compressed = view.uint32(at: position + 20) ?? 0
        let uncompressed = view.uint32(at: position + 24) ?? 0
        let nameLength = view.uint16(at: position + 28) ?? 0
        let extraLength = view.uint16(at: position + 30) ?? 0
        let commentLength = view.uint16(at: position + 32) ?? 0
        let internalAttributes = view.uint16(at: position + 36) ?? 0
        let externalAttributes = view.uint32(at: position + 38) ?? 0
        let localOffset = view.uint32(at: position + 42) ?? 0
        let nameStart = position + headerFixedSize
        let extraStart = nameStart + Int(nameLength)
        let commentStart = extraStart + Int(extraLength)
        let rawName = view.array(at: nameStart, length: Int(nameLength)) ?? []
        let extra = view.array(at: extraStart, length: Int(extraLength)) ?? []
        let comment = view.array(at: commentStart, length: Int(commentLength)) ?? []

        let values = ExtraFieldValues(
            extra: extra, rawName: rawName, uncompressedSize: UInt64(uncompressed),
            compressedSize: UInt64(compressed), localHeaderOffset: UInt64(localOffset))
        let decoded = NameDecoding.decode(rawName, utf8Flag: flags & 0x0800 != 0)
        let name = NameDecoding.truncatedAtNUL(values.unicodeName ?? decoded.name)

        let entry = Entry(
            index: index, rawName: rawName, name: name, versionMadeBy: versionMadeBy, versionNeeded: versionNeeded,
            flags: flags, method: method, crc32: crc, compressedSize: values.compressedSize,
            uncompressedSize: values.uncompressedSize, localHeaderOffset: values.localHeaderOffset,
            internalAttributes: internalAttributes, externalAttributes: externalAttributes,
            modified: DOSDateTime(date: date, time: time), extraField: extra, comment: comment)

        var anomalies: [Anomaly] = []
        func note(_ kind: Anomaly.Kind, _ message: String) {
            anomalies.append(Anomaly(kind: kind, message: message, path: name, entryIndex: index))
        }
        if !decoded.valid {
            note(.invalidName, "the name is flagged as UTF-8 but is not valid UTF-8")
        }
        for problem in values.problems {
            note(.corruptExtraField, problem)
        }
        if entry.isEncrypted {
            note(.encryptedEntry, "the member is encrypted; Lambda cannot extract it")
        }
        if !CompressionMethod.isSupported(method) {
            note(
                .unsupportedCompression,
                "the member uses compression method \(method) (\(CompressionMethod.displayName(of: method))); "
                    + "only stored (0) and deflate (8) are read by every unzipper, so extraction may fail")
        }
        if method == CompressionMethod.stored, !entry.isEncrypted, entry.compressedSize != entry.uncompressedSize {
            note(
                .inconsistentSizes,
                "the member is stored (not compressed) but records \(entry.compressedSize) compressed and "
                    + "\(entry.uncompressedSize) uncompressed bytes")
        }
        return (entry, anomalies)
    }
}
