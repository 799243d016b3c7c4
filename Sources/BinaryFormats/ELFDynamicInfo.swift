/// What an ELF shared object asks of the dynamic loader: the libraries it needs
/// (`DT_NEEDED`) and the symbol versions it needs from each (the version-needs table:
/// `GLIBC_2.28` from `libc.so.6`, `GLIBCXX_3.4.29` from `libstdc++.so.6`).
///
/// Read the way the loader reads it, through the program headers (`PT_DYNAMIC` and the
/// `PT_LOAD` segments that map addresses to file offsets), so a stripped file without
/// section headers is read as well. Every offset, count and string is checked against the
/// bytes present; a malformed file is an error, never a crash or an endless loop.
public struct ELFDynamicInfo: Equatable, Sendable {
    /// `DT_NEEDED`, in order.
    public let neededLibraries: [String]
    /// `DT_SONAME`, if any.
    public let soname: String?
    /// The folders of `DT_RPATH` and of `DT_RUNPATH`, in order, as written (`$ORIGIN/../x.libs`).
    /// The loader searches `DT_RPATH` before `LD_LIBRARY_PATH` and ignores it when the file has
    /// a `DT_RUNPATH`, which it searches after.
    public let rpath: [String]
    public let runpath: [String]
    /// For each library in the version-needs table, the version names needed from it.
    public let versionNeeds: [String: [String]]
    /// Where the version-needs table and the string table lie in the file, and whether every
    /// need's name has the hash the table records: what the prefix reading takes for granted
    /// of a file (`ELFPrefixReading`), so that the differential tests and the fuzzer can tell
    /// the files whose two readings must agree. `nil` without a version-needs table.
    let versionTableLayout: VersionTableLayout?

    struct VersionTableLayout: Equatable, Sendable {
        var table: Int
        var strings: Int
        var hashesMatch: Bool
        /// Whether the walk ended at the chain's last record (`vn_next` 0), not at the count
        /// `DT_VERNEEDNUM` gives.
        var walkedWholeChain = false
    }

    /// The highest `GLIBC_X.Y` needed, as `(X, Y)`; `nil` when none is.
    public var glibc: (major: Int, minor: Int)? { Self.glibc(among: versionNeeds.values.joined()) }

    /// The highest `GLIBCXX_3.4.N` needed, as its text (`GLIBCXX_3.4.29`).
    public var glibcxx: String? {
        Self.highestVersion(prefix: "GLIBCXX_", among: versionNeeds.values.joined()).map {
            "GLIBCXX_" + $0.map(String.init).joined(separator: ".")
        }
    }

    /// The highest `GLIBC_X.Y` among version names, as `(X, Y)`: the one reading of them
    /// for the full read and the prefix reading (`ELFPrefixReading`).
    static func glibc(among names: some Sequence<String>) -> (major: Int, minor: Int)? {
        highestVersion(prefix: "GLIBC_", among: names).map { ($0[0], $0.count > 1 ? $0[1] : 0) }
    }

    private static func highestVersion(prefix: String, among names: some Sequence<String>) -> [Int]? {
        names
            .filter { $0.hasPrefix(prefix) }
            .compactMap { name -> [Int]? in
                let numbers = name.dropFirst(prefix.count).split(separator: ".").map { Int($0) }
                return numbers.contains(nil) || numbers.isEmpty ? nil : numbers.compactMap { $0 }
            }
            .max { $0.lexicographicallyPrecedes($1) }
    }

    /// Needs known another way than reading the dynamic section (`ELFPrefixReading.firstSegmentNeeds`,
    /// or what a read of the same file gave before).
    package init(
        neededLibraries: [String], soname: String? = nil, rpath: [String] = [], runpath: [String] = [],
        versionNeeds: [String: [String]]
    ) {
        self.neededLibraries = neededLibraries
        self.soname = soname
        self.rpath = rpath
        self.runpath = runpath
        self.versionNeeds = versionNeeds
        self.versionTableLayout = nil
    }

    /// Reads the dynamic section of a whole ELF file.
    ///
    /// - Throws: `BinaryFormatError` when the bytes are not ELF or a table lies outside them.
    public init(elf storage: [UInt8]) throws(BinaryFormatError) {
        try self.init(elf: Bytes(storage))
    }

    /// The most passes `read(fileSize:prefix:fetching:)` makes over a file, and the most one
    /// range it asks for holds.
    static let maxPasses = 4
    /// The most version needs read from one file (glibc's own libraries have under 300).
    public static let versionNeedLimit = 1 << 14
    static let rangeLimit = 64 << 20

