// libFuzzer entry point for METADATA, WHEEL, RECORD and requires.txt; see scripts/fuzz-python-packaging.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMetadata(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let metadata = try? CoreMetadata(text) {
        precondition(
            !metadata.name.isEmpty && !metadata.versionText.isEmpty, "accepted metadata without a name or version")
        _ = metadata.requirements.map(\.description)
    }
    let wheel = WheelMetadata(text)
    for tag in wheel.tags {
        _ = (tag.platformKind, tag.cpythonABI, tag.isFreeThreadedABI)
    }
    if let rows = try? Record.parse(text) {
        precondition(rows.allSatisfy { !$0.path.isEmpty }, "a RECORD row without a path")
    }
    // Where the plain RECORD reader gives an answer, the CSV reader gives the same.
    let plain = Result { () throws(RecordError) in try Record.parsePlain(text) }
    if plain != .success(nil) {
        let quoted = Result { () throws(RecordError) in try Record.parseQuoted(text) }
        precondition(plain == quoted.map(Optional.some), "the plain RECORD reader disagrees with the CSV reader")
    }
    for line in EggInfoRequires.requiresDist(text) {
        _ = try? Requirement(line)
    }
    _ = TopLevelNames.parse(text)
    return 0
}
