// libFuzzer entry point for PEP 508 requirements and markers; see scripts/fuzz-python-packaging.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequirements(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let environment = MarkerEnvironment.lambda(pythonFullVersion: "3.12.11", machine: "aarch64", extra: "socks")
    if let requirement = try? Requirement(text) {
        _ = requirement.description
        _ = try? requirement.marker?.evaluate(in: environment)
        _ = requirement.specifier.contains("1.0")
    }
    if let marker = try? Marker(text) {
        _ = marker.description
        _ = try? marker.evaluate(in: environment)
    }
    return 0
}