    /// Reads the dynamic section of an ELF file of `fileSize` bytes that can only be read
    /// from its start (a deflated member), holding only the parts the parse reads: the
    /// dynamic segment, then the string table and the version-needs table. Each pass hands
    /// `fetch` the ranges wanted (sorted, within the file) and gets their bytes back. The
    /// answer is the one `init(elf:)` gives for the whole file; a file whose tables are
    /// scattered beyond `maxPasses` passes is reported as malformed.
    ///
    /// - Parameter prefix: the file's first bytes (at least its ELF and program headers).
    public static func read<Failure: Error>(
        fileSize: Int, prefix: [UInt8], fetching fetch: ([Range<Int>]) throws(Failure) -> [[UInt8]]
    ) throws(Failure) -> Result<ELFDynamicInfo, BinaryFormatError> {
        var pieces = [Bytes.Piece(offset: 0, bytes: Array(prefix.prefix(max(0, fileSize))))]
        for _ in 0..<maxPasses {
            let misses = Bytes.Misses()
            let bytes = Bytes(count: fileSize, pieces: pieces, misses: misses)
            let result = Result { () throws(BinaryFormatError) in try ELFDynamicInfo(elf: bytes) }
            // Every read was answered as the whole file answers it: the answer stands.
            guard let miss = misses.first else { return result }
            var wanted = plannedRanges(bytes).filter { range in
                !pieces.contains { $0.offset <= range.lowerBound && range.upperBound <= $0.offset + $0.bytes.count }
            }
            if wanted.isEmpty {
                wanted = [miss.lowerBound..<min(fileSize, miss.lowerBound + max(miss.count, 1 << 16))]
            }
            wanted.sort { $0.lowerBound < $1.lowerBound }
            let fetched = try fetch(wanted)
            pieces += zip(wanted, fetched).map { Bytes.Piece(offset: $0.lowerBound, bytes: $1) }
        }
        return .failure(.malformed("its dynamic tables are spread over more than \(maxPasses) reads of the file"))
    }

    /// What a parse of `bytes` will read, as far as the bytes held tell: the dynamic segment;
    /// once that is held, the string table (with room for its last string) and the
    /// version-needs table to the end of the segment holding it. Each range is within the
    /// file and at most `rangeLimit` long.
    static func plannedRanges(_ bytes: Bytes) -> [Range<Int>] {
        guard let header = ELFHeader(bytes) else { return [] }
        let reader = ELFReader(bytes: bytes, header: header)
        guard let segments = try? reader.programHeaders(),
            let dynamic = segments.first(where: { $0.type == 2 })
        else { return [] }
        func clamped(_ offset: UInt64, _ length: UInt64) -> Range<Int>? {
            guard offset < UInt64(bytes.count) else { return nil }
            let start = Int(offset)
            let end = start + Int(min(length, UInt64(bytes.count - start), UInt64(rangeLimit)))
            return end > start ? start..<end : nil
        }
        guard let dynamicRange = clamped(dynamic.offset, dynamic.fileSize) else { return [] }
        // The dynamic entries first: nothing else can be placed without them.
        let probe = Bytes.Misses()
        let entries =
            (try? ELFReader(bytes: bytes.recording(into: probe), header: header).dynamicEntries(dynamic)) ?? []
        if probe.first != nil { return [dynamicRange] }
        func value(of tag: UInt64) -> UInt64? { entries.first { $0.tag == tag }?.value }
        let loads = segments.filter { $0.type == 1 }
        func place(_ address: UInt64) -> (offset: UInt64, rest: UInt64)? { Self.place(address, in: loads) }
        var ranges: [Range<Int>] = []
        if let strings = value(of: 5).flatMap(place) {
            let size = value(of: 10) ?? strings.rest
            let (length, overflow) = size.addingReportingOverflow(4098)
            if let range = clamped(strings.offset, overflow ? UInt64.max : length) { ranges.append(range) }
        }
        if let table = value(of: 0x6FFF_FFFE).flatMap(place), let range = clamped(table.offset, table.rest) {
            ranges.append(range)
        }
        return ranges
    }

    /// Where the loader finds `address`: the file offset in the first load segment that maps
    /// it, and how many of that segment's file bytes follow; `nil` when none maps it.
    static func place(_ address: UInt64, in loads: [ELFReader.Segment]) -> (offset: UInt64, rest: UInt64)? {
        for load in loads where address >= load.virtualAddress && address - load.virtualAddress < load.fileSize {
            let (offset, overflow) = load.offset.addingReportingOverflow(address - load.virtualAddress)
            return overflow ? nil : (offset, load.fileSize - (address - load.virtualAddress))
        }
        return nil
    }

