import ImageModel
import LambdaPlatform
import OpeningStage
import ZipArchive

/// `inspect --format json` (schema version 1, keys sorted): one archive's report as it is, or
/// several with their merged `/opt` view.
struct InspectJSONReporter: Reporter {
    func write(_ reports: InspectReports, to stream: ReportStream) {
        // One archive has no merged view: its report is the document.
        guard let merged = reports.merged else {
            for report in reports.reports { stream.write(report.jsonBytes() + [UInt8(ascii: "\n")]) }
            return
        }
        // {"layers": [each report], "merged": {...}, "schemaVersion": 1}: each report written
        // into the same writer, so that the document is one indented whole.
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("layers")
        writer.beginArray()
        for report in reports.reports { report.writeJSON(into: &writer) }
        writer.endArray()
        writer.key("merged")
        writer.value(merged.json())
        writer.key("schemaVersion")
        writer.integer(Int64(InspectReport.schemaVersion))
        writer.endObject()
        stream.write(writer.takeBytes() + [UInt8(ascii: "\n")])
    }
}

extension InspectReport {
    /// The report as JSON (schema version 1), keys sorted, without a final newline.
    ///
    /// Streamed rather than built as a `JSONValue`: an archive can have tens of thousands
    /// of entries. Keys are written in sorted order by hand; the writer checks it.
    package func jsonBytes() -> [UInt8] {
        // About 300 bytes per entry; reserving avoids regrowing a buffer of megabytes.
        var writer = JSONWriter(reservingCapacity: 4096 + 320 * (archive?.entries.count ?? 0))
        writeJSON(into: &writer)
        return writer.takeBytes()
    }

    /// The report as one JSON value written into `writer` (also as an item of a list).
    func writeJSON(into writer: inout JSONWriter) {
        writer.beginObject()
        guard let archive else {
            let message = failure?.description ?? "unreadable"
            writer.key("anomalies")
            writer.beginArray()
            writer.value(.object(["kind": .string("unreadable"), "message": .string(message), "path": .null]))
            writer.endArray()
            writer.member(
                "archive", .object(["error": .string(message), "path": .string(path), "readable": .bool(false)]))
            writer.member("distributions", .array([]))
            writer.member("entries", .array([]))
            writer.member("importNames", .array([]))
            writer.member("nativeBinaries", .array([]))
            writer.member("schemaVersion", .integer(Int64(Self.schemaVersion)))
            writer.member("sizes", .array([]))
            writer.endObject()
            return
        }
        writer.key("anomalies")
        writer.beginArray()
        for anomaly in archive.anomalies {
            writer.value(
                .object([
                    "kind": .string(anomaly.kind.rawValue), "message": .string(anomaly.message),
                    "path": .optional(anomaly.path),
                ]))
        }
        writer.endArray()
        writer.member("archive", summaryJSON(archive))
        writer.member("distributions", .array(distributionsJSON()))
        writer.key("entries")
        writer.beginArray()
        archive.entries.forEachInPlace { Self.write($0, into: &writer) }
        writer.endArray()
        writer.member("importNames", .array(importNamesJSON()))
        writer.member("nativeBinaries", .array(binaries.map { Self.json($0, in: self) }))
        writer.member("schemaVersion", .integer(Int64(Self.schemaVersion)))
        writer.member(
            "sizes",
            .array(
                sizes.map {
                    .object([
                        "name": .string($0.name), "files": .unsigned(UInt64($0.files)),
                        "uncompressedBytes": .unsigned($0.uncompressed), "compressedBytes": .unsigned($0.compressed),
                    ])
                }))
        writer.endObject()
    }

    /// The member path of a folder of the image (`/opt/python` → `python/`).
    static func memberFolder(_ absolute: String) -> String { String(absolute.dropFirst("/opt/".count)) + "/" }

    /// The distribution that claims an import name, if any.
    /// The first distribution that claims each import name, in its folder and anywhere:
    /// built once, so that a layer with many names and distributions is not a product of both.
    struct Owners {
        var inFolder: [String: InstalledDistribution] = [:]
        var anywhere: [String: InstalledDistribution] = [:]

        init(_ image: LayerImage?) {
            for distribution in image?.distributions ?? [] {
                for name in distribution.importNames {
                    let key = distribution.searchFolder + "\u{0}" + name
                    if inFolder[key] == nil { inFolder[key] = distribution }
                    if anywhere[name] == nil { anywhere[name] = distribution }
                }
            }
        }

        func owner(of name: ImportName) -> InstalledDistribution? {
            inFolder[name.folder + "\u{0}" + name.name] ?? anywhere[name.name]
        }
    }

