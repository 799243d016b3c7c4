/// `check --format json`: the report, keys sorted, ending in a newline.
package struct JSONReporter: Reporter {
    package init() {}

    /// The report as JSON, keys sorted.
    package func write(_ report: CheckReport, to stream: ReportStream) {
        var writer = JSONWriter()
        writer.beginObject()
        // With --baseline: how many findings it accepted (left out of `findings`).
        if let file = report.baselineFile {
            writer.member(
                "baseline", .object(["file": .string(file), "accepted": .unsigned(UInt64(report.baselined))]))
        }
        writer.key("findings")
        writer.beginArray()
        for finding in report.findings {
            var members: [(String, JSONValue)] = [
                ("rule", .string(finding.rule)), ("name", .string(finding.name)),
                ("severity", .string(finding.severity.rawValue)), ("message", .string(finding.message)),
                ("archive", .optional(finding.archive)), ("path", .optional(finding.path)),
                ("fix", .optional(finding.fix)),
            ]
            // A finding that stands for several members lists them all under `paths`.
            if !finding.paths.isEmpty { members.append(("paths", .array(finding.paths.map { .string($0) }))) }
            writer.value(.object(JSONObject(members)))
            writer.drain(into: stream)
        }
        writer.endArray()
        writer.key("inputs")
        writer.beginArray()
        for input in report.inputs {
            let archive = try? input.archive.get()
            writer.value(
                .object([
                    "path": .string(input.path),
                    "role": .string(input.role.rawValue),
                    "sha256": .optional(input.digest?.hex),
                    "entries": archive.map { .unsigned(UInt64($0.entries.count)) } ?? .null,
                    // A folder's zipped size is unknown until it is zipped.
                    "compressedBytes": archive.flatMap { $0.isFolder ? nil : .unsigned($0.compressedSize) } ?? .null,
                    "kind": archive.map { .string($0.isFolder ? "folder" : "zip") } ?? .null,
                    // A folder's FIFOs, sockets and devices, left out as zip -r leaves them out.
                    "specialFiles": archive.flatMap {
                        $0.isFolder ? .array($0.folderSpecialFiles.map { .string($0) }) : nil
                    }
                        ?? .null,
                    "uncompressedBytes": archive.map { .unsigned($0.uncompressedSize) } ?? .null,
                    "layerMetadata": .optional(input.metadata?.file),
                ]))
        }
        writer.endArray()
        writer.member("schemaVersion", .integer(1))
        // Rules that could not run, and why: a gate that skipped a rule says so.
        writer.key("skipped")
        writer.beginArray()
        for skipped in report.skippedRules {
            writer.value(.object(["rule": .string(skipped.rule), "reason": .string(skipped.needs.phrase)]))
        }
        writer.endArray()
        writer.member(
            "summary",
            .object([
                "error": .unsigned(UInt64(report.count(.error))), "info": .unsigned(UInt64(report.count(.info))),
                "warning": .unsigned(UInt64(report.count(.warning))),
            ]))
        writer.member(
            "target",
            .object([
                "runtime": .optional(report.target.runtime?.identifier),
                "architecture": .optional(report.target.architecture?.rawValue),
                "source": .optional(report.target.source),
                // Without a runtime, the runtimes the dependency rules ran for instead.
                "everyPython": .array(report.everyPython.map { .string($0) }),
            ]))
        writer.member("tool", .object(["name": .string("layerlint"), "version": .string(LayerLintVersion.current)]))
        writer.endObject()
        writer.drain(into: stream, force: true)
        stream.write("\n")
    }
}
