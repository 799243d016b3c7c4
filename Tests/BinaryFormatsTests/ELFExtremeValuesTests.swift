import BinaryFormats
import Testing

/// ELF headers whose offsets, addresses and sizes sit at the ends of their ranges (issue 15):
/// every reader answers or reports a malformed file, and none traps on arithmetic.
@Suite struct ELFExtremeValuesTests {
    /// A little-endian ELF64 shared object: a PT_LOAD and a PT_DYNAMIC program header with
    /// the given fields, and a dynamic section (at 0x100) with DT_STRTAB, DT_STRSZ,
    /// DT_VERNEED and DT_VERNEEDNUM set to `tags`.
    static func elf(
        programHeaderOffset: UInt64 = 0x40, load: (offset: UInt64, address: UInt64, size: UInt64),
        dynamic: (offset: UInt64, address: UInt64, size: UInt64), tags: [UInt64]
    ) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 0x200)
        func put(_ value: UInt64, at offset: Int, size: Int) {
            for index in 0..<size { bytes[offset + index] = UInt8((value >> (8 * UInt64(index))) & 0xFF) }
        }
        bytes.replaceSubrange(0..<4, with: [0x7F, 0x45, 0x4C, 0x46])
        bytes[4] = 2  // 64-bit
        bytes[5] = 1  // little-endian
        bytes[6] = 1
        put(3, at: 0x10, size: 2)  // ET_DYN
        put(62, at: 0x12, size: 2)  // x86-64
        put(programHeaderOffset, at: 0x20, size: 8)
        put(56, at: 0x36, size: 2)
        put(2, at: 0x38, size: 2)
        for (index, segment) in [(1 as UInt64, load), (2, dynamic)].enumerated() {
            let base = 0x40 + index * 56
            put(segment.0, at: base, size: 4)
            put(segment.1.offset, at: base + 8, size: 8)
            put(segment.1.address, at: base + 16, size: 8)
            put(segment.1.size, at: base + 32, size: 8)
        }
        for (index, (tag, value)) in zip([5, 10, 0x6FFF_FFFE, 0x6FFF_FFFF] as [UInt64], tags).enumerated() {
            put(tag, at: 0x100 + index * 16, size: 8)
            put(value, at: 0x108 + index * 16, size: 8)
        }
        return bytes
    }

    static let extremes: [UInt64] = [
        0, 1, 0x100, 0x1FF, 0x200, UInt64(Int.max) - 7, UInt64(Int.max), UInt64(Int.max) + 1, UInt64.max - 8,
        UInt64.max,
    ]

    @Test func everyReaderSurvivesExtremeFields() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func pick() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Self.extremes[Int((state >> 33) % UInt64(Self.extremes.count))]
        }
        var parsed = 0
        for _ in 0..<3_000 {
            let file = Self.elf(
                programHeaderOffset: [0x40, pick()][Int(state & 1)], load: (pick(), pick(), pick()),
                dynamic: ([0x100, pick()][Int((state >> 1) & 1)], pick(), pick()),
                tags: [pick(), pick(), pick(), pick()])
            if (try? ELFDynamicInfo(elf: file)) != nil { parsed += 1 }
            _ = ELFDynamicInfo.read(fileSize: file.count, prefix: Array(file.prefix(0x80))) { ranges in
                ranges.map { range in Array(file[max(0, range.lowerBound)..<min(file.count, range.upperBound)]) }
            }
            // A member that claims to be far larger than what its reads return.
            _ = ELFDynamicInfo.read(fileSize: Int.max, prefix: file) { ranges in ranges.map { _ in [] } }
            _ = ELFPrefixReading.needs(prefix: file, fileSize: UInt64(file.count))
            _ = ELFPrefixReading.needs(prefix: Array(file.prefix(0x100)), fileSize: UInt64.max)
            _ = ELFPrefixReading.settledNeeds(ofFile: file)
            _ = BinaryFormat.identify(file)
        }
        // Some combinations are well-formed enough to parse: the generator reaches the tables.
        #expect(parsed > 0)
    }
}
