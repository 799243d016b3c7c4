// libFuzzer entry point for PEP 440 versions and specifiers; see scripts/fuzz-python-packaging.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVersions(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let version = try? Version(text) {
        // The normalized form is a version, equal to the original, and normalizes to itself.
        guard let again = try? Version(version.description) else { fatalError("\(version) does not re-parse") }
        precondition(again == version && again.description == version.description, "normalization is not stable")
        precondition(!(version < version) && version == version, "ordering is not reflexive")
    }
    if let specifiers = try? SpecifierSet(text) {
        _ = specifiers.description
        for candidate in ["1.0", "2.0a1", "1!0.1.post2.dev3+x"] {
            _ = specifiers.contains(candidate)
            _ = specifiers.contains(candidate, prereleases: false)
        }
    }
    return 0
}
