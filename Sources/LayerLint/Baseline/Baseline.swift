import Foundation
import ImageModel
import LintRules
import OpeningStage

/// Findings accepted as they are today (`--write-baseline`), so that a gate fails only on new
/// ones (`--baseline`). A finding is known by what it is about (`FindingIdentity`: rule,
/// archive file name, member, message without numbers), so a ZIP rebuilt with other
/// timestamps, or checked out elsewhere, still matches. The file is sorted JSON without
/// absolute paths, so that it can be committed and reviewed.
package struct Baseline: Sendable, Equatable {
    /// Each accepted finding's fingerprint, with how many times it was found.
    package let counts: [String: Int]
    /// Where it was read from.
    package let file: String

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
                    "about": .string(key),
                    "fingerprint": .string(FindingIdentity.fingerprint(key: key)),
                ])
            )
        }.sorted { $0.key < $1.key }
        var writer = JSONWriter()
        writer.value(
            .object([
                "schemaVersion": .integer(1),
                "tool": .string("layerlint"),
                "findings": .array(entries.map(\.value)),
            ]))
        return writer.takeBytes() + [UInt8(ascii: "\n")]
    }

    /// The most a baseline file may hold: far beyond any real one.
    static let sizeLimit = Limits.baselineFileBytes

    /// Reads a baseline written by `render`.
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
        guard raw.schemaVersion == 1 else {
            throw .malformed(file: file, detail: "schemaVersion \(raw.schemaVersion) is not 1")
        }
        var counts: [String: Int] = [:]
        for entry in raw.findings { counts[entry.fingerprint, default: 0] += 1 }
        return Baseline(counts: counts, file: file)
    }

    /// The findings not in the baseline, and how many were in it (each accepted finding
    /// absorbs one finding with its fingerprint).
    package func filter(_ findings: [Finding]) -> (new: [Finding], baselined: Int) {
        var left = counts
        var new: [Finding] = []
        var baselined = 0
        for finding in findings {
            let fingerprint = FindingIdentity.fingerprint(finding)
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
