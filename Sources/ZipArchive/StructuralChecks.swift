/// Checks that need the whole central directory, or the local headers it points at.
///
/// Reading a local header touches one page per member, so this is the only place the
/// reader looks past the central directory when an archive is opened.
enum StructuralChecks {
    static let localHeaderSignature: UInt32 = 0x0403_4B50
    static let localHeaderFixedSize = 30
    static let dataDescriptorSignature: UInt32 = 0x0807_4B50
    /// A member this large that inflates this many times over its compressed size looks like a bomb.
    static let ratioCheckMinimumSize: UInt64 = 1 << 20
    static let suspiciousRatio: UInt64 = 200

    /// Reads every local header, records where each member's data starts, and reports
    /// duplicates, header disagreements, bounds violations, overlaps and bomb-like ratios.
    static func run(entries: inout [Entry], view: ByteView, directoryOffset: Int, prependedBytes: Int) -> [Anomaly] {
        var anomalies: [Anomaly] = []
        anomalies += duplicateNames(entries)
        var spans: [(start: UInt64, end: UInt64, index: Int)] = []
        spans.reserveCapacity(entries.count)
        for index in entries.indices {
            let (span, found) = readLocalHeader(of: &entries[index], view: view, prependedBytes: prependedBytes)
            anomalies += found
            if let span { spans.append((span.start, span.end, index)) }
        }
        anomalies += overlaps(spans: spans, entries: entries, directoryOffset: UInt64(directoryOffset))
        anomalies += ratios(entries)
        return anomalies
    }

    private static func duplicateNames(_ entries: [Entry]) -> [Anomaly] {
        var firstIndex: [String: Int] = [:]
        firstIndex.reserveCapacity(entries.count)
        var anomalies: [Anomaly] = []
        for entry in entries {
            if let first = firstIndex[entry.name] {
                anomalies.append(
                    Anomaly(
                        kind: .duplicateName,
                        message: "the name appears more than once (entries \(first + 1) and \(entry.index + 1)); "
                            + "which copy an extractor keeps depends on the tool",
                        path: entry.name, entryIndex: entry.index))
            } else {
                firstIndex[entry.name] = entry.index
            }
        }
        return anomalies
    }

    private static func readLocalHeader(of entry: inout Entry, view: ByteView, prependedBytes: Int)
        -> (span: (start: UInt64, end: UInt64)?, anomalies: [Anomaly])
    {
        func anomaly(_ kind: Anomaly.Kind, _ message: String) -> Anomaly {
            Anomaly(kind: kind, message: message, path: entry.name, entryIndex: entry.index)
        }
        let (start, overflow) = entry.localHeaderOffset.addingReportingOverflow(UInt64(prependedBytes))
        guard !overflow, view.contains(offset: start, length: UInt64(localHeaderFixedSize)) else {
            return (
                nil,
                [
                    anomaly(
                        .offsetOutOfBounds,
                        "the local header offset \(entry.localHeaderOffset) lies past the end of the archive "
                            + "(\(view.count) bytes)")
                ]
            )
        }
        let position = Int(start)
        guard view.uint32(at: position) == localHeaderSignature,
            let flags = view.uint16(at: position + 6),
            let method = view.uint16(at: position + 8),
            let crc = view.uint32(at: position + 14),
            let compressed = view.uint32(at: position + 18),
            let uncompressed = view.uint32(at: position + 22),
            let nameLength = view.uint16(at: position + 26),
            let extraLength = view.uint16(at: position + 28)
        else {
            return (nil, [anomaly(.localHeaderMissing, "there is no local header at offset \(start)")])
        }

        var anomalies: [Anomaly] = []
        let dataStart = position + localHeaderFixedSize + Int(nameLength) + Int(extraLength)
        entry.dataOffset = dataStart

        var differences: [String] = []
        let localName = view.slice(at: position + localHeaderFixedSize, length: Int(nameLength))
        if localName.map({ !$0.elementsEqual(entry.rawName) }) ?? true {
            let shown = localName.map { NameDecoding.decode([UInt8]($0), utf8Flag: flags & 0x0800 != 0).name }
            differences.append(shown.map { "the name is \"\($0)\"" } ?? "the name runs past the end of the archive")
        }
        if method != entry.method {
            differences.append("the method is \(method) instead of \(entry.method)")
        }
        // With a data descriptor the local fields may legitimately be zero; ZIP64 ones are placeholders.
        if flags & 0x0008 == 0 && !entry.hasDataDescriptor {
            if crc != entry.crc32 {
                differences.append("the CRC-32 is \(hex32(crc)) instead of \(hex32(entry.crc32))")
            }
            if compressed != 0xFFFF_FFFF && UInt64(compressed) != entry.compressedSize {
                differences.append("the compressed size is \(compressed) instead of \(entry.compressedSize)")
            }
            if uncompressed != 0xFFFF_FFFF && UInt64(uncompressed) != entry.uncompressedSize {
                differences.append("the uncompressed size is \(uncompressed) instead of \(entry.uncompressedSize)")
            }
        }
        if !differences.isEmpty {
            anomalies.append(
                anomaly(
                    .localHeaderMismatch,
                    "the local header disagrees with the central directory: " + differences.joined(separator: ", ")))
        }

        let (dataEnd, endOverflow) = UInt64(dataStart).addingReportingOverflow(entry.compressedSize)
        guard !endOverflow, dataEnd <= UInt64(view.count) else {
            anomalies.append(
                anomaly(
                    .offsetOutOfBounds,
                    "the member's \(entry.compressedSize) bytes of data, from offset \(dataStart), "
                        + "run past the end of the archive (\(view.count) bytes)"))
            return (nil, anomalies)
        }
        var end = dataEnd
        if entry.hasDataDescriptor {
            // Count the smallest descriptor that fits, so that a guess never invents an overlap.
            let isZip64 = compressed == 0xFFFF_FFFF || entry.compressedSize > 0xFFFF_FFFF
            let hasSignature = view.uint32(at: Int(dataEnd)) == dataDescriptorSignature
            end += UInt64((hasSignature ? 4 : 0) + (isZip64 ? 20 : 12))
        }
        return ((start, end), anomalies)
    }

    private static func overlaps(
        spans: [(start: UInt64, end: UInt64, index: Int)], entries: [Entry], directoryOffset: UInt64
    ) -> [Anomaly] {
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
            guard entry.method != CompressionMethod.stored, entry.uncompressedSize >= ratioCheckMinimumSize,
                entry.compressedSize == 0 || entry.uncompressedSize / entry.compressedSize >= suspiciousRatio
            else { return nil }
            let ratio = entry.compressedSize == 0 ? "unbounded" : "\(entry.uncompressedSize / entry.compressedSize):1"
            return Anomaly(
                kind: .suspiciousCompressionRatio,
                message: "the member inflates from \(entry.compressedSize) to \(entry.uncompressedSize) bytes "
                    + "(ratio \(ratio)), which is typical of a zip bomb",
                path: entry.name, entryIndex: entry.index)
        }
    }
}
