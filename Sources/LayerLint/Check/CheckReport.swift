import Dispatch
import LambdaPlatform
import ZipArchive

/// One file `check` was given, as the report lists it (SPEC.md §3 `inputs`).
public struct CheckInput: Sendable {
    public enum Role: String, Sendable {
        case layer
        case functionPackage = "function"
    }

    public let path: String
    public let role: Role
    /// The file's SHA-256 (hex for the report, base64 to compare with Lambda's CodeSha256),
    /// or `nil` when it was not asked for (the text report does not show it) or is still
    /// being computed (`settlingDigest()`).
    public let digest: FileDigest?
    /// The archive, or why it could not be listed.
    public let archive: Result<Archive, ArchiveError>
    /// The layer-metadata file matched to this layer, if any.
    public let metadata: LayerVersionMetadata?
    /// The hash still running on another thread, when `load` was told not to wait for it.
    let pendingDigest: PendingDigest?

    init(
        path: String, role: Role, digest: FileDigest?, archive: Result<Archive, ArchiveError>,
        metadata: LayerVersionMetadata?, pendingDigest: PendingDigest? = nil
    ) {
        self.path = path
        self.role = role
        self.digest = digest
        self.archive = archive
        self.metadata = metadata
        self.pendingDigest = pendingDigest
    }

    /// Opens `path` and, when `hashing`, hashes it on another thread meanwhile.
    ///
    /// - Parameter readingLocalHeaders: `false` to list only the central directory now;
    ///   `LintContext` then reads the local headers while it builds the image.
    /// - Parameter waitingForDigest: `false` to return as soon as the archive is listed,
    ///   the hash going on while the rules run; `settlingDigest()` then waits for it.
    /// - Throws: `CheckError` when the file cannot be read at all (a corrupt ZIP is not an
    ///   error here: it is reported, and will be finding Z001).
    public static func load(
        path: String, role: Role, metadata: LayerVersionMetadata? = nil, hashing: Bool = true,
        readingLocalHeaders: Bool = true, waitingForDigest: Bool = true
    ) throws(CheckError) -> CheckInput {
        // Hashing reads the whole file; listing reads the central directory and headers.
        // Both take tens of milliseconds on a large layer, so they run side by side.
        let pending = hashing ? PendingDigest(path: path) : nil
        let listing: Result<Archive, ArchiveError>
        do throws(ArchiveError) {
            listing = try Archive.openForReport(path: path, readingLocalHeaders: readingLocalHeaders)
        } catch {
            // The reader's reason ("no such file", "permission denied") is the more precise one.
            throw .input(error.description)
        }
        let input = CheckInput(
            path: path, role: role, digest: nil, archive: listing, metadata: metadata, pendingDigest: pending)
        return waitingForDigest ? try input.settlingDigest() : input
    }

    /// The same input with its hash finished: waits for it when it is still running.
    ///
    /// - Throws: `CheckError.input` when the file could not be read to the end.
    public func settlingDigest() throws(CheckError) -> CheckInput {
        guard let pendingDigest else { return self }
        switch pendingDigest.result() {
        case .failure(let error): throw .input(error.description)
        case .success(let digest):
            return CheckInput(path: path, role: role, digest: digest, archive: archive, metadata: metadata)
        }
    }

    /// The same input with its archive's local headers read (see `Archive.readingLocalHeaders()`).
    public func readingLocalHeaders() -> CheckInput {
        CheckInput(
            path: path, role: role, digest: digest, archive: archive.map { $0.readingLocalHeaders() },
            metadata: metadata, pendingDigest: pendingDigest)
    }

    /// The same input with matched layer metadata.
    public func with(metadata: LayerVersionMetadata?) -> CheckInput {
        CheckInput(
            path: path, role: role, digest: digest, archive: archive, metadata: metadata, pendingDigest: pendingDigest)
    }
}

/// A file's SHA-256 computed on another thread, waited for when it is needed.
final class PendingDigest: Sendable {
    private let path: String
    private let group = DispatchGroup()
    nonisolated(unsafe) private var computed: Result<FileDigest, LambdaConfigError>?

