/// "Did you mean": the known names closest to a mistyped one, by edit distance.
public enum NearestNames {
    /// Past this length a value is not a typo of a short name, and is not compared: the work
    /// stays bounded whatever the input.
    static let longest = 64

    /// The names of `known` nearest to `typed` (compared without case and surrounding
    /// blanks), in `known`'s order; empty when none is close (within a third of the name's
    /// length, rounded up), and when more than `limit` are equally close (a guess among many
    /// helps no one).
    ///
    /// With `versioned`, a name that differs only in its digits is another version, not a
    /// typo (python3.7 is no misspelt python3.8), and is not suggested.
    public static func nearest(_ typed: String, among known: [String], versioned: Bool = false, limit: Int = 3)
        -> [String]
    {
        let wanted = Array(typed.strippingBlanks().lowercased().unicodeScalars)
        guard !wanted.isEmpty, wanted.count <= longest else { return [] }
        let letters = { (scalars: [Unicode.Scalar]) in scalars.filter { !("0"..."9").contains($0) } }
        var best: [(name: String, distance: Int)] = []
        for name in known {
            let candidate = Array(name.lowercased().unicodeScalars)
            guard candidate.count <= longest else { continue }
            if versioned && letters(candidate) == letters(wanted) { continue }
            let distance = editDistance(wanted, candidate)
            guard distance <= (candidate.count + 2) / 3 else { continue }
            best.append((name, distance))
        }
        guard let least = best.map(\.distance).min() else { return [] }
        let nearest = best.filter { $0.distance == least }.map(\.name)
        return nearest.count <= limit ? nearest : []
    }

    /// `did you mean python3.12?`, `did you mean D001 or D011?`, or `nil` without a near name.
    public static func suggestion(_ typed: String, among known: [String], versioned: Bool = false) -> String? {
        let names = nearest(typed, among: known, versioned: versioned)
        guard let last = names.last else { return nil }
        let list = names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
        return "did you mean \(list)?"
    }

    /// Levenshtein distance: insertions, deletions and substitutions, two rows at a time.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    package func strippingBlanks() -> String {
        let bytes = utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        // Blanks are ASCII, so the bounds found in bytes are character boundaries.
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return "" }
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return self }
        return String(Substring(bytes[first...last]))
    }
}
