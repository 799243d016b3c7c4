// libFuzzer entry point for BinaryFormats; built and run by scripts/fuzz-binary-formats.
//
// Compiled into one module with Sources/BinaryFormats (not by SwiftPM): identifies the
// bytes, reads an ELF dynamic section and a .pyc magic number, as the rules will.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBinaryFormats(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var total = 0
    if let format = BinaryFormat.identify(bytes) {
        total &+= format.architectures.count &+ format.formatName.utf8.count
    }
    if let info = try? ELFDynamicInfo(elf: bytes) {
        total &+= info.neededLibraries.count &+ info.versionNeeds.count &+ (info.glibc?.minor ?? 0)
        total &+= info.glibcxx?.utf8.count ?? 0
    }
    total &+= PythonBytecode.pythonVersion(ofPrefix: bytes)?.utf8.count ?? 0
    return total == Int.min ? 1 : 0
}