    init(path: String) {
        self.path = path
        DispatchQueue.global().async(group: group) { [self] in
            computed = Result { () throws(LambdaConfigError) in try FileDigest.sha256(ofFileAt: path) }
        }
    }

    /// The digest, or why the file could not be hashed; waits for the hash to finish.
    func result() -> Result<FileDigest, LambdaConfigError> {
        group.wait()
        // Written once before the group is left; read only after waiting for it.
        return computed ?? .failure(.unreadable(file: path, reason: "it was not hashed"))
    }
}

/// Why `check` cannot run (exit status 2).
public enum CheckError: Error, Equatable, Sendable, CustomStringConvertible {
    case input(String)
    case unmatchedLayerMetadata(file: String)
    /// Layer metadata for a layer version the function's configuration does not list.
    case layerNotUsedByFunction(metadataFile: String, arn: String, configurationFile: String)
    case outputIsAnInput(String)

    public var description: String {
        switch self {
        case .input(let message): return message
        case .unmatchedLayerMetadata(let file):
            return "\(file) describes a layer whose CodeSha256 is that of none of the given ZIPs; "
                + "pass the ZIP it was published from, or fetch the metadata of the version you are checking"
        case .layerNotUsedByFunction(let metadataFile, let arn, let configurationFile):
            return
                "\(metadataFile) describes \(arn), which is not among the layers of the function in \(configurationFile)"
        case .outputIsAnInput(let path):
            return "--output \(path) is one of the inputs; layerlint never overwrites its input"
        }
    }
}

/// What `check` reports: the target, the inputs and the findings.
public struct CheckReport: Sendable {
    public let target: Target
    public let inputs: [CheckInput]
    /// Sorted as SPEC.md §3 says: archive, path, rule.
    public let findings: [Finding]
    /// The ids of the rules that ran.
    public let checkedRules: [String]
    /// Rules skipped because the target lacks what they need.
    public let skippedRules: [(rule: String, needs: TargetNeed)]
    /// What the rules saw (the merged image, distributions, layouts), kept with the report so
    /// that it is freed with it: a command line tool can then exit without freeing either.
    let context: LintContext?

    public init(
        target: Target, inputs: [CheckInput], findings: [Finding] = [], checkedRules: [String] = [],
        skippedRules: [(rule: String, needs: TargetNeed)] = []
    ) {
        self.init(
            target: target, inputs: inputs, findings: findings, checkedRules: checkedRules,
            skippedRules: skippedRules, context: nil)
    }

    init(
        target: Target, inputs: [CheckInput], findings: [Finding], checkedRules: [String],
        skippedRules: [(rule: String, needs: TargetNeed)], context: LintContext?
    ) {
        self.context = context
        self.target = target
        self.inputs = inputs
        self.findings = findings
        self.checkedRules = checkedRules
        self.skippedRules = skippedRules
    }

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

    /// Whether any finding is at least as severe as `threshold` (`nil`: never fail).
    public func fails(at threshold: Severity?) -> Bool {
        guard let threshold else { return false }
        return findings.contains { $0.severity >= threshold }
    }

