// libFuzzer entry point for BinaryFormats; built and run by scripts/fuzz-binary-formats.
//
// Compiled into one module with Sources/BinaryFormats (not by SwiftPM): identifies the
// bytes, reads an ELF dynamic section and a .pyc magic number, as the rules will, and holds the
// prefix reading of ELF loader needs to the full read.

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
        // Where the prefix settles the needs of a file the full read accepts, both agree.
        if let settled { precondition(settled == ELFLoaderNeeds(info), "the prefix reading disagrees") }
    }
    total &+= PythonBytecode.pythonVersion(ofPrefix: bytes)?.utf8.count ?? 0
    return total == Int.min ? 1 : 0
}