    init(elf bytes: Bytes) throws(BinaryFormatError) {
        guard let header = ELFHeader(bytes) else { throw .notELF }
        let reader = ELFReader(bytes: bytes, header: header)
        let segments = try reader.programHeaders()
        guard let dynamic = segments.first(where: { $0.type == 2 }) else {
            // A static executable or an object file: nothing is needed.
            self.neededLibraries = []
            self.soname = nil
            self.rpath = []
            self.runpath = []
            self.versionNeeds = [:]
            self.versionTableLayout = nil
            return
        }
        let entries = try reader.dynamicEntries(dynamic)
        func value(of tag: UInt64) -> UInt64? {
            for entry in entries where entry.tag == tag { return entry.value }
            return nil
        }
        let loads = segments.filter { $0.type == 1 }
        func offset(ofAddress address: UInt64) -> Int? {
            Self.place(address, in: loads).flatMap { $0.offset > UInt64(Int.max) ? nil : Int($0.offset) }
        }
        guard let stringTableAddress = value(of: 5),
            let stringTable = offset(ofAddress: stringTableAddress)
        else {
            throw .malformed("the dynamic section has no string table inside the file")
        }
        let stringTableSize = value(of: 10) ?? UInt64(bytes.count)
        func string(_ index: UInt64) throws(BinaryFormatError) -> String {
            guard index < stringTableSize, index <= UInt64(Int.max - stringTable),
                let text = bytes.cString(at: stringTable + Int(index))
            else { throw .malformed("a name lies outside the string table") }
            return text
        }
        var needed: [String] = []
        var soname: String?
        var rpath: [String] = []
        var runpath: [String] = []
        for entry in entries {
            switch entry.tag {
            case 1: needed.append(try string(entry.value))
            case 14: soname = try string(entry.value)
            // DT_RPATH and DT_RUNPATH: colon-separated folders; an empty one means the
            // working directory, which is no folder of the image.
            case 15: rpath += try string(entry.value).split(separator: ":").map(String.init)
            case 29: runpath += try string(entry.value).split(separator: ":").map(String.init)
            default: continue
            }
        }
        var versionNeeds: [String: [String]] = [:]
        var layout: VersionTableLayout?
        if let tableAddress = value(of: 0x6FFF_FFFE), let count = value(of: 0x6FFF_FFFF) {
            (versionNeeds, layout) = try Self.versionNeeds(
                in: bytes, little: header.isLittleEndian, table: offset(ofAddress: tableAddress), count: count,
                stringTable: stringTable, string: string)
        }
        self.neededLibraries = needed
        self.soname = soname
        self.rpath = rpath
        self.runpath = runpath
        self.versionNeeds = versionNeeds
        self.versionTableLayout = layout
    }

    /// The version-needs table at file offset `table` (`nil`: its address is outside the
    /// file), `count` records long, with names from `string`: the needs by library, and where
    /// the table and strings lie (`versionTableLayout`).
    static func versionNeeds(
        in bytes: Bytes, little: Bool, table: Int?, count: UInt64, stringTable: Int,
        string: (UInt64) throws(BinaryFormatError) -> String
    ) throws(BinaryFormatError) -> (needs: [String: [String]], layout: VersionTableLayout) {
        var versionNeeds: [String: [String]] = [:]
        guard var position = table else {
            throw .malformed("the version-needs table lies outside the file")
        }
        var layout = VersionTableLayout(table: position, strings: stringTable, hashesMatch: true)
        // Each Elf_Verneed is 16 bytes and lists Elf_Vernaux entries of 16 bytes; both are
        // chained by relative offsets, which a hostile file could make loop, so the walk is
        // bounded by the file size.
        // Bounded by the file and by what any real library needs (a few hundred names), so
        // that a chain that repeats one name cannot copy it millions of times.
        var budget = min(bytes.count / 16 + 1, Self.versionNeedLimit)
        // Offsets come from the file: every step is checked, so that a chain pointing near
        // Int.max is a malformed file, not an overflow.
        func step(_ base: Int, _ distance: Int) throws(BinaryFormatError) -> Int {
            let (sum, overflow) = base.addingReportingOverflow(distance)
            guard !overflow, sum <= Int.max - 16 else { throw .malformed("the version-needs table is cut off") }
            return sum
        }
        position = try step(position, 0)
        for _ in 0..<min(count, UInt64(budget)) {
            guard let auxCount = bytes.uint16(at: position + 2, littleEndian: little),
                let file = bytes.uint32(at: position + 4, littleEndian: little),
                let auxOffset = bytes.uint32(at: position + 8, littleEndian: little),
                let next = bytes.uint32(at: position + 12, littleEndian: little)
            else { throw .malformed("the version-needs table is cut off") }
            let library = try string(UInt64(file))
            var names: [String] = []
            var aux = try step(position, Int(auxOffset))
            for _ in 0..<Int(auxCount) {
                budget -= 1
                guard budget > 0, let name = bytes.uint32(at: aux + 8, littleEndian: little),
                    let auxNext = bytes.uint32(at: aux + 12, littleEndian: little),
                    let hash = bytes.uint32(at: aux, littleEndian: little)
                else { throw .malformed("the version-needs table is cut off") }
                let text = try string(UInt64(name))
                if ELFPrefixReading.elfHash(Array(text.utf8)) != hash { layout.hashesMatch = false }
                names.append(text)
                if auxNext == 0 { break }
                aux = try step(aux, Int(auxNext))
            }
            versionNeeds[library, default: []] += names
            if next == 0 {
                layout.walkedWholeChain = true
                break
            }
            position = try step(position, Int(next))
        }
        return (versionNeeds, layout)
    }

