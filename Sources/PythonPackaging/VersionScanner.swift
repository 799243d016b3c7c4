/// Reads a PEP 440 version the way `packaging`'s version pattern matches it.
///
/// The pattern's groups are tried in order and each one, once matched, is kept (they are
/// possessive in `packaging`), so a left-to-right scan that commits to each optional
/// group when it matches accepts exactly the same strings.
struct VersionScanner {
    /// The text as given, for messages; `nil` when the scalars are all there was.
    private let original: String?
    private var originalText: String { original ?? String(String.UnicodeScalarView(scalars)) }
    private let scalars: [Unicode.Scalar]
    private var position = 0

    /// Where the local label's `+` was, once one has been read.
    private(set) var consumedBeforeLocal = 0

    /// A scanner for a whole version; surrounding white space is ignored, as `packaging` ignores it.
    init(_ text: String) {
        original = text
        var scalars = Array(text.unicodeScalars)
        while let last = scalars.last, PythonText.isWhitespace(last) { scalars.removeLast() }
        let leading = scalars.prefix(while: PythonText.isWhitespace).count
        self.scalars = Array(scalars.dropFirst(leading))
    }

    /// A scanner for a version at the start of `text`, which may go on after it.
    init(prefixOf text: ArraySlice<Unicode.Scalar>) {
        original = nil
        scalars = Array(text)
    }

    /// Whether everything was consumed.
    var isAtEnd: Bool { position == scalars.count }

    /// How many Unicode scalars have been read.
    var consumed: Int { position }

    mutating func parseVersion() throws(VersionError) -> Version {
        let version = try parseVersionPrefix()
        guard isAtEnd else { throw .invalid(originalText) }
        return version
    }

    /// Parses a version from the current position, leaving what follows it unread.
    mutating func parseVersionPrefix() throws(VersionError) -> Version {
        if peekLower() == "v" { position += 1 }

        var epoch: UInt64 = 0
        let beforeEpoch = position
        if let number = try digits(), peek() == "!" {
            epoch = number
            position += 1
        } else {
            position = beforeEpoch
        }

        guard let first = try digits() else { throw .invalid(originalText) }
        var release = [first]
        while peek() == ".", isDigit(peek(1)) {
            position += 1
            if let number = try digits() { release.append(number) }
        }

        var pre: (phase: Version.PreRelease, number: UInt64)?
        let beforePre = position
        skipSeparator()
        if let phase = word(["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"]) {
            skipSeparator()
            let kind: Version.PreRelease
            switch phase {
            case "alpha", "a": kind = .alpha
            case "beta", "b": kind = .beta
            default: kind = .releaseCandidate
            }
            pre = (kind, try digits() ?? 0)
        } else {
            position = beforePre
        }

        var post: UInt64?
        let beforePost = position
        if peek() == "-", isDigit(peek(1)) {
            position += 1
            post = try digits()
        } else {
            skipSeparator()
            if word(["post", "rev", "r"]) != nil {
                skipSeparator()
                post = try digits() ?? 0
            } else {
                position = beforePost
            }
        }

        var dev: UInt64?
        let beforeDev = position
        skipSeparator()
        if word(["dev"]) != nil {
            skipSeparator()
            dev = try digits() ?? 0
        } else {
            position = beforeDev
        }

        var local: [Version.LocalSegment]?
        if peek() == "+" {
            consumedBeforeLocal = position
            position += 1
            var segments: [Version.LocalSegment] = []
            while true {
                guard let segment = try localSegment() else { throw .invalid(originalText) }
                segments.append(segment)
                guard isSeparator(peek()), isAlphanumeric(peek(1)) else { break }
                position += 1
            }
            local = segments
        }
        return Version(epoch: epoch, release: release, pre: pre, post: post, dev: dev, local: local)
    }

    // MARK: Pieces

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    /// The scalar at the position, ASCII letters lowercased.
    private func peekLower(_ offset: Int = 0) -> Unicode.Scalar? {
        peek(offset).map(PythonText.asciiLowercased)
    }

    private func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
        scalar.map { ("0"..."9").contains($0) } ?? false
    }

    private func isSeparator(_ scalar: Unicode.Scalar?) -> Bool {
        scalar == "." || scalar == "_" || scalar == "-"
    }

    private func isAlphanumeric(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar = scalar.map(PythonText.asciiLowercased) else { return false }
        return ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar)
    }

    private mutating func skipSeparator() {
        if isSeparator(peek()) { position += 1 }
    }

    /// Reads ASCII digits as a number, or returns `nil` (and reads nothing) when there are none.
    private mutating func digits() throws(VersionError) -> UInt64? {
        guard isDigit(peek()) else { return nil }
        var value: UInt64 = 0
        while let scalar = peek(), isDigit(scalar) {
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(UInt64(scalar.value - 48))
            if overflowA || overflowB { throw .numberTooLarge(originalText) }
            value = sum
            position += 1
        }
        return value
    }

    /// Reads the first of `words` (lowercase ASCII) found here, ignoring ASCII case, and returns it.
    private mutating func word(_ words: [StaticString]) -> String? {
        for candidate in words {
            let letters = UnsafeBufferPointer(start: candidate.utf8Start, count: candidate.utf8CodeUnitCount)
            if letters.indices.allSatisfy({ peekLower($0)?.value == UInt32(letters[$0]) }) {
                position += letters.count
                return candidate.description
            }
        }
        return nil
    }

    private mutating func localSegment() throws(VersionError) -> Version.LocalSegment? {
        var text = ""
        while isAlphanumeric(peek()), let scalar = peekLower() {
            text.unicodeScalars.append(scalar)
            position += 1
        }
        guard !text.isEmpty else { return nil }
        guard text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return .text(text) }
        guard let number = UInt64(text) else { throw .numberTooLarge(originalText) }
        return .number(number)
    }
}

/// Character classes as Python's `re` and `str` define them.
enum PythonText {
    /// Python's `\s` and `str.isspace()`: Unicode white space plus the ASCII
    /// information separators 0x1C–0x1F.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII (nearly every scalar read) without the Unicode property tables: tab to
        // carriage return, the information separators and space.
        if scalar.isASCII { return (0x09...0x0D).contains(scalar.value) || (0x1C...0x20).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    static func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
    }

    /// An ASCII byte lowercased (`A`–`Z` only), as `str.lower()` treats ASCII.
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// `text.split(separator:)` keeping empty fields, for an ASCII separator, cut on the
    /// bytes (an ASCII byte is always a character boundary in UTF-8, and no Characters are formed).
    static func fields(_ text: String, separator: UInt8) -> [Substring] {
        let bytes = text.utf8
        var fields: [Substring] = []
        var start = bytes.startIndex
        while let end = bytes[start...].firstIndex(of: separator) {
            fields.append(Substring(bytes[start..<end]))
            start = bytes.index(after: end)
        }
        fields.append(Substring(bytes[start...]))
        return fields
    }

    /// `text` with surrounding Python white space removed.
    static func stripped(_ text: String) -> String {
        // Nearly always there is nothing to strip: keep the string as it is.
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last, !isWhitespace(first),
            !isWhitespace(last)
        {
            return text
        }
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, isWhitespace(first) { scalars.removeFirst() }
        while let last = scalars.last, isWhitespace(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
