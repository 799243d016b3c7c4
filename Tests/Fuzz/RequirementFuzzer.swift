// libFuzzer entry point for PEP 508 requirements and markers; see scripts/fuzz-python-packaging.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequirements(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let environment = MarkerEnvironment.lambda(pythonFullVersion: "3.12.11", machine: "aarch64", extra: "socks")
    if let requirement = try? Requirement(text) {
        _ = requirement.description
        _ = try? requirement.marker?.evaluate(in: environment)
        _ = requirement.specifier.contains("1.0")
        // The tokenizer builds specifiers from the version it scanned; parsing their text gives the same.
        for specifier in requirement.specifier.specifiers {
            precondition(sameParts(specifier, try? Specifier(specifier.description)), "\(specifier) reads otherwise")
        }
    }
    if let marker = try? Marker(text) {
        _ = marker.description
        _ = try? marker.evaluate(in: environment)
    }
    return 0
}

func sameParts(_ specifier: Specifier, _ other: Specifier?) -> Bool {
    guard let other else { return false }
    return specifier.op == other.op && specifier.versionText == other.versionText
        && specifier.version?.description == other.version?.description
        && specifier.version?.release == other.version?.release && specifier.isWildcard == other.isWildcard
}