    private func distributionsJSON() -> [JSONValue] {
        (image?.distributions ?? []).map { distribution in
            .object([
                "name": .string(distribution.name),
                "version": .optional(distribution.versionText),
                "kind": .string(distribution.kind.rawValue),
                "location": .string(Self.memberFolder(distribution.folder)),
                "sitePath": .string(Self.memberFolder(distribution.searchFolder)),
                "requires": .array(distribution.requiresDist.map { .string($0.text) }),
                "requiresPython": .optional(distribution.metadata?.requiresPythonText),
                "importNames": .array(distribution.importNames.map { .string($0) }),
                "problem": .optional(distribution.metadataProblem),
            ])
        }
    }

    private static func json(_ binary: NativeBinary, in report: InspectReport) -> JSONValue {
        .object([
            "path": .string(binary.path),
            "format": .optional(binary.format?.formatName),
            "architectures": .array((binary.format?.architectures ?? []).map { .string($0) }),
            "python": .optional(pythonPhrase(binary)),
            "glibc": .optional(binary.dynamic?.glibc.map { "\($0.major).\($0.minor)" }),
            "glibcxx": .optional(binary.dynamic?.glibcxx),
            "needed": .array((binary.dynamic?.neededLibraries ?? []).map { .string($0) }),
            // Where the loader finds each needed library, per operating system: the member,
            // "system", or null.
            "resolved": .array(
                report.resolutions(of: binary).map { library, places in
                    .object([
                        "library": .string(library),
                        "found": .object(JSONObject(places.map { ($0.system, JSONValue.optional($0.found)) })),
                    ])
                }),
            "problem": .optional(binary.problem),
        ])
    }

    /// `CPython 3.11`, `abi3`, `PyPy`, or `nil` for files that are not extension modules.
    static func pythonPhrase(_ binary: NativeBinary) -> String? {
        guard let name = binary.extensionName else { return nil }
        if name.isPyPy { return "PyPy" }
        if name.isStableABI { return "abi3" }
        return name.pythonVersion.map { "CPython \($0)\(name.isFreeThreaded ? " free-threaded" : "")" }
    }

    private func importNamesJSON() -> [JSONValue] {
        let owners = Owners(image)
        return (image?.importNames ?? []).map { name in
            .object([
                "name": .string(name.name),
                "kind": .string(name.kind.rawValue),
                "path": .string(name.path),
                "distribution": .optional(owners.owner(of: name)?.name),
            ])
        }
    }

    private func summaryJSON(_ archive: Archive) -> JSONValue {
        .object([
            "comment": .string(String(decoding: archive.comment, as: UTF8.self)),
            "compressedBytes": .unsigned(archive.compressedSize),
            "entries": .unsigned(UInt64(archive.entries.count)),
            "error": .null,
            "fileSize": .unsigned(UInt64(archive.fileSize)),
            "path": .string(path),
            "prependedBytes": .unsigned(UInt64(archive.prependedBytes)),
            "readable": .bool(true),
            "topLevel": .array(
                topLevel.map { .object(["entries": .unsigned(UInt64($0.entries)), "name": .string($0.name)]) }),
            "uncompressedBytes": .unsigned(archive.uncompressedSize),
            "zip64": .bool(archive.isZip64),
        ])
    }

    private static func write(_ entry: EntryInPlace, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("compressedSize")
        writer.unsigned(entry.compressedSize)
        writer.key("crc32")
        writer.unsigned(UInt64(entry.crc32))
        writer.key("encrypted")
        writer.bool(entry.isEncrypted)
        writer.key("host")
        writer.string(entry.hostSystem.shortName.strippingBlanks())
        writer.key("method")
        writer.unsigned(UInt64(entry.method))
        writer.key("mode")
        if let mode = entry.unixMode { writer.string(TextFormatting.octalMode(mode)) } else { writer.null() }
        writer.key("modified")
        writer.string(entry.modified.isoString)
        writer.key("path")
        writer.string(entry.name)
        // Names that are not plain ASCII are decoded by guesswork; give the exact bytes as well.
        let rawName = entry.rawName
        if rawName.contains(where: { $0 >= 0x80 || $0 < 0x20 }) {
            writer.key("rawName")
            writer.string(rawName.map(hexByte).joined())
        }
        writer.key("size")
        writer.unsigned(entry.uncompressedSize)
        writer.key("type")
        writer.string(entry.fileType.rawValue)
        writer.endObject()
    }
}

extension MergedView {
    /// The view as JSON, keys sorted, without a final newline.
    package func jsonBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.value(json())
        return writer.takeBytes()
    }

    func json() -> JSONValue {
        .object([
            "layers": .array(layers.map { .string($0) }),
            "importNames": .array(
                names.map {
                    .object([
                        "name": .string($0.name), "kind": .string($0.kind.rawValue), "folder": .string($0.folder),
                        "layers": .array($0.layers.map { .string($0) }),
                    ])
                }),
        ])
    }
}

private func hexByte(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
}