    public static func == (lhs: ELFDynamicInfo, rhs: ELFDynamicInfo) -> Bool {
        lhs.neededLibraries == rhs.neededLibraries && lhs.soname == rhs.soname && lhs.versionNeeds == rhs.versionNeeds
            && lhs.rpath == rhs.rpath && lhs.runpath == rhs.runpath
    }
}

/// Why an ELF file could not be read.
public enum BinaryFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    case notELF
    case malformed(String)

    public var description: String {
        switch self {
        case .notELF: return "not an ELF file"
        case .malformed(let reason): return "malformed ELF file: \(reason)"
        }
    }
}

/// Reads program headers and dynamic entries for either ELF class and byte order.
struct ELFReader {
    struct Segment {
        let type: UInt32
        let offset: UInt64
        let virtualAddress: UInt64
        let fileSize: UInt64
        /// `p_flags`: 1 executable, 2 writable, 4 readable.
        let flags: UInt32

        var isExecutable: Bool { flags & 1 != 0 }
    }

    let bytes: Bytes
    let header: ELFHeader

    private var little: Bool { header.isLittleEndian }

    private func word(_ offset: Int) -> UInt64? {
        header.is64Bit
            ? bytes.uint64(at: offset, littleEndian: little)
            : bytes.uint32(at: offset, littleEndian: little).map(UInt64.init)
    }

    func programHeaders() throws(BinaryFormatError) -> [Segment] {
        let is64 = header.is64Bit
        guard let tableOffset = word(is64 ? 0x20 : 0x1C),
            let entrySize = bytes.uint16(at: is64 ? 0x36 : 0x2A, littleEndian: little),
            let count = bytes.uint16(at: is64 ? 0x38 : 0x2C, littleEndian: little)
        else { throw .malformed("the header is cut off") }
        guard count > 0 else { return [] }
        guard entrySize >= (is64 ? 56 : 32), tableOffset <= UInt64(Int.max),
            bytes.contains(offset: Int(tableOffset), length: Int(count) * Int(entrySize))
        else { throw .malformed("the program headers lie outside the file") }
        return try (0..<Int(count)).map { index throws(BinaryFormatError) in
            let base = Int(tableOffset) + index * Int(entrySize)
            let fields: (UInt32?, UInt64?, UInt64?, UInt64?, UInt32?) =
                is64
                ? (
                    bytes.uint32(at: base, littleEndian: little), bytes.uint64(at: base + 8, littleEndian: little),
                    bytes.uint64(at: base + 16, littleEndian: little),
                    bytes.uint64(at: base + 32, littleEndian: little),
                    bytes.uint32(at: base + 4, littleEndian: little)
                )
                : (
                    bytes.uint32(at: base, littleEndian: little), word(base + 4), word(base + 8), word(base + 16),
                    bytes.uint32(at: base + 24, littleEndian: little)
                )
            guard let type = fields.0, let offset = fields.1, let address = fields.2, let size = fields.3,
                let flags = fields.4
            else {
                throw .malformed("a program header is cut off")
            }
            return Segment(type: type, offset: offset, virtualAddress: address, fileSize: size, flags: flags)
        }
    }

    func dynamicEntries(_ segment: Segment) throws(BinaryFormatError) -> [(tag: UInt64, value: UInt64)] {
        let entrySize = header.is64Bit ? 16 : 8
        guard segment.offset <= UInt64(Int.max), segment.fileSize <= UInt64(Int.max),
            bytes.contains(offset: Int(segment.offset), length: Int(segment.fileSize))
        else { throw .malformed("the dynamic section lies outside the file") }
        var entries: [(tag: UInt64, value: UInt64)] = []
        var position = Int(segment.offset)
        let end = position + Int(segment.fileSize)
        // `end - position`, not `position + entrySize`: the segment may end near Int.max.
        while end - position >= entrySize {
            guard let tag = word(position), let value = word(position + entrySize / 2) else { break }
            if tag == 0 { break }  // DT_NULL
            entries.append((tag, value))
            position += entrySize
        }
        return entries
    }
}
