#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads `ELFLoaderNeeds` from the start of a file, without its dynamic section.
///
/// The loader finds the version-needs table (`.gnu.version_r`) and its strings (`.dynstr`)
/// through the dynamic section, which sits in the writable segment near the end of the
/// file; reaching it in a deflated member means inflating nearly all of it. But both tables
/// lie in the first loadable segment, which in the separate-code layout that GNU ld and lld
/// use by default holds only the headers and the dynamic linking tables and is not
/// executable. So the table is found there by its shape (`Elf_Verneed` records chained to
/// `Elf_Vernaux` records, each field in its valid range) holding at least one need whose
/// `vna_hash` is the SysV ELF hash of a `GLIBC_2.Y[.Z]` name (no two of which share one).
/// Its names are then read where the string table is among the bytes read (its start placed
/// from a `GLIBC_2.` string, and every name checked against its hash); otherwise the needs
/// are told by those hashes: `patchelf` moves `.dynstr` to the end of the file (`auditwheel
/// repair` runs it to rename vendored libraries), and lld puts it after the table.
///
/// In the older layout `.text` shares the first segment, which is then executable; the
/// tables are still at its start, so a prefix that grows until they are found settles it too.
///
/// A reader grows its prefix by a quarter at a time (`needMore`), so that it inflates little
/// past the table, and passes a `Progress` so that each byte is scanned about once.
///
/// The answer is left to a full read (`.unsettled`) when:
/// - the first loadable segment does not start at offset 0, or is larger than 64 MiB;
/// - no table with a `GLIBC_2.` need is found in the segment (a file with no version
///   needs, or needing only `GCC_`/`GLIBCXX_` versions);
/// - the names are among the bytes but one of them does not have its recorded hash (a
///   corrupt file; the loader itself would refuse the version);
/// - the bytes read contain `musl` anywhere (musl has no symbol versions, so a file that
///   needs `GLIBC_2.x` versions links glibc; one mentioning musl is read in full to be sure);
/// - the dynamic segment lies outside the file's declared size (the full read reports that).
public enum ELFPrefixReading {
    /// What a prefix settles.
    public enum Outcome: Equatable, Sendable {
        /// `byNames`: read from the table's names; otherwise told by their hashes.
        case settled(ELFLoaderNeeds, byNames: Bool)
        /// More of the first segment may settle it: read up to `atLeast` bytes and ask again.
        case needMore(atLeast: Int)
        /// The prefix cannot settle it; read the file in full.
        case unsettled
    }

    /// The most of a first segment that is read (beyond it, the full read is used).
    public static let segmentLimit = 64 << 20

    /// What the scans of shorter prefixes of the same file ruled out, so that a reader whose
    /// prefix grows scans each byte about once: the table positions already rejected (a
    /// position whose record runs past the bytes read is tried again), and the `musl` and
    /// `GLIBC_2.` strings already searched for. A scan with it gives what a scan of the whole
    /// prefix without it gives.
    public struct Progress: Sendable {
        /// The first table position not yet ruled out.
        var resumeAt = 0
        /// How many bytes were searched for `musl` and for `GLIBC_2.` strings.
        var searched = 0
        var glibcStrings: [Int] = []
        /// Where the table that settled it lies, and the string table placed for its names.
        var found: (table: Int, strings: Int?)?

        public init() {}
    }

    /// The needs of a file of `fileSize` bytes whose first `prefix.count` bytes are given.
    ///
    /// - Parameter prefix: at least the ELF header and program headers (4 KiB covers them in
    ///   practice); more of the first segment as `needMore` asks for it.
    public static func needs(prefix: [UInt8], fileSize: UInt64) -> Outcome {
        var progress = Progress()
        return needs(prefix: prefix, fileSize: fileSize, progress: &progress)
    }

