import ImageModel
import OpeningStage
import ZipArchive

/// `inspect --format text`: each archive's summary and listing, then, for several, the
/// merged `/opt` view.
struct InspectTextReporter: Reporter {
    func write(_ reports: InspectReports, to stream: ReportStream) {
        stream.write(reports.reports.map { $0.text() }.joined(separator: "\n"))
        if let merged = reports.merged { stream.write("\n" + merged.text()) }
    }
}

extension InspectReport {
    /// A `zipinfo`-like listing preceded by a summary and followed by the anomalies.
    package func text() -> String {
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
                let needs = resolutions(of: binary).map { library, places -> String in
                    // A member named as the library is shown by its folder.
                    let places = places.map { system, found in
                        (system: system, found: found.map { $0.hasSuffix("/" + library) ? "in " + $0.dropLast(library.count) : $0 })
                    }
                    let found = Set(places.map { $0.found ?? "" })
                    let name = TextFormatting.escaped(library)
                    if found.count == 1, let only = places.first?.found { return "\(name) (\(TextFormatting.escaped(only)))" }
                    if found == [""] { return "\(name) (not found)" }
                    let each = places.map { "\($0.found.map(TextFormatting.escaped) ?? "not found") on \($0.system)" }
                    return "\(name) (\(each.joined(separator: "; ")))"
                }
                if !needs.isEmpty { lines.append("    needs: " + needs.joined(separator: ", ")) }
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

extension MergedView {
    package func text() -> String {
        var lines = [
            "merged /opt of \(TextFormatting.counted(layers.count, "layer")) (\(layers.map(TextFormatting.escaped).joined(separator: ", "))):"
        ]
        for name in names {
            let holders = name.layers.map(TextFormatting.escaped)
            let from =
                holders.count == 1
                ? "from \(holders[0])"
                : "in \(holders.joined(separator: " and ")); \(holders[holders.count - 1])'s files replace the others' where both have one"
            lines.append("  \(TextFormatting.escaped(name.name)) (\(name.kind.rawValue)) in \(name.folder): \(from)")
        }
        if names.isEmpty { lines.append("  no importable names") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func replacingFirst(_ target: Character, with replacement: String) -> String {
        guard let position = firstIndex(of: target) else { return self }
        return String(self[..<position]) + replacement + String(self[index(after: position)...])
    }
}
