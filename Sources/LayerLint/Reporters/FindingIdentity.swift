import LambdaPlatform
import LintRules
import PythonPackaging

/// What a finding is about, kept the same from one run to the next, when the ZIP is rebuilt
/// with other timestamps and when a dependency is upgraded: the rule, the archive's file
/// name, the member (a `.dist-info` folder without its version) and the finding's subject
/// (the required distribution, the module, the library). The message is not part of it:
/// its prose and the versions in it change while the problem stays. SARIF's
/// `partialFingerprints`, GitLab's `fingerprint` and the baseline use it.
package enum FindingIdentity {
    /// `D002|deps-conflict.zip|python/docker.dist-info/METADATA|requests`.
    package static func key(_ finding: Finding) -> String {
        [
            finding.rule, finding.archive.map(fileName) ?? "", finding.path.map(versionless) ?? "",
            finding.subject ?? "",
        ].joined(separator: "|")
    }

    /// `path` with each `NAME-VERSION.dist-info` (or `.egg-info`, `.data`) component as
    /// `NAME.dist-info`, the name normalized: the same member before and after an upgrade.
    static func versionless(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { component -> String in
            for suffix in [".dist-info", ".egg-info", ".data"] where component.hasSuffix(suffix) {
                let stem = component.dropLast(suffix.count)
                guard let dash = stem.firstIndex(of: "-") else { return String(component) }
                return PackageName.normalize(String(stem[..<dash])) + suffix
            }
            return String(component)
        }.joined(separator: "/")
    }

    /// The key of layerlint 0.1's baselines (schemaVersion 1): the rule, the archive's file
    /// name, the member and the message without its digits. Read so that an old baseline
    /// still accepts what it accepted; `--write-baseline` writes the new keys.
    static func legacyKey(_ finding: Finding) -> String {
        let archive = finding.archive.map(fileName) ?? ""
        // Archives named in the message (`… in layers/deps.zip)`) by their file name only.
        let message = finding.message.split(separator: " ", omittingEmptySubsequences: false).map { word -> Substring in
            let trimmed = word.prefix { !")],;".contains($0) }
            guard trimmed.hasSuffix(".zip"), let slash = trimmed.lastIndex(of: "/") else { return word }
            return word[word.index(after: slash)...]
        }.joined(separator: " ")
        var words = ""
        var lastWasSpace = false
        for character in message {
            if character.isNumber { continue }
            if character.isWhitespace {
                if !lastWasSpace { words.append(" ") }
                lastWasSpace = true
            } else {
                words.append(character)
                lastWasSpace = false
            }
        }
        return [finding.rule, archive, finding.path ?? "", words].joined(separator: "|")
    }

    /// The SHA-256 of `key`, in hex.
    package static func fingerprint(_ finding: Finding) -> String { fingerprint(key: key(finding)) }

    /// The fingerprint of a key already made.
    static func fingerprint(key: String) -> String { FileDigest.sha256(of: Array(key.utf8)).hex }

    /// The last component of a path (`layers/deps.zip` → `deps.zip`).
    static func fileName(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }

    /// `path` relative to `workingDirectory` when it lies inside it (SARIF's
    /// `artifactLocation.uri` before `uri(_:)` encodes it, GitLab's `location.path`, the
    /// configuration's paths as reported); a path outside it stays as it is.
    package static func relativePath(_ path: String, workingDirectory: String) -> String {
        var relative = path
        let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        if relative.hasPrefix(base) { relative = String(relative.dropFirst(base.count)) }
        while relative.hasPrefix("./") { relative = String(relative.dropFirst(2)) }
        return relative
    }

    /// Percent-encodes what may not stand in a URI path (RFC 3986: unreserved characters,
    /// `/` and sub-delimiters stay).
    static func uri(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 0x80, character.isLetter || character.isNumber || "-._~/!$&'()*+,;=:@".contains(character) {
                result.append(character)
            } else {
                let digits = String(byte, radix: 16, uppercase: true)
                result += "%" + (digits.count == 1 ? "0" : "") + digits
            }
        }
        return result
    }
}
