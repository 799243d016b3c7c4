import ImageModel
import OpeningStage
import ZipArchive

/// What `layerlint inspect` shows about one archive: a summary, the distributions and import
/// names Python would find in it, the entries, and the structural anomalies, or why the
/// archive could not be listed at all.
public struct InspectReport: Sendable {
    public static let schemaVersion = 1

    public let path: String
    public let archive: Archive?
    public let failure: ArchiveError?
    /// The archive as a layer on its own, for any Python version (`python/` and every
    /// `python/lib/pythonX.Y/site-packages/` in it).
    public let image: LayerImage?
    /// Its native binaries (extension modules, shared libraries, executables).
    public let binaries: [NativeBinary]

    /// A report on an archive that was listed.
    public init(archive: Archive) {
        self.path = archive.path
        self.archive = archive
        self.failure = nil
        self.image = LayerOpening.image(layers: [(archive.path, archive)], pythonVersion: nil)
        self.binaries = NativeScan.scan([(archive.path, archive)], detail: .dynamicSection).first ?? []
    }

    /// A report on an archive that could not be listed.
    public init(path: String, failure: ArchiveError) {
        self.path = path
        self.archive = nil
        self.failure = failure
        self.image = nil
        self.binaries = []
    }

    /// Bytes per package (the first folder under the layer's Python folder, or the top-level
    /// folder for the rest: `lib`, `bin`), largest first.
    public var sizes: [(name: String, files: Int, uncompressed: UInt64, compressed: UInt64)] {
        archive.map(ListingTotals.packageSizes) ?? []
    }

    /// Opens `path` and reports on it.
    ///
    /// - Throws: `ArchiveError.cannotOpen` when the file itself cannot be read; every other
    ///   problem becomes part of the report.
    public static func make(path: String) throws(ArchiveError) -> InspectReport {
        let listed: Result<Archive, ArchiveError>
        do {
            listed = .success(try LayerOpening.isFolder(path) ? Archive(folderAt: path) : Archive(path: path))
        } catch {
            if case .cannotOpen = error { throw error }
            listed = .failure(error)
        }
        switch listed {
        case .success(let archive): return InspectReport(archive: archive)
        case .failure(let failure): return InspectReport(path: path, failure: failure)
        }
    }

    /// Whether the archive is unreadable or has anomalies (exit status 1).
    public var hasProblems: Bool {
        failure != nil || !(archive?.anomalies.isEmpty ?? true)
    }

    /// First path components with how many entries each holds, in order of first appearance.
    public var topLevel: [(name: String, entries: Int)] {
        archive.map(ListingTotals.topLevel) ?? []
    }

    // MARK: JSON

    /// The report as JSON (schema version 1), keys sorted, without a final newline.
    ///
    /// Streamed rather than built as a `JSONValue`: an archive can have tens of thousands
    /// of entries. Keys are written in sorted order by hand; the writer checks it.
    public func jsonBytes() -> [UInt8] {
        // About 300 bytes per entry; reserving avoids regrowing a buffer of megabytes.
        var writer = JSONWriter(reservingCapacity: 4096 + 320 * (archive?.entries.count ?? 0))
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
            return writer.takeBytes()
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
        writer.member("nativeBinaries", .array(binaries.map(Self.json)))
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
        return writer.takeBytes()
    }

    /// The member path of a folder of the image (`/opt/python` → `python/`).
    private static func memberFolder(_ absolute: String) -> String { String(absolute.dropFirst("/opt/".count)) + "/" }

    /// The distribution that claims an import name, if any.
    /// The first distribution that claims each import name, in its folder and anywhere:
    /// built once, so that a layer with many names and distributions is not a product of both.
    private struct Owners {
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

