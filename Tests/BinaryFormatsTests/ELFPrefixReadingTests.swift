import Foundation
import TestSupport
import Testing

@testable import BinaryFormats

/// The prefix reading of loader needs (`ELFPrefixReading`) against the full read of the
/// dynamic section, over every ELF fixture and over hand-made layouts.
@Suite struct ELFPrefixReadingTests {
    static let elfFixtures = [
        "elf-aarch64.so", "elf-i386.so", "elf-musl-x86_64.so", "elf-x86_64-glibc2.2.5.so",
        "elf-x86_64-glibc2.28-sstripped.so", "elf-x86_64-glibc2.28.so", "elf-x86_64-glibc2.36.so",
        "elf-x86_64-glibcxx.so",
    ]

    static func file(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: FixturePaths.binary(name)))
    }

    /// Wherever the prefix settles, it says what the full read says; and it settles for the
    /// glibc-linked fixtures (so the fast path is the one being tested), never for musl.
    @Test(arguments: elfFixtures) func agreesWithTheFullRead(_ name: String) throws {
        let bytes = try Self.file(name)
        let full = ELFLoaderNeeds(try ELFDynamicInfo(elf: bytes))
        let settled = ELFPrefixReading.settledNeeds(ofFile: bytes)
        if let settled { #expect(settled.needs == full) }
        if name.contains("glibc2") { #expect(settled != nil, "\(name) should settle from its first segment") }
        // A linker's output is what the prefix reading takes files for (the fuzzer compares
        // the readings only where this holds, so it must hold for real files).
        if let reading = ELFPrefixReading.settledReading(ofFile: bytes), name.contains("glibc2") {
            let info = try ELFDynamicInfo(elf: bytes)
            #expect(ELFPrefixReading.readingsMustAgree(reading, info), "\(name)")
        }
        if name.contains("musl") { #expect(settled == nil && full.needsMusl) }
    }

    /// Where the whole first segment settles a file's library needs, its library names hold
    /// every DT_NEEDED entry and its version needs are the full read's: the loader model
    /// takes them for the dynamic section. The gcc-built fixtures settle (their string table
    /// is in the first segment); the stand-in-linked ones need no GLIBC_ version and do not.
    @Test(arguments: elfFixtures + loaderFixtures) func firstSegmentNeedsHoldTheDynamicSection(_ name: String) throws {
        let bytes = try Self.file(name)
        let info = try ELFDynamicInfo(elf: bytes)
        guard let length = ELFPrefixReading.firstSegmentLength(prefix: bytes, fileSize: UInt64(bytes.count)),
            let needs = ELFPrefixReading.firstSegmentNeeds(Array(bytes[..<length]), fileSize: UInt64(bytes.count))
        else {
            #expect(!name.contains("glibc2"), "\(name) should settle from its first segment")
            return
        }
        #expect(Set(needs.libraryNames).isSuperset(of: info.neededLibraries), "\(name)")
        #expect(needs.versionNeeds == info.versionNeeds, "\(name)")
    }

    static let loaderFixtures = [
        "elf-x86_64-needs-native.so", "elf-x86_64-runpath-origin.so", "elf-x86_64-needs-libcrypt.so",
        "elf-x86_64-needs-xcrypt.so", "elf-x86_64-needs-glibcxx-3.4.26.so", "elf-x86_64-needs-libgl.so",
    ]

    /// Over a folder of real ELF files (`LAYERLINT_ELF_CORPUS`, for example a layer built
    /// from PyPI wheels and unzipped), the same: skipped without it.
    @Test func firstSegmentNeedsHoldForARealCorpus() throws {
        guard let root = ProcessInfo.processInfo.environment["LAYERLINT_ELF_CORPUS"] else { return }
        var settled = 0
        var read = 0
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        for path in files.sorted() where path.hasSuffix(".so") || path.contains(".so.") {
            let bytes = Array((try? Data(contentsOf: URL(fileURLWithPath: root + "/" + path))) ?? Data())
            guard bytes.starts(with: [0x7F, 0x45, 0x4C, 0x46]), let info = try? ELFDynamicInfo(elf: bytes) else { continue }
            read += 1
            guard let length = ELFPrefixReading.firstSegmentLength(prefix: bytes, fileSize: UInt64(bytes.count)),
                let needs = ELFPrefixReading.firstSegmentNeeds(Array(bytes[..<length]), fileSize: UInt64(bytes.count))
            else { continue }
            settled += 1
            #expect(Set(needs.libraryNames).isSuperset(of: info.neededLibraries), "\(path)")
            #expect(needs.versionNeeds == info.versionNeeds, "\(path)")
        }
        print("first-segment needs: \(settled) of \(read) ELF files settle, each agreeing with its dynamic section")
    }

    /// A prefix that grows, scanned with the progress of the shorter ones, gives at every
    /// length what a fresh scan of that prefix gives (steps of 1, 3, 61 and 509 bytes, so
    /// that records are cut at every offset, and in the patchelf-like layout too).
    @Test(arguments: elfFixtures) func growingPrefixScansAsAFreshScan(_ name: String) throws {
        var blanked = try Self.file(name)
        let needle = Array("GLIBC_2.".utf8)
        for index in 0..<max(0, blanked.count - needle.count)
        where Array(blanked[index..<(index + needle.count)]) == needle {
            blanked[index] = UInt8(ascii: "X")
        }
        for bytes in [try Self.file(name), blanked] {
            for step in [1, 3, 61, 509] {
                var progress = ELFPrefixReading.Progress()
                var reachedTheScan = false
                // The fixtures' first segments end within 4 KiB; past them the scan sees no more.
                for length in stride(from: 1, through: min(bytes.count, 4096), by: step) {
                    let prefix = Array(bytes[..<length])
                    let grown = ELFPrefixReading.needs(
                        prefix: prefix, fileSize: UInt64(bytes.count), progress: &progress)
                    let fresh = ELFPrefixReading.needs(prefix: prefix, fileSize: UInt64(bytes.count))
                    #expect(grown == fresh, "\(name) at \(length) bytes, step \(step)")
                    if case .unsettled = grown {} else { reachedTheScan = true }
                }
                // The scan was reached: some prefix asked for more, or settled.
                if name.contains("glibc2") { #expect(reachedTheScan, "\(name), step \(step)") }
            }
        }
    }

    /// Reading the dynamic section from a file read forward in passes, holding only the
    /// ranges asked for, gives what the whole file gives; for a linker's output in at most
    /// three passes (the headers, the dynamic segment, then its tables), asking for less than
    /// the whole file. Files cut short give the same answer too.
    @Test(arguments: elfFixtures) func readInPassesAsAWholeFile(_ name: String) throws {
        let whole = try Self.file(name)
        for bytes in [whole, Array(whole.prefix(whole.count / 2)), Array(whole.prefix(0x400))] {
            var passes = 0
            var asked = 0
            let sparse = ELFDynamicInfo.read(fileSize: bytes.count, prefix: Array(bytes.prefix(512))) { ranges in
                passes += 1
                asked += ranges.reduce(0) { $0 + $1.count }
                return ranges.map { Array(bytes[$0]) }
            }
            let dense = Result { () throws(BinaryFormatError) in try ELFDynamicInfo(elf: bytes) }
            #expect(sparse == dense, "\(name), \(bytes.count) bytes")
            #expect((try? sparse.get())?.versionTableLayout == (try? dense.get())?.versionTableLayout)
            if bytes.count == whole.count, case .success = dense {
                #expect(passes <= 2 && asked < bytes.count, "\(name): \(passes) passes, \(asked) bytes")
            }
        }
    }

    @Test func settlesOnTheFirstSegmentAlone() throws {
        let bytes = try Self.file("elf-x86_64-glibc2.28.so")
        // Cut the file after its first segment: the dynamic section is gone, the answer is not.
        var length = BinaryFormat.prefixLength
        var outcome = ELFPrefixReading.needs(prefix: Array(bytes.prefix(length)), fileSize: UInt64(bytes.count))
        while case .needMore(let wanted) = outcome {
            length = wanted
            outcome = ELFPrefixReading.needs(prefix: Array(bytes.prefix(length)), fileSize: UInt64(bytes.count))
        }
        #expect(outcome == .settled(ELFLoaderNeeds(glibc: (2, 28), needsMusl: false), byNames: true))
        #expect(length < bytes.count)
    }

    /// A file whose string table is not in the first segment (as after patchelf) is told by
    /// the hashes of its needs.
    @Test func needsToldByTheirHashesWithoutStrings() throws {
        var bytes = try Self.file("elf-x86_64-glibc2.28.so")
        // Blank every "GLIBC_2." string: the table's names no longer resolve.
        let needle = Array("GLIBC_2.".utf8)
        for index in 0..<(bytes.count - needle.count) where Array(bytes[index..<(index + needle.count)]) == needle {
            bytes[index] = UInt8(ascii: "X")
        }
        let settled = try #require(ELFPrefixReading.settledNeeds(ofFile: bytes))
        #expect(settled.needs == ELFLoaderNeeds(glibc: (2, 28), needsMusl: false) && !settled.byNames)
        // The full read now finds names without their hashes: a file the readings may differ on.
        let reading = try #require(ELFPrefixReading.settledReading(ofFile: bytes))
        #expect(!ELFPrefixReading.readingsMustAgree(reading, try ELFDynamicInfo(elf: bytes)))
    }

    @Test func hashesOfGlibcNamesAreDistinctAndSysV() {
        #expect(ELFPrefixReading.glibcVersionsByHash.count == 1100)
        // vna_hash values from readelf -V of real files.
        #expect(ELFPrefixReading.elfHash(Array("GLIBC_2.2.5".utf8)) == 0x09691A75)
        #expect(ELFPrefixReading.elfHash(Array("GLIBC_2.14".utf8)) == 0x06969194)
    }

    @Test func leavesOtherInputsToTheFullRead() {
        #expect(ELFPrefixReading.needs(prefix: [], fileSize: 0) == .unsettled)
        #expect(ELFPrefixReading.needs(prefix: Array("not an ELF file".utf8), fileSize: 15) == .unsettled)
        #expect(ELFPrefixReading.settledNeeds(ofFile: [0x7F, 0x45, 0x4C, 0x46, 2, 1]) == nil)
        // A name that no longer has its recorded hash (the fuzzer's find): the full read decides.
        var corrupt = (try? Self.file("elf-x86_64-glibc2.28.so")) ?? []
        if let index = (0..<(corrupt.count - 10)).first(where: {
            Array(corrupt[$0..<($0 + 10)]) == Array("GLIBC_2.28".utf8)
        }) {
            corrupt[index + 6] = UInt8(ascii: "1")
            #expect(ELFPrefixReading.settledNeeds(ofFile: corrupt) == nil)
        }
    }
}