    /// `needs(prefix:fileSize:)` for a prefix that extends the one of the last call with the
    /// same `progress` (same file, more bytes), scanning only what that call left open.
    public static func needs(prefix: [UInt8], fileSize: UInt64, progress: inout Progress) -> Outcome {
        let bytes = Bytes(prefix)
        guard let header = ELFHeader(bytes) else { return .unsettled }
        let reader = ELFReader(bytes: bytes, header: header)
        guard let segments = try? reader.programHeaders() else { return .unsettled }
        guard let dynamic = segments.first(where: { $0.type == 2 }) else {
            // The full read answers "nothing needed" for a file without a dynamic segment.
            return .settled(ELFLoaderNeeds(glibc: nil, needsMusl: false), byNames: true)
        }
        let (dynamicEnd, overflow) = dynamic.offset.addingReportingOverflow(dynamic.fileSize)
        guard !overflow, dynamicEnd <= fileSize else { return .unsettled }
        guard let first = segments.first(where: { $0.type == 1 }), first.offset == 0,
            first.fileSize <= UInt64(segmentLimit), first.fileSize <= fileSize
        else { return .unsettled }
        let segmentLength = Int(first.fileSize)
        let available = min(prefix.count, segmentLength)
        let answer = prefix.withUnsafeBufferPointer { buffer in
            scan(
                UnsafeBufferPointer(rebasing: buffer[..<available]), little: header.isLittleEndian, progress: &progress)
        }
        switch answer {
        case .found(let glibc, let byNames):
            return .settled(ELFLoaderNeeds(glibc: glibc, needsMusl: false), byNames: byNames)
        case .mentionsMusl, .inconsistent: return .unsettled
        case .notFound:
            guard available < segmentLength else { return .unsettled }
            return .needMore(atLeast: min(segmentLength, max(available + available / 4, 1 << 16)))
        }
    }

    /// What the whole first segment of a file says of the libraries it needs, when its string
    /// table lies there (as the linker left it; not a file patchelf rewrote).
    public struct FirstSegmentNeeds: Equatable, Sendable {
        /// The version needs by library, read by name from the version-needs table.
        public let versionNeeds: [String: [String]]
        /// Every string of the string table that names a shared library (holds `.so`, no
        /// slash), in order: a superset of `DT_NEEDED`, which names its libraries there (it
        /// holds the file's own `DT_SONAME` too).
        public let libraryNames: [String]

        package init(versionNeeds: [String: [String]], libraryNames: [String]) {
            self.versionNeeds = versionNeeds
            self.libraryNames = libraryNames
        }
    }

    /// The length of the file's first loadable segment, when it starts the file and is at
    /// most `segmentLimit` (the bytes `firstSegmentNeeds` reads); `nil` otherwise.
    ///
    /// - Parameter prefix: at least the ELF header and program headers.
    public static func firstSegmentLength(prefix: [UInt8], fileSize: UInt64) -> Int? {
        let bytes = Bytes(prefix)
        guard let header = ELFHeader(bytes), let segments = try? ELFReader(bytes: bytes, header: header).programHeaders(),
            let first = segments.first(where: { $0.type == 1 }), first.offset == 0,
            first.fileSize <= UInt64(segmentLimit), first.fileSize <= fileSize
        else { return nil }
        return Int(first.fileSize)
    }