    private static func json(_ binary: NativeBinary) -> JSONValue {
        .object([
            "path": .string(binary.path),
            "format": .optional(binary.format?.formatName),
            "architectures": .array((binary.format?.architectures ?? []).map { .string($0) }),
            "python": .optional(pythonPhrase(binary)),
            "glibc": .optional(binary.dynamic?.glibc.map { "\($0.major).\($0.minor)" }),
            "glibcxx": .optional(binary.dynamic?.glibcxx),
            "needed": .array((binary.dynamic?.neededLibraries ?? []).map { .string($0) }),
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

    // MARK: Text

    /// A `zipinfo`-like listing preceded by a summary and followed by the anomalies.
    public func text() -> String {
        var lines: [String] = [
            (archive?.isFolder == true ? "Folder (not zipped yet): " : "Archive: ") + TextFormatting.escaped(path)
        ]
        guard let archive else {
            lines.append("  unreadable: \(TextFormatting.escaped(failure?.description ?? "unknown error"))")
            return lines.joined(separator: "\n") + "\n"
        }
        var facts =
            archive.isFolder
            ? [
                TextFormatting.counted(archive.entries.count, "entry", "entries"),
                "\(TextFormatting.grouped(archive.uncompressedSize)) bytes",
            ]
            : [
                TextFormatting.counted(archive.entries.count, "entry", "entries"),
                "\(TextFormatting.grouped(archive.compressedSize)) bytes compressed",
                "\(TextFormatting.grouped(archive.uncompressedSize)) bytes uncompressed",
            ]
        if archive.isZip64 { facts.append("ZIP64") }
        if archive.prependedBytes > 0 {
            facts.append("\(TextFormatting.grouped(UInt64(archive.prependedBytes))) bytes prepended")
        }
        lines.append("  " + facts.joined(separator: ", "))
        let folders = topLevel
        if !folders.isEmpty {
            let shown = folders.prefix(8).map { item in
                item.name.hasSuffix("/")
                    ? "\(TextFormatting.escaped(item.name)) (\(TextFormatting.counted(item.entries, "entry", "entries")))"
                    : TextFormatting.escaped(item.name)
            }
            let more = folders.count > 8 ? ", and \(folders.count - 8) more" : ""
            lines.append("  top level: " + shown.joined(separator: ", ") + more)
        }
        lines.append("")
        lines += distributionLines()
        lines.append("")
        if !binaries.isEmpty {
            lines.append("native binaries: \(binaries.count)")
            for binary in binaries {
                var facts = [
                    binary.format.map { "\($0.formatName) \($0.architectures.joined(separator: "+"))" }
                        ?? "unknown format"
                ]
                if let python = Self.pythonPhrase(binary) { facts.append(python) }
                if let glibc = binary.dynamic?.glibc { facts.append("glibc \(glibc.major).\(glibc.minor)") }
                if let problem = binary.problem { facts.append(problem) }
                lines.append("  \(TextFormatting.escaped(binary.path)): \(facts.joined(separator: ", "))")
            }
            lines.append("")
        }
        let largest = sizes.prefix(10)
        if !largest.isEmpty {
            lines.append("largest:")
            for item in largest {
                lines.append(
                    "  \(TextFormatting.padLeft(TextFormatting.grouped(item.uncompressed), 14)) bytes  "
                        + "\(TextFormatting.escaped(item.name)) (\(TextFormatting.counted(item.files, "file")))")
            }
            lines.append("")
        }
        lines.append(Self.listingHeader)
        for entry in archive.entries {
            lines.append(Self.listingLine(for: entry))
        }
        lines.append("")
        if archive.anomalies.isEmpty {
            lines.append("no structural anomalies")
        } else {
            lines.append(TextFormatting.counted(archive.anomalies.count, "anomaly", "anomalies") + ":")
            for anomaly in archive.anomalies {
                let location = anomaly.path.map { TextFormatting.escaped($0) + ": " } ?? ""
                lines.append("  \(anomaly.kind.rawValue): \(location)\(TextFormatting.escaped(anomaly.message))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The distributions and the import names no distribution claims.
    private func distributionLines() -> [String] {
        guard let image else { return [] }
        let folders = image.searchPath.map(Self.memberFolder).joined(separator: " and ")
        guard !image.distributions.isEmpty || !image.importNames.isEmpty else {
            return ["no distributions or importable names in \(folders)"]
        }
        var lines = ["distributions in \(folders): \(image.distributions.count)"]
        for distribution in image.distributions {
            let names = distribution.importNames.joined(separator: ", ")
            lines.append(
                "  \(TextFormatting.escaped(distribution.displayName)) at "
                    + "\(TextFormatting.escaped(Self.memberFolder(distribution.folder))) (imports \(TextFormatting.escaped(names)))"
            )
            if let problem = distribution.metadataProblem {
                lines.append("    problem: \(TextFormatting.escaped(problem))")
            }
            for requirement in distribution.requiresDist {
                lines.append("    requires \(TextFormatting.escaped(requirement.text))")
            }
        }
        let owners = Owners(image)
        let unowned = image.importNames.filter { owners.owner(of: $0) == nil }
        if !unowned.isEmpty {
            lines.append(
                "importable without a distribution: "
                    + unowned.map { TextFormatting.escaped($0.path) }.joined(separator: ", "))
        }
        return lines
    }

    private static let listingHeader = [
        TextFormatting.padRight("mode", 10), "os ", TextFormatting.padLeft("size", 10),
        TextFormatting.padLeft("compressed", 10), "meth ", TextFormatting.padRight("modified", 16), "name",
    ].joined(separator: " ")

    private static func listingLine(for entry: Entry) -> String {
        let method: String
        switch entry.method {
        case CompressionMethod.stored: method = "stor"
        case CompressionMethod.deflate: method = "defN"
        default: method = String(CompressionMethod.displayName(of: entry.method).prefix(4))
        }
        let time = entry.modified.isoString.replacingFirst("T", with: " ").dropLast(3)
        return [
            modeString(for: entry),
            entry.hostSystem.shortName,
            TextFormatting.padLeft(String(entry.uncompressedSize), 10),
            TextFormatting.padLeft(String(entry.compressedSize), 10),
            entry.isEncrypted ? "\(method)*" : "\(method) ",
            String(time),
            TextFormatting.escaped(entry.name),
        ].joined(separator: " ")
    }

    /// `ls -l` style mode, `?` for permissions an archive made on a non-Unix host does not record.
    static func modeString(for entry: Entry) -> String {
        let type: Character
        switch entry.fileType {
        case .directory: type = "d"
        case .symlink: type = "l"
        case .special: type = "?"
        case .regular: type = "-"
        }
        guard let mode = entry.unixMode else {
            return String(type) + "?????????"
        }
        var result = String(type)
        let symbols: [Character] = ["r", "w", "x"]
        for shift in stride(from: 8, through: 0, by: -1) {
            result.append(mode & (1 << UInt16(shift)) != 0 ? symbols[(8 - shift) % 3] : "-")
        }
        return result
    }
}

private func hexByte(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
}

extension String {
    fileprivate func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let position = firstIndex(of: target) else { return self }
        return String(self[..<position]) + replacement + String(self[index(after: position)...])
    }
}
