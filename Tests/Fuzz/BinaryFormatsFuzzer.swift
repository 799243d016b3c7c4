// libFuzzer entry point for BinaryFormats; built and run by scripts/fuzz-binary-formats.
//
// Compiled into one module with Sources/BinaryFormats (not by SwiftPM): identifies the
// bytes, reads an ELF dynamic section and a .pyc magic number, as the rules will, and holds the
// prefix reading of ELF loader needs and the reading in passes to the full read.

import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBinaryFormats(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var total = 0
    if let format = BinaryFormat.identify(bytes) {
        total &+= format.architectures.count &+ format.formatName.utf8.count
    }
    let settled = ELFPrefixReading.settledReading(ofFile: bytes)
    // Read in passes that keep only the ranges a parse asks for, the dynamic section is what
    // the whole file gives (unless its tables are scattered beyond the passes allowed).
    let dense = Result { () throws(BinaryFormatError) in try ELFDynamicInfo(elf: bytes) }
    let sparse = ELFDynamicInfo.read(fileSize: bytes.count, prefix: Array(bytes.prefix(BinaryFormat.prefixLength))) {
        ranges in ranges.map { Array(bytes[$0]) }
    }
    // A member that claims to be far larger than the bytes its reads return (offsets near Int.max).
    _ = ELFDynamicInfo.read(fileSize: Int.max, prefix: bytes) { ranges in ranges.map { _ in [UInt8]() } }
    if case .failure(.malformed(let reason)) = sparse, reason.contains("spread over") {
    } else {
        precondition(sparse == dense, "reading in passes disagrees with reading the whole file")
    }
    if let info = try? dense.get() {
        total &+= info.neededLibraries.count &+ info.versionNeeds.count &+ (info.glibc?.minor ?? 0)
        total &+= info.glibcxx?.utf8.count ?? 0
        // Where the prefix settles the needs of a file that is what the prefix reading takes
        // it for (`readingsMustAgree`: the table and strings the dynamic section points at,
        // names with their recorded hashes), both readings agree.
        if let settled, ELFPrefixReading.readingsMustAgree(settled, info) {
            precondition(settled.needs == ELFLoaderNeeds(info), "the prefix reading disagrees with the full read")
            // The first segment's version needs, read by name, are the dynamic section's too.
            if settled.strings != nil,
                let length = ELFPrefixReading.firstSegmentLength(prefix: bytes, fileSize: UInt64(bytes.count)),
                let needs = ELFPrefixReading.firstSegmentNeeds(Array(bytes[..<length]), fileSize: UInt64(bytes.count))
            {
                precondition(needs.versionNeeds == info.versionNeeds, "the first segment's version needs disagree")
            }
        }
    }
    // The whole first segment as the loader model reads it: any bytes, never a crash or a hang.
    if let length = ELFPrefixReading.firstSegmentLength(prefix: bytes, fileSize: UInt64(bytes.count)),
        length <= bytes.count
    {
        total &+= ELFPrefixReading.firstSegmentNeeds(Array(bytes[..<length]), fileSize: UInt64(bytes.count))?
            .libraryNames.count ?? 0
    }
    total &+= PythonBytecode.pythonVersion(ofPrefix: bytes)?.utf8.count ?? 0
    return total == Int.min ? 1 : 0
}
