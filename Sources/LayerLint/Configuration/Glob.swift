/// Shell-style globs over `/`-separated paths, as ruff's per-file ignores read them: `*`
/// and `?` within one segment, `**` across segments (`**/` also matching nothing), anything
/// else literally.
///
/// A glob is compiled once into the masks of a bit-parallel automaton (one bit per pattern
/// position); matching then costs one pass over the path, a few word operations per
/// character for each 64 positions of the pattern, with no backtracking whatever the
/// pattern. Patterns are bounded (`maximumLength`), so that cost is bounded too.
public struct Glob: Sendable, Equatable {
    /// The longest pattern accepted, in characters (real ones are a few dozen).
    public static let maximumLength = 256

    public let pattern: String
    /// Positions: bit i set means "the pattern's first i tokens match what was read".
    private let words: Int
    private let tokenCount: Int
    /// Tokens that consume one given character and move on, per character: ASCII in a flat
    /// table (`words` masks per character), anything else by dictionary.
    private let asciiLiteral: [UInt64]
    private let literal: [Unicode.Scalar: [UInt64]]
    /// `?`: any character but `/`.
    private let anyButSlash: [UInt64]
    /// `**/`: its `/` moves on.
    private let slashAfterGlobstar: [UInt64]
    /// `*` stays on any character but `/`; `**` and `**/` stay on any character.
    private let loopButSlash: [UInt64]
    private let loopAny: [UInt64]
    /// `*` and `**` may match nothing: their position also reaches the next one.
    private let skippable: [UInt64]
    /// `**/` is two positions, an entry and its body: the entry reaches the body, or skips
    /// it (it may match nothing), but the body, once it has read a character, must end in `/`.
    private let skipTwo: [UInt64]

    private enum Token: Equatable {
        case character(Unicode.Scalar), any, star, globstar, globstarSlashEntry, globstarSlashBody
    }

    /// Compiles `pattern`; nil when it is longer than `maximumLength` characters.
    public init?(_ pattern: String) {
        let scalars = Array(pattern.unicodeScalars)
        guard scalars.count <= Self.maximumLength else { return nil }
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "*", index + 1 < scalars.count, scalars[index + 1] == "*" {
                if index + 2 < scalars.count, scalars[index + 2] == "/" {
                    tokens += [.globstarSlashEntry, .globstarSlashBody]
                    index += 3
                } else {
                    tokens.append(.globstar)
                    index += 2
                }
            } else {
                tokens.append(scalar == "*" ? .star : scalar == "?" ? .any : .character(scalar))
                index += 1
            }
        }
        self.pattern = pattern
        tokenCount = tokens.count
        words = tokens.count / 64 + 1
        let empty = [UInt64](repeating: 0, count: words)
        var literal: [Unicode.Scalar: [UInt64]] = [:]
        var (anyButSlash, slashAfterGlobstar, loopButSlash, loopAny) = (empty, empty, empty, empty)
        var (skippable, skipTwo) = (empty, empty)
        for (position, token) in tokens.enumerated() {
            let (word, bit) = (position / 64, UInt64(1) << UInt64(position % 64))
            switch token {
            case .character(let scalar): literal[scalar, default: empty][word] |= bit
            case .any: anyButSlash[word] |= bit
            case .star:
                loopButSlash[word] |= bit
                skippable[word] |= bit
            case .globstar:
                loopAny[word] |= bit
                skippable[word] |= bit
            case .globstarSlashEntry:
                skippable[word] |= bit
                skipTwo[word] |= bit
            case .globstarSlashBody:
                loopAny[word] |= bit
                slashAfterGlobstar[word] |= bit
            }
        }
        var ascii = [UInt64](repeating: 0, count: 128 * words)
        for (scalar, masks) in literal where scalar.value < 128 {
            for word in 0..<words { ascii[Int(scalar.value) * words + word] = masks[word] }
        }
        self.asciiLiteral = ascii
        self.literal = literal.filter { $0.key.value >= 128 }
        self.anyButSlash = anyButSlash
        self.slashAfterGlobstar = slashAfterGlobstar
        self.loopButSlash = loopButSlash
        self.loopAny = loopAny
        self.skippable = skippable
        self.skipTwo = skipTwo
    }

    public static func == (left: Glob, right: Glob) -> Bool { left.pattern == right.pattern }

    /// Whether `path` matches the whole pattern.
    public func matches(_ path: String) -> Bool {
        var state = [UInt64](repeating: 0, count: words)
        state[0] = 1
        close(&state)
        var next = state
        for scalar in path.unicodeScalars {
            let isSlash = scalar == "/"
            let isASCII = scalar.value < 128
            let moving = isASCII ? nil : literal[scalar]
            let asciiBase = isASCII ? Int(scalar.value) * words : 0
            var carry: UInt64 = 0
            var any: UInt64 = 0
            for word in 0..<words {
                let current = state[word]
                var advance = current & (isSlash ? slashAfterGlobstar[word] : anyButSlash[word])
                if isASCII {
                    advance |= current & asciiLiteral[asciiBase + word]
                } else if let moving {
                    advance |= current & moving[word]
                }
                // Advancing is moving to the next position: a shift left by one across words.
                let shifted = advance << 1 | carry
                carry = advance >> 63
                let stay = current & (loopAny[word] | (isSlash ? 0 : loopButSlash[word]))
                next[word] = shifted | stay
                any |= next[word]
            }
            guard any != 0 else { return false }
            close(&next)
            swap(&state, &next)
        }
        let (word, bit) = (tokenCount / 64, UInt64(1) << UInt64(tokenCount % 64))
        return state[word] & bit != 0
    }

    /// Adds the positions reached by skipping patterns that may match nothing; a run of k
    /// such tokens takes k rounds (bounded by the pattern's length).
    private func close(_ state: inout [UInt64]) {
        while true {
            var (carry, carryTwo) = (UInt64(0), UInt64(0))
            var changed = false
            for word in 0..<words {
                let skipping = state[word] & skippable[word]
                let shifted = skipping << 1 | carry
                carry = skipping >> 63
                let skippingTwo = state[word] & skipTwo[word]
                let shiftedTwo = skippingTwo << 2 | carryTwo
                carryTwo = skippingTwo >> 62
                let merged = state[word] | shifted | shiftedTwo
                if merged != state[word] {
                    state[word] = merged
                    changed = true
                }
            }
            if !changed { return }
        }
    }

    /// Whether `path` matches `pattern` in full (compiled for this one call; a pattern over
    /// `maximumLength` characters matches nothing).
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        Glob(pattern)?.matches(path) ?? false
    }
}
