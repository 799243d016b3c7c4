/// A PEP 440 version, parsed, normalized and ordered exactly as `packaging.version.Version`.
///
/// Equality and ordering follow PEP 440, not the spelling: `1.0 == 1.0.0`, `1.0a1 < 1.0`,
/// `1.0.dev1 < 1.0a1`, `1.0 < 1.0.post1`, and a local version sorts after its public one.
/// `description` is the normalized form (`1.0-RC.1` → `1.0rc1`).
public struct Version: Hashable, Comparable, CustomStringConvertible, Sendable {
    /// A pre-release phase, in PEP 440 order.
    public enum PreRelease: String, Comparable, Sendable {
        case alpha = "a"
        case beta = "b"
        case releaseCandidate = "rc"

        var rank: Int {
            switch self {
            case .alpha: return 0
            case .beta: return 1
            case .releaseCandidate: return 2
            }
        }

        public static func < (lhs: PreRelease, rhs: PreRelease) -> Bool { lhs.rank < rhs.rank }
    }

    /// One dot-separated part of a local version label: numbers compare numerically and
    /// sort after text, which compares as lowercase strings.
    public enum LocalSegment: Hashable, Sendable, CustomStringConvertible {
        case number(UInt64)
        case text(String)

        public var description: String {
            switch self {
            case .number(let value): return String(value)
            case .text(let value): return value
            }
        }
    }

    public let epoch: UInt64
    public let release: [UInt64]
    public let pre: (phase: PreRelease, number: UInt64)?
    public let post: UInt64?
    public let dev: UInt64?
    public let local: [LocalSegment]?

    /// Parses `text` as PEP 440 allows, surrounding whitespace included.
    ///
    /// - Throws: `VersionError.invalid` for anything `packaging` rejects, and
    ///   `VersionError.numberTooLarge` for a number past 2^64 - 1, which `packaging`
    ///   would accept (Python integers have no bound) and layerlint does not.
    public init(_ text: String) throws(VersionError) {
        var scanner = VersionScanner(text)
        self = try scanner.parseVersion()
    }

    /// Builds a version from its parts.
    public init(
        epoch: UInt64 = 0, release: [UInt64], pre: (phase: PreRelease, number: UInt64)? = nil,
        post: UInt64? = nil, dev: UInt64? = nil, local: [LocalSegment]? = nil
    ) {
        self.epoch = epoch
        self.release = release.isEmpty ? [0] : release
        self.pre = pre
        self.post = post
        self.dev = dev
        self.local = local.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var isPrerelease: Bool { pre != nil || dev != nil }
    public var isPostrelease: Bool { post != nil }
    public var isDevrelease: Bool { dev != nil }

    /// The version without its local label.
    public var publicVersion: Version {
        local == nil ? self : Version(epoch: epoch, release: release, pre: pre, post: post, dev: dev)
    }

    /// Epoch and release only (`1!2.0rc1.post3` → `1!2.0`).
    public var baseVersion: Version { Version(epoch: epoch, release: release) }

    /// The first three release numbers, 0 where missing.
    public var major: UInt64 { release.first ?? 0 }
    public var minor: UInt64 { release.count > 1 ? release[1] : 0 }
    public var micro: UInt64 { release.count > 2 ? release[2] : 0 }

    /// The local label in normalized form (`ubuntu.1`), or `nil`.
    public var localLabel: String? {
        local.map { $0.map(\.description).joined(separator: ".") }
    }

    public var description: String {
        var text = release.map(String.init).joined(separator: ".")
        if epoch != 0 { text = "\(epoch)!" + text }
        if let pre { text += "\(pre.phase.rawValue)\(pre.number)" }
        if let post { text += ".post\(post)" }
        if let dev { text += ".dev\(dev)" }
        if let localLabel { text += "+" + localLabel }
        return text
    }

    // MARK: Ordering

    /// The release without trailing zeros: `1.0.0` and `1` are the same release.
    private var trimmedRelease: ArraySlice<UInt64> {
        var end = release.count
        while end > 0 && release[end - 1] == 0 { end -= 1 }
        return release[0..<end]
    }

    /// Pre-release, post-release and dev-release as six numbers that order as PEP 440 says:
    /// a dev-only release sorts before every pre-release, no pre-release after all of them,
    /// no post-release before any, and no dev-release after any.
    private var suffixKey: [Int64] {
        let preRank: Int64
        let preNumber: Int64
        if let pre {
            preRank = Int64(pre.phase.rank)
            preNumber = Int64(bitPattern: pre.number)
        } else if post == nil && dev != nil {
            preRank = -1
            preNumber = 0
        } else {
            preRank = 3
            preNumber = 0
        }
        return [
            preRank, preNumber,
            post == nil ? 0 : 1, Int64(bitPattern: post ?? 0),
            dev == nil ? 1 : 0, Int64(bitPattern: dev ?? 0),
        ]
    }

    public static func == (lhs: Version, rhs: Version) -> Bool {
        compare(lhs, rhs) == 0
    }

    public static func < (lhs: Version, rhs: Version) -> Bool {
        compare(lhs, rhs) < 0
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(Array(trimmedRelease))
        hasher.combine(pre?.phase)
        hasher.combine(pre?.number)
        hasher.combine(post)
        hasher.combine(dev)
        hasher.combine(local)
    }

    /// -1, 0 or 1, as `packaging`'s comparison keys order.
    static func compare(_ lhs: Version, _ rhs: Version) -> Int {
        if lhs.epoch != rhs.epoch { return lhs.epoch < rhs.epoch ? -1 : 1 }
        let left = lhs.trimmedRelease
        let right = rhs.trimmedRelease
        for (a, b) in zip(left, right) where a != b {
            return a < b ? -1 : 1
        }
        if left.count != right.count { return left.count < right.count ? -1 : 1 }
        // Numbers are below 2^63 in practice; compare unsigned to stay exact beyond that.
        let leftSuffix = lhs.suffixKey
        let rightSuffix = rhs.suffixKey
        for index in 0..<6 where leftSuffix[index] != rightSuffix[index] {
            if index % 2 == 1 {
                return UInt64(bitPattern: leftSuffix[index]) < UInt64(bitPattern: rightSuffix[index]) ? -1 : 1
            }
            return leftSuffix[index] < rightSuffix[index] ? -1 : 1
        }
        switch (lhs.local, rhs.local) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let a?, let b?):
            for (x, y) in zip(a, b) {
                let order = compareLocal(x, y)
                if order != 0 { return order }
            }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        }
    }

    private static func compareLocal(_ lhs: LocalSegment, _ rhs: LocalSegment) -> Int {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.text, .number): return -1
        case (.number, .text): return 1
        case (.text(let a), .text(let b)):
            // Python compares strings by code point.
            return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
                ? -1 : (a == b ? 0 : 1)
        }
    }
}

/// Why a string is not a PEP 440 version.
public enum VersionError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)
    case numberTooLarge(String)

    public var description: String {
        switch self {
        case .invalid(let text): return "\"\(text)\" is not a valid PEP 440 version"
        case .numberTooLarge(let text): return "\"\(text)\" has a number too large to compare"
        }
    }
}