    /// The library needs that the first segment of a file (`segment`, all of it) settles:
    /// the version-needs table is found in it with its names (`needs(prefix:fileSize:)`), and
    /// the string table from its start up to the first byte no name holds (a control
    /// character: the binary section after it) is searched for library names. `nil` when
    /// the segment does not settle them that way, or when a library the version-needs table
    /// names lies outside the part searched.
    public static func firstSegmentNeeds(_ segment: [UInt8], fileSize: UInt64) -> FirstSegmentNeeds? {
        var progress = Progress()
        guard case .settled(let loaderNeeds, byNames: true) = needs(prefix: segment, fileSize: fileSize, progress: &progress),
            !loaderNeeds.needsMusl, let found = progress.found, let base = found.strings,
            let header = ELFHeader(Bytes(segment))
        else { return nil }
        return segment.withUnsafeBufferPointer { bytes -> FirstSegmentNeeds? in
            guard case .found(let files, let needs) = chain(at: found.table, in: bytes, little: header.isLittleEndian)
            else { return nil }
            var versionNeeds: [String: [String]] = [:]
            var libraries: [String] = []
            for file in files {
                guard let name = string(at: base, Int(file), in: bytes) else { return nil }
                libraries.append(String(decoding: name, as: UTF8.self))
            }
            for need in needs {
                guard libraries.indices.contains(need.file), let name = string(at: base, Int(need.name), in: bytes)
                else { return nil }
                versionNeeds[libraries[need.file], default: []].append(String(decoding: name, as: UTF8.self))
            }
            // The string table: NUL-terminated names up to the first control character. Only
            // the names holding `.so` become strings (a large library has 100,000 symbols).
            var names: [String] = []
            var start = base
            var position = base
            var holdsSo = false
            while position < bytes.count {
                let byte = bytes[position]
                if byte == 0 {
                    if holdsSo {
                        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                        if text.hasSuffix(".so") || text.contains(".so.") { names.append(text) }
                    }
                    start = position + 1
                    holdsSo = false
                } else if byte < 0x20 {
                    break
                } else if byte == UInt8(ascii: "s"), position >= start + 2, bytes[position - 1] == UInt8(ascii: "."),
                    position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "o")
                {
                    holdsSo = true
                }
                position += 1
            }
            // The libraries the versions name are DT_NEEDED entries: they must be among the names.
            let found = Set(names)
            guard libraries.allSatisfy(found.contains) else { return nil }
            return FirstSegmentNeeds(versionNeeds: versionNeeds, libraryNames: names)
        }
    }

    /// The answer that growing prefixes of `file` settle on, as a reader streaming the file
    /// reaches it, or `nil` when they leave it to the full read (for the differential tests
    /// and the fuzzer, which hold that it equals the full read's).
    public static func settledNeeds(ofFile file: [UInt8]) -> (needs: ELFLoaderNeeds, byNames: Bool)? {
        settledReading(ofFile: file).map { ($0.needs, $0.byNames) }
    }

    /// `settledNeeds(ofFile:)` with where the table it settled on lies and the string table
    /// it placed (compared with the full read's `versionTableLayout`).
    static func settledReading(ofFile file: [UInt8])
        -> (needs: ELFLoaderNeeds, byNames: Bool, table: Int?, strings: Int?)?
    {
        var length = min(file.count, BinaryFormat.prefixLength)
        var progress = Progress()
        while true {
            switch needs(prefix: Array(file[..<length]), fileSize: UInt64(file.count), progress: &progress) {
            case .settled(let needs, let byNames):
                return (needs, byNames, progress.found?.table, progress.found?.strings)
            case .unsettled: return nil
            case .needMore(let wanted):
                guard length < file.count, wanted > length else { return nil }
                length = min(file.count, wanted)
            }
        }
    }

    /// `GLIBC_2.Y` and `GLIBC_2.Y.Z` (Y below 100, Z below 10) by their ELF hash, which no
    /// two of them share: for a table whose strings lie outside the first segment.
    static let glibcVersionsByHash: [UInt32: (major: Int, minor: Int)] = {
        var table: [UInt32: (major: Int, minor: Int)] = [:]
        for minor in 0..<100 {
            table[elfHash(Array("GLIBC_2.\(minor)".utf8))] = (2, minor)
            for patch in 0..<10 { table[elfHash(Array("GLIBC_2.\(minor).\(patch)".utf8))] = (2, minor) }
        }
        return table
    }()

    private enum ScanResult {
        case found((major: Int, minor: Int), byNames: Bool)
        case mentionsMusl
        /// The names are there but one does not have its recorded hash: a corrupt file,
        /// whose answer the full read gives.
        case inconsistent
        case notFound
    }

    private struct Need {
        var hash: UInt32
        var name: UInt32
        /// The index of its library in the chain's files.
        var file: Int = 0
    }

    /// The first table found settles it: by its names when its string table is among the
    /// bytes, else by its hashes (tools that rewrite a file's needed libraries, patchelf as
    /// `auditwheel repair` runs it, move `.dynstr` to a new segment at the end, and lld puts
    /// it after the table). A table with no `GLIBC_2.` need by either is not taken.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, little: Bool, progress: inout Progress)
        -> ScanResult
    {
        // Strings that start before `searched - (length - 1)` lay wholly in bytes already searched.
        let musl = Array("musl".utf8)
        let glibc = Array("GLIBC_2.".utf8)
        if !occurrences(of: musl, in: bytes, from: max(0, progress.searched - musl.count + 1), limit: 1).isEmpty {
            return .mentionsMusl
        }
        let wanted = 4096 - progress.glibcStrings.count
        if wanted > 0 {
            progress.glibcStrings += occurrences(
                of: glibc, in: bytes, from: max(0, progress.searched - glibc.count + 1), limit: wanted)
        }
        progress.searched = bytes.count
        // The first position whose records ran past the bytes: the next scan starts there (or
        // at the table found, should it be asked again with more bytes).
        var firstIncomplete: Int?
        var next = progress.resumeAt
        // Version-need records are 4-byte aligned in both classes.
        while next + 16 <= bytes.count {
            let position = next
            next += 4
            progress.resumeAt = firstIncomplete ?? position
            guard uint16(bytes, position, little) == 1 else { continue }
            let files: [UInt32]
            let needs: [Need]
            switch chain(at: position, in: bytes, little: little) {
            case .mismatch: continue
            case .incomplete:
                if firstIncomplete == nil { firstIncomplete = position }
                continue
            case .found(let chainFiles, let chainNeeds):
                files = chainFiles
                needs = chainNeeds
            }
            guard
                let byHash = needs.compactMap({ Self.glibcVersionsByHash[$0.hash] }).max(by: {
                    ($0.major, $0.minor) < ($1.major, $1.minor)
                })
            else { continue }
            // The names, where they are among the bytes; each must have its recorded hash.
            guard let base = stringTable(for: needs, glibcStrings: progress.glibcStrings, in: bytes) else {
                progress.found = (position, nil)
                return .found(byHash, byNames: false)
            }
            progress.found = (position, base)
            guard
                needs.allSatisfy({ need in
                    string(at: base, Int(need.name), in: bytes).map { elfHash($0) == need.hash } ?? false
                }),
                files.allSatisfy({ string(at: base, Int($0), in: bytes).map { !$0.isEmpty } ?? false })
            else { return .inconsistent }
            let names = needs.compactMap { need in
                string(at: base, Int(need.name), in: bytes).map { String(decoding: $0, as: UTF8.self) }
            }
            guard let highest = ELFDynamicInfo.glibc(among: names) else { return .inconsistent }
            return .found(highest, byNames: true)
        }
        progress.resumeAt = firstIncomplete ?? next
        return .notFound
    }

    /// What the bytes at a position hold: an `Elf_Verneed` chain, something else, or the start
    /// of one whose records run past the bytes read (more bytes may make it one).
    private enum Chain {
        case found(files: [UInt32], needs: [Need])
        case mismatch
        case incomplete
    }

    /// The `Elf_Verneed` chain starting at `start`: the library name offsets and every need.
    private static func chain(at start: Int, in bytes: UnsafeBufferPointer<UInt8>, little: Bool) -> Chain {
        var files: [UInt32] = []
        var needs: [Need] = []
        var position = start
        // A real table has a few libraries with a few dozen needs; more is not this table.
        for _ in 0..<256 {
            guard position + 16 <= bytes.count else { return .incomplete }
            guard uint16(bytes, position, little) == 1, let count = uint16(bytes, position + 2, little), count > 0,
                let file = uint32(bytes, position + 4, little), let auxOffset = uint32(bytes, position + 8, little),
                let next = uint32(bytes, position + 12, little), auxOffset >= 16, auxOffset % 4 == 0,
                auxOffset < 1 << 16, next % 4 == 0, next < 1 << 20
            else { return .mismatch }
            files.append(file)
            var aux = position + Int(auxOffset)
            for index in 0..<Int(count) {
                guard aux + 16 <= bytes.count else { return .incomplete }
                guard let hash = uint32(bytes, aux, little), let flags = uint16(bytes, aux + 4, little),
                    flags & ~0x3 == 0, let name = uint32(bytes, aux + 8, little),
                    let auxNext = uint32(bytes, aux + 12, little), auxNext % 4 == 0, auxNext < 1 << 16,
                    (auxNext == 0) == (index == Int(count) - 1)
                else { return .mismatch }
                needs.append(Need(hash: hash, name: name, file: files.count - 1))
                aux += Int(auxNext)
            }
            if next == 0 { return .found(files: files, needs: needs) }
            guard next >= 16 else { return .mismatch }
            position += Int(next)
        }
        return .mismatch
    }

    /// Where the string table starts: the offset that puts one need's name on a `GLIBC_2.`
    /// string whose hash it records.
    private static func stringTable(for needs: [Need], glibcStrings: [Int], in bytes: UnsafeBufferPointer<UInt8>)
        -> Int?
    {
        for start in glibcStrings {
            guard let text = string(at: start, 0, in: bytes) else { continue }
            let hash = elfHash(text)
            for need in needs where need.hash == hash && Int(need.name) <= start {
                return start - Int(need.name)
            }
        }
        return nil
    }

    /// The NUL-terminated bytes at `base + offset`, or `nil` when they run past the bytes.
    private static func string(at base: Int, _ offset: Int, in bytes: UnsafeBufferPointer<UInt8>)
        -> ArraySlice<UInt8>?
    {
        let (start, overflow) = base.addingReportingOverflow(offset)
        guard !overflow, start >= 0, start < bytes.count else { return nil }
        var end = start
        while end < bytes.count, bytes[end] != 0 {
            end += 1
            if end - start > 4096 { return nil }
        }
        guard end < bytes.count else { return nil }
        return ArraySlice(bytes[start..<end])
    }

    /// The SysV ELF hash that `vna_hash` records.
    static func elfHash(_ name: some Sequence<UInt8>) -> UInt32 {
        var hash: UInt32 = 0
        for byte in name {
            hash = (hash << 4) &+ UInt32(byte)
            let high = hash & 0xF000_0000
            if high != 0 { hash ^= high >> 24 }
            hash &= ~high
        }
        return hash
    }

    /// Offsets of `needle` in `bytes`, at most `limit` of them (`memchr` for its first byte,
    /// then `memcmp`: a few megabytes of a large library's first segment take well under a
    /// millisecond, where a byte loop took most of `check`'s time).
    private static func occurrences(
        of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, limit: Int
    ) -> [Int] {
        var found: [Int] = []
        guard let base = bytes.baseAddress, !needle.isEmpty else { return found }
        var offset = start
        needle.withUnsafeBytes { pattern in
            while found.count < limit, offset + needle.count <= bytes.count,
                let hit = memchr(base + offset, Int32(needle[0]), bytes.count - needle.count + 1 - offset)
            {
                let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if let start = pattern.baseAddress, memcmp(base + position, start, needle.count) == 0 {
                    found.append(position)
                }
                offset = position + 1
            }
        }
        return found
    }

    private static func uint16(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int, _ little: Bool) -> UInt16? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        let value = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        return little ? value : value.byteSwapped
    }

    private static func uint32(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int, _ little: Bool) -> UInt32? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        let value =
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
        return little ? value : value.byteSwapped
    }
}
