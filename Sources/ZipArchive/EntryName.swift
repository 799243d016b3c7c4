/// What an entry's name means once extracted: whether it stays inside the folder it is
/// extracted into, and whether it uses `/` as the ZIP format says. The rules that report
/// unsafe names (Z002) and backslash names (Z003), and the image that leaves such entries
/// out, ask here.
public enum EntryName {
    /// Why a name would not be extracted inside its folder.
    public enum Unsafety: Sendable, Equatable {
        /// A NUL byte, which extractors cut or reject.
        case nulByte
        /// `/x` or `\x`.
        case absolute
        /// `C:` and the rest: a Windows path (the two characters are kept).
        case driveLetter(String)
        /// A `..` segment (with `/` or `\` as the separator).
        case climbsOut
    }

    /// Whether a raw name is certainly safe and uses `/` only: no NUL, no backslash, not
    /// absolute, no drive letter, no `..` anywhere. One pass over the bytes; names that fail
    /// it are looked at closely by `unsafety`.
    public static func isPlain(_ rawName: [UInt8]) -> Bool {
        rawName.withUnsafeBufferPointer { bytes in
            guard let first = bytes.first, first != UInt8(ascii: "/") else { return false }
            if bytes.count > 1 && bytes[1] == UInt8(ascii: ":") { return false }
            var previous: UInt8 = 0
            for byte in bytes {
                // Lowercase letters and '_' (most of a name) are above every byte tested here.
                if byte > UInt8(ascii: "\\") {
                    previous = byte
                    continue
                }
                if byte == 0 || byte == UInt8(ascii: "\\") || (byte == 0x2E && previous == 0x2E) { return false }
                previous = byte
            }
            return true
        }
    }

    /// What makes a name unsafe, or `nil` when it is extracted inside its folder.
    public static func unsafety(rawName: [UInt8], name: String) -> Unsafety? {
        if isPlain(rawName) { return nil }
        if rawName.contains(0) { return .nulByte }
        if name.hasPrefix("/") || name.hasPrefix("\\") { return .absolute }
        let scalars = Array(name.unicodeScalars.prefix(2))
        if scalars.count == 2, scalars[1] == ":", scalars[0].properties.isAlphabetic, scalars[0].isASCII {
            return .driveLetter(String(name.prefix(2)))
        }
        let segments = name.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        if segments.contains("..") { return .climbsOut }
        return nil
    }

    /// Whether the name means a place inside the extraction folder with `/` separators:
    /// neither unsafe nor using backslashes. Entries with other names are reported by their
    /// own rules and have no place in the extracted tree.
    public static func isExtractedInPlace(rawName: [UInt8], name: String) -> Bool {
        if isPlain(rawName) { return true }
        return !rawName.contains(UInt8(ascii: "\\")) && unsafety(rawName: rawName, name: name) == nil
    }
}