    /// The JSON of SPEC.md §3, keys sorted.
    public func jsonBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("findings")
        writer.beginArray()
        for finding in findings {
            writer.value(
                .object([
                    "rule": .string(finding.rule), "name": .string(finding.name),
                    "severity": .string(finding.severity.rawValue), "message": .string(finding.message),
                    "archive": .optional(finding.archive), "path": .optional(finding.path),
                    "fix": .optional(finding.fix),
                ]))
        }
        writer.endArray()
        writer.key("inputs")
        writer.beginArray()
        for input in inputs {
            let archive = try? input.archive.get()
            writer.value(
                .object([
                    "path": .string(input.path),
                    "role": .string(input.role.rawValue),
                    "sha256": .optional(input.digest?.hex),
                    "entries": archive.map { .unsigned(UInt64($0.entries.count)) } ?? .null,
                    "compressedBytes": archive.map { .unsigned($0.compressedSize) } ?? .null,
                    "uncompressedBytes": archive.map { .unsigned($0.uncompressedSize) } ?? .null,
                    "layerMetadata": .optional(input.metadata?.file),
                ]))
        }
        writer.endArray()
        writer.member("schemaVersion", .integer(1))
        writer.member(
            "summary",
            .object([
                "error": .unsigned(UInt64(count(.error))), "info": .unsigned(UInt64(count(.info))),
                "warning": .unsigned(UInt64(count(.warning))),
            ]))
        writer.member(
            "target",
            .object([
                "runtime": .optional(target.runtime?.identifier),
                "architecture": .optional(target.architecture?.rawValue),
                "source": .optional(target.source),
            ]))
        writer.member("tool", .object(["name": .string("layerlint"), "version": .string(LayerLintVersion.current)]))
        writer.endObject()
        return writer.takeBytes()
    }

    private static let originPhrases = [
        "command-line": "the command line", "function-config": "the function configuration", "template": "the template",
    ]

    /// A short human report: the target, each input, and what was (not yet) checked.
    ///
    /// - Parameter colour: whether to colour severities (only on a terminal; the caller
    ///   checks `NO_COLOR`).
    public func text(colour: Bool = false) -> String {
        var lines: [String] = []
        if let runtime = target.runtime {
            let architecture = target.architecture.map { " on \($0.rawValue)" } ?? ", architecture not given"
            let origins = target.sources.map { Self.originPhrases[$0] ?? $0 }
            lines.append("target: \(runtime.identifier)\(architecture) (from \(origins.joined(separator: " and ")))")
        } else {
            lines.append("target: none given; rules that need a runtime or architecture would be skipped")
        }
        for input in inputs {
            let kind = input.role == .layer ? "layer" : "function package"
            switch input.archive {
            case .success(let archive):
                lines.append(
                    "\(kind) \(TextFormatting.escaped(input.path)): "
                        + "\(TextFormatting.counted(archive.entries.count, "entry", "entries")), "
                        + "\(TextFormatting.grouped(archive.compressedSize)) bytes zipped, "
                        + "\(TextFormatting.grouped(archive.uncompressedSize)) bytes unzipped"
                        + (input.metadata.map { ", metadata from \($0.file)" } ?? ""))
            case .failure(let error):
                lines.append(
                    "\(kind) \(TextFormatting.escaped(input.path)): unreadable: \(TextFormatting.escaped(error.description))"
                )
            }
        }
        lines.append("")
        let paint = TextStyle(enabled: colour)
        for finding in findings {
            let location = [finding.archive, finding.path].compactMap { $0 }.map(TextFormatting.escaped).joined(
                separator: ": ")
            // Findings about the target as a whole have no location.
            lines.append(
                paint.severity(finding.severity) + paint.bold("[\(finding.rule) \(finding.name)]")
                    + (location.isEmpty ? "" : ": \(location)"))
            lines.append("  \(TextFormatting.escaped(finding.message))")
            if let fix = finding.fix { lines.append("  " + paint.green("fix:") + " \(TextFormatting.escaped(fix))") }
            lines.append("")
        }
        for need in [TargetNeed.runtime, .architecture] {
            let ids = skippedRules.filter { $0.needs == need }.map(\.rule)
            guard !ids.isEmpty else { continue }
            let option = need == .runtime ? "--runtime" : "--arch"
            lines.append("skipped without \(option): " + ids.joined(separator: ", "))
        }
        let checked = TextFormatting.counted(checkedRules.count, "rule")
        lines.append(
            findings.isEmpty
                ? "no findings (\(checked) checked)"
                : [
                    TextFormatting.counted(count(.error), "error"), TextFormatting.counted(count(.warning), "warning"),
                    "\(count(.info)) info",
                ].joined(separator: ", ") + " (\(checked) checked)")
        return lines.joined(separator: "\n") + "\n"
    }
}
