/// The end-of-central-directory record, with the ZIP64 record's values applied when there is one.
struct EndOfCentralDirectory {
    static let signature: UInt32 = 0x0605_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    static let zip64RecordSignature: UInt32 = 0x0606_4B50
    static let fixedSize = 22
    static let zip64LocatorSize = 20
    static let zip64RecordFixedSize = 56
    /// The record and the largest possible comment: no end record can start earlier than this from the end.
    static let searchWindow = fixedSize + 0xFFFF

    /// Offset of the classic end record in the file.
    var recordOffset: Int
    /// Offset of the ZIP64 end record, when one was found.
    var zip64RecordOffset: Int?
    var diskNumber: UInt32
    var centralDirectoryDisk: UInt32
    var entriesOnThisDisk: UInt64
    var totalEntries: UInt64
    var centralDirectorySize: UInt64
    var centralDirectoryOffset: UInt64
    var comment: [UInt8]
    var anomalies: [Anomaly] = []

    /// Where the central directory must end: at the ZIP64 end record if there is one, else the end record.
    var centralDirectoryEnd: Int { zip64RecordOffset ?? recordOffset }

    /// Finds the end record in the last 65,557 bytes of `view`.
    ///
    /// A comment may itself contain the signature, so every candidate is considered,
    /// newest first, and the one whose comment ends exactly at the end of the file wins.
    /// When none does (trailing garbage, or a comment length that lies), the last
    /// candidate is used, as Python's `zipfile` does, and the disagreement is reported.
    ///
    /// - Throws: `ArchiveError.notAZipArchive` when there is no end record at all.
    static func locate(in view: ByteView, path: String) throws(ArchiveError) -> EndOfCentralDirectory {
        guard view.count >= fixedSize else {
            let reason = view.count == 0 ? "the file is empty" : "the file is only \(view.count) bytes long"
            throw .notAZipArchive(path: path, reason: reason)
        }
        let lowest = max(0, view.count - searchWindow)
        var fallback: Int?
        var exact: Int?
        var position = view.count - fixedSize
        while position >= lowest {
            if view.byte(at: position) == 0x50, view.uint32(at: position) == signature,
                let commentLength = view.uint16(at: position + 20)
            {
                if position + fixedSize + Int(commentLength) == view.count {
                    exact = position
                    break
                }
                if fallback == nil { fallback = position }
            }
            position -= 1
        }
        guard let recordOffset = exact ?? fallback else {
            throw .notAZipArchive(
                path: path,
                reason: view.count <= searchWindow
                    ? "no end-of-central-directory record in its \(view.count) bytes"
                    : "no end-of-central-directory record in the last \(searchWindow) bytes")
        }
        return parse(at: recordOffset, exactFit: exact != nil, in: view)
    }

    private static func parse(at offset: Int, exactFit: Bool, in view: ByteView) -> EndOfCentralDirectory {
        // `locate` checked that the fixed part fits, so these reads succeed.
        let commentLength = Int(view.uint16(at: offset + 20) ?? 0)
        let available = min(commentLength, view.count - offset - fixedSize)
        var record = EndOfCentralDirectory(
            recordOffset: offset,
            zip64RecordOffset: nil,
            diskNumber: UInt32(view.uint16(at: offset + 4) ?? 0),
            centralDirectoryDisk: UInt32(view.uint16(at: offset + 6) ?? 0),
            entriesOnThisDisk: UInt64(view.uint16(at: offset + 8) ?? 0),
            totalEntries: UInt64(view.uint16(at: offset + 10) ?? 0),
            centralDirectorySize: UInt64(view.uint32(at: offset + 12) ?? 0),
            centralDirectoryOffset: UInt64(view.uint32(at: offset + 16) ?? 0),
            comment: view.array(at: offset + fixedSize, length: available) ?? []
        )
        if !exactFit {
            let end = offset + fixedSize + commentLength
            let detail =
                end > view.count
                ? "its comment length (\(commentLength)) runs \(bytes(end - view.count)) past the end of the file"
                : "\(bytes(view.count - end)) follow the end record and its comment"
            record.anomalies.append(
                Anomaly(
                    kind: .commentLengthMismatch,
                    message: "the end-of-central-directory record does not end the file: \(detail)"))
        }
        record.applyZip64(in: view)
        if record.diskNumber != 0 || record.centralDirectoryDisk != 0 {
            record.anomalies.append(
                Anomaly(
                    kind: .multiDisk,
                    message:
                        "the archive claims to be part \(UInt64(record.diskNumber) + 1) of a multi-disk (split) archive; "
                        + "Lambda and most readers accept only single-file archives"))
        }
        return record
    }

    private static func bytes(_ count: Int) -> String { count == 1 ? "1 byte" : "\(count) bytes" }

    /// Replaces the classic fields with those of the ZIP64 end record, found through its locator.
    ///
    /// The locator's offset is tried first. An archive with data prepended after it was
    /// written (a self-extractor stub) has every offset shifted, so the record is then
    /// looked for right before the locator, where writers put it.
    private mutating func applyZip64(in view: ByteView) {
        let locatorOffset = recordOffset - EndOfCentralDirectory.zip64LocatorSize
        guard locatorOffset >= 0, view.uint32(at: locatorOffset) == EndOfCentralDirectory.zip64LocatorSignature,
            let statedOffset = view.uint64(at: locatorOffset + 8)
        else { return }

        var candidates: [Int] = []
        if statedOffset <= UInt64(locatorOffset) { candidates.append(Int(statedOffset)) }
        let adjacent = locatorOffset - EndOfCentralDirectory.zip64RecordFixedSize
        if adjacent >= 0, !candidates.contains(adjacent) { candidates.append(adjacent) }

        for candidate in candidates where view.uint32(at: candidate) == EndOfCentralDirectory.zip64RecordSignature {
            guard let disk = view.uint32(at: candidate + 16),
                let directoryDisk = view.uint32(at: candidate + 20),
                let onDisk = view.uint64(at: candidate + 24),
                let total = view.uint64(at: candidate + 32),
                let size = view.uint64(at: candidate + 40),
                let offset = view.uint64(at: candidate + 48),
                candidate + EndOfCentralDirectory.zip64RecordFixedSize <= locatorOffset
            else { continue }
            zip64RecordOffset = candidate
            diskNumber = disk
            centralDirectoryDisk = directoryDisk
            entriesOnThisDisk = onDisk
            totalEntries = total
            centralDirectorySize = size
            centralDirectoryOffset = offset
            return
        }
        anomalies.append(
            Anomaly(
                kind: .zip64RecordMissing,
                message: "a ZIP64 end-of-central-directory locator points at offset \(statedOffset), "
                    + "but no ZIP64 end record is there; the classic end record is used instead"))
    }
}
