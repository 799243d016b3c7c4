import BinaryFormats
import Foundation
import TestSupport
import Testing

/// Formats and dynamic sections of the compiled fixtures (Fixtures/binaries/make_binary_fixtures.py).
/// The expected values are what binutils' `readelf -d -V` and `file` report for the same files.
@Suite struct BinaryFormatTests {
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: FixturePaths.binary(name)))
    }

    @Test(arguments: [
        ("elf-x86_64-glibc2.2.5.so", "ELF", ["x86_64"]),
        ("elf-aarch64.so", "ELF", ["arm64"]),
        ("elf-i386.so", "ELF", ["i386"]),
        ("pe-x86_64.pyd", "PE", ["x86_64"]),
        ("pe-arm64.pyd", "PE", ["arm64"]),
        ("macho-arm64.o", "Mach-O", ["arm64"]),
        ("macho-x86_64.o", "Mach-O", ["x86_64"]),
        ("macho-universal.o", "Mach-O", ["x86_64", "arm64"]),
    ])
    func formatAndArchitecture(file: String, format: String, architectures: [String]) throws {
        let found = try #require(BinaryFormat.identify(try Self.bytes(file).prefix(BinaryFormat.prefixLength)))
        #expect(found.formatName == format)
        #expect(found.architectures == architectures)
    }

    @Test func elfHeaderFields() throws {
        guard case .elf(let header)? = BinaryFormat.identify(try Self.bytes("elf-i386.so")) else {
            Issue.record("not ELF")
            return
        }
        #expect(!header.is64Bit && header.isLittleEndian && header.type == .sharedObject && header.machine == 3)
    }

    @Test func otherFilesAreNoBinaries() {
        #expect(BinaryFormat.identify(Array("#!/usr/bin/env python3\n".utf8)) == nil)
        #expect(BinaryFormat.identify([0x7F, 0x45, 0x4C]) == nil)  // cut-off ELF magic
        #expect(BinaryFormat.identify([0xA7, 0x0D, 0x0D, 0x0A, 0, 0, 0, 0]) == nil)  // a .pyc
        // A Java class file shares the universal-binary magic; its next word is a version (52).
        #expect(BinaryFormat.identify([0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 52, 0, 0, 0, 0]) == nil)
        // "MZ" whose PE offset points past the end.
        #expect(BinaryFormat.identify([0x4D, 0x5A] + [UInt8](repeating: 0, count: 58) + [0xFF, 0xFF, 0, 0]) == nil)
    }

    @Test func glibcVersionNeeds() throws {
        let old = try ELFDynamicInfo(elf: try Self.bytes("elf-x86_64-glibc2.2.5.so"))
        #expect(old.neededLibraries == ["libc.so.6"])
        #expect(old.versionNeeds == ["libc.so.6": ["GLIBC_2.2.5"]])
        #expect(old.glibc.map { [$0.major, $0.minor] } == [2, 2])

        let statx = try ELFDynamicInfo(elf: try Self.bytes("elf-x86_64-glibc2.28.so"))
        #expect(statx.versionNeeds == ["libc.so.6": ["GLIBC_2.2.5", "GLIBC_2.28"]])
        #expect(statx.glibc.map { [$0.major, $0.minor] } == [2, 28])

        let newest = try ELFDynamicInfo(elf: try Self.bytes("elf-x86_64-glibc2.36.so"))
        #expect(newest.glibc.map { [$0.major, $0.minor] } == [2, 36])
    }

    @Test func withoutSectionHeadersTheProgramHeadersSuffice() throws {
        let stripped = try ELFDynamicInfo(elf: try Self.bytes("elf-x86_64-glibc2.28-sstripped.so"))
        #expect(stripped == (try ELFDynamicInfo(elf: try Self.bytes("elf-x86_64-glibc2.28.so"))))
    }

    @Test func cxxNeedsAndMusl() throws {
        let cxx = try ELFDynamicInfo(elf: try Self.bytes("elf-x86_64-glibcxx.so"))
        #expect(cxx.neededLibraries == ["libstdc++.so.6", "libc.so.6"])
        #expect(cxx.versionNeeds["libstdc++.so.6"] == ["GLIBCXX_3.4.21", "CXXABI_1.3.9", "GLIBCXX_3.4"])
        #expect(cxx.glibcxx == "GLIBCXX_3.4.21")
        #expect(cxx.glibc.map { [$0.major, $0.minor] } == [2, 14])

        let musl = try ELFDynamicInfo(elf: try Self.bytes("elf-musl-x86_64.so"))
        #expect(musl.neededLibraries == ["libc.musl-x86_64.so.1"])
        #expect(musl.glibc == nil)
        let bare = try ELFDynamicInfo(elf: try Self.bytes("elf-aarch64.so"))
        #expect(bare.neededLibraries.isEmpty && bare.versionNeeds.isEmpty)
        #expect(bare.rpath.isEmpty && bare.runpath.isEmpty)
    }

    /// The loader fixtures, as `readelf -d -V` shows them: DT_RUNPATH with $ORIGIN as written,
    /// DT_SONAME, and the version each needs of its stand-in library.
    @Test func loaderFixtures() throws {
        let origin = try ELFDynamicInfo(elf: try Self.bytes("elf-x86_64-runpath-origin.so"))
        #expect(origin.runpath == ["$ORIGIN/../fastmath.libs"] && origin.rpath.isEmpty)
        #expect(origin.neededLibraries == ["libfastmath_native-1a2b3c4d.so.1"])
        let hashed = try ELFDynamicInfo(elf: try Self.bytes("elf-x86_64-libfastmath-native-hashed.so.1"))
        #expect(hashed.soname == "libfastmath_native-1a2b3c4d.so.1" && hashed.neededLibraries.isEmpty)
        let xcrypt = try ELFDynamicInfo(elf: try Self.bytes("elf-x86_64-needs-xcrypt.so"))
        #expect(xcrypt.versionNeeds == ["libcrypt.so.1": ["XCRYPT_2.0"]])
        let crypt = try ELFDynamicInfo(elf: try Self.bytes("elf-x86_64-needs-libcrypt.so"))
        #expect(crypt.versionNeeds == ["libcrypt.so.1": ["GLIBC_2.2.5"]])
        let cxx = try ELFDynamicInfo(elf: try Self.bytes("elf-x86_64-needs-glibcxx-3.4.26.so"))
        #expect(cxx.neededLibraries == ["libstdc++.so.6"] && cxx.glibcxx == "GLIBCXX_3.4.26")
        let gl = try ELFDynamicInfo(elf: try Self.bytes("elf-x86_64-needs-libgl.so"))
        #expect(gl.neededLibraries == ["libGL.so.1"] && gl.versionNeeds.isEmpty)
    }

    @Test func truncatedAndHostileFilesAreErrors() throws {
        let whole = try Self.bytes("elf-x86_64-glibc2.28.so")
        #expect(throws: BinaryFormatError.notELF) { try ELFDynamicInfo(elf: Array("not elf".utf8)) }
        // Every cut of the file either reads or fails with an error; none crashes.
        for length in stride(from: 0, through: whole.count, by: 97) {
            _ = try? ELFDynamicInfo(elf: Array(whole.prefix(length)))
        }
        // Program headers claimed to be far past the end.
        var lying = whole
        lying[0x20..<0x28] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
        #expect(throws: BinaryFormatError.malformed("the program headers lie outside the file")) {
            try ELFDynamicInfo(elf: lying)
        }
    }
}
