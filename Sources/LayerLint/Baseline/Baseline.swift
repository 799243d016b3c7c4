import Foundation
import ImageModel
import LintRules
import OpeningStage

/// Findings accepted as they are today (`--write-baseline`), so that a gate fails only on new
/// ones (`--baseline`). A finding is known by what it is about (`FindingIdentity`: rule,
/// archive file name, member, subject), so a ZIP rebuilt with other timestamps, checked out
/// elsewhere, or holding an upgraded dependency still matches. The file is sorted JSON
/// without absolute paths, so that it can be committed and reviewed.
///
/// Version 2 of the file keys findings that way. A version-1 file (layerlint 0.1, keyed on
/// the message without its digits) is still read, with the key it was written with, and a
/// note asks for it to be written again; it is never rewritten in place.
package struct Baseline: Sendable, Equatable {
    /// Each accepted finding's fingerprint, with how many times it was found.
    package let counts: [String: Int]
    /// Where it was read from.
    package let file: String
    /// The file's schema version: 2, or 1 for a file of layerlint 0.1.
    package let schemaVersion: Int

    /// The version `render` writes.
    static let currentSchema = 2

    /// The baseline file's bytes for a report: every finding's identity and fingerprint.
    package static func render(_ report: CheckReport) -> [UInt8] {
        let entries = report.findings.map { finding -> (key: String, value: JSONValue) in
            let key = FindingIdentity.key(finding)
            return (
                key,
                .object([
                    "rule": .string(finding.rule),
                    "archive": .optional(finding.archive.map(FindingIdentity.fileName)),
                    "path": .optional(finding.path),
                    "subject": .optional(finding.subject),
                    "about": .string(key),
                    "fingerprint": .string(FindingIdentity.fingerprint(key: key)),
                ])
            )
        }.sorted { $0.key < $1.key }
        var writer = JSONWriter()
        writer.value(
            .object([
                "schemaVersion": .integer(Int64(currentSchema)),
                "tool": .string("layerlint"),
                "findings": .array(entries.map(\.value)),
            ]))
        return writer.takeBytes() + [UInt8(ascii: "\n")]
    }

    /// The most a baseline file may hold: far beyond any real one.
    static let sizeLimit = Limits.baselineFileBytes

    /// Reads a baseline written by `render`, of this version or of layerlint 0.1.
    ///
    /// - Throws: `BaselineError` naming the file.
    package static func load(file: String) throws(BaselineError) -> Baseline {
        let data: Data
        switch BoundedFile.read(file, limit: sizeLimit) {
        case .success(let bytes): data = bytes
        case .failure(let error): throw .unreadable(file: file, reason: error.reason)
        }
        struct Raw: Decodable {
            struct Entry: Decodable { let fingerprint: String }
            let schemaVersion: Int
            let findings: [Entry]
        }
        let raw: Raw
        do {
            raw = try JSONDecoder().decode(Raw.self, from: data)
        } catch {
            throw .malformed(file: file, detail: "it is not a layerlint baseline (write one with --write-baseline)")
        }
        guard raw.schemaVersion == 1 || raw.schemaVersion == currentSchema else {
            throw .malformed(
                file: file,
                detail: "schemaVersion \(raw.schemaVersion) is not one this layerlint reads (1 or \(currentSchema))")
        }
        var counts: [String: Int] = [:]
        for entry in raw.findings { counts[entry.fingerprint, default: 0] += 1 }
        return Baseline(counts: counts, file: file, schemaVersion: raw.schemaVersion)
    }

    /// A note for standard error when the file is of an older version, else `nil`.
    package var migrationNote: String? {
        guard schemaVersion < Self.currentSchema else { return nil }
        return "the baseline \(file) is in layerlint 0.1's format (findings keyed on their messages); it was read "
            + "as such. Write it again with --write-baseline to key findings on rule, member and subject, so that "
            + "upgrading a dependency keeps them accepted"
    }

    /// The fingerprint this file knows `finding` by.
    func fingerprint(_ finding: Finding) -> String {
        schemaVersion == 1
            ? FindingIdentity.fingerprint(key: FindingIdentity.legacyKey(finding))
            : FindingIdentity.fingerprint(finding)
    }

    /// The findings not in the baseline, and how many were in it (each accepted finding
    /// absorbs one finding with its fingerprint).
    package func filter(_ findings: [Finding]) -> (new: [Finding], baselined: Int) {
        var left = counts
        var new: [Finding] = []
        var baselined = 0
        for finding in findings {
            let fingerprint = fingerprint(finding)
            if let count = left[fingerprint], count > 0 {
                left[fingerprint] = count - 1
                baselined += 1
            } else {
                new.append(finding)
            }
        }
        return (new, baselined)
    }
}

/// Why a baseline cannot be used.
package enum BaselineError: LocalizedError, Equatable, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case malformed(file: String, detail: String)

    package var description: String {
        switch self {
        case .unreadable(let file, let reason): return "cannot read the baseline \(file): \(reason)"
        case .malformed(let file, let detail): return "\(file): \(detail)"
        }
    }

    package var errorDescription: String? { description }
}
