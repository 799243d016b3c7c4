// libFuzzer entry point for the glob matcher, differential: the compiled bit-parallel
// automaton must agree with a plain dynamic program over pattern and path on every input,
// and never trap; see scripts/fuzz-glob. The reference is Tests/TestSupport/GlobReference.swift.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGlob(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // The input is "pattern NUL path"; without a NUL, the whole input is both.
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0) ?? size
    let pattern = String(decoding: bytes[..<split], as: UTF8.self)
    let path = split < size ? String(decoding: bytes[(split + 1)...], as: UTF8.self) : pattern
    guard let glob = Glob(pattern) else {
        precondition(pattern.unicodeScalars.count > Glob.maximumLength, "a short pattern was refused")
        return 0
    }
    precondition(glob.matches(path) == GlobReference.matches(pattern, path), "the automaton and the reference disagree")
    return 0
}
