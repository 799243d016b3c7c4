// libFuzzer entry point for the ZIP reader; built and run by scripts/fuzz-zip-reader.
//
// It is compiled into one module together with Sources/ZipArchive (not by SwiftPM), so
// it calls the reader's public API exactly as the linter does: open, list, then read
// the start and the whole of the first members under a small cap.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZipReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let archive = try? Archive(bytes: bytes, name: "fuzz-input") else { return 0 }
    // Members read before the local headers are (as check reads metadata) come out the same.
    let listed = try? Archive(centralDirectoryOf: bytes, name: "fuzz-input")
    let completed = listed?.readingLocalHeaders()
    precondition(completed?.entries == archive.entries, "the two-step opening disagrees")
    precondition(
        completed?.entries.map { completed?.dataOffset(of: $0) } == archive.entries.map(archive.dataOffset(of:)),
        "the two-step opening finds other data offsets")
    var total = 0
    for (index, entry) in archive.entries.prefix(32).enumerated() {
        if let early = listed?.entries[index] {
            let before = Result { () throws(ArchiveError) in try listed?.contents(of: early, limit: 1 << 20) ?? [] }
            let after = Result { () throws(ArchiveError) in try archive.contents(of: entry, limit: 1 << 20) }
            precondition(before == after, "a member read before the local headers differs")
        }
        total &+= entry.name.utf8.count &+ Int(entry.unixMode ?? 0) &+ entry.fileType.rawValue.count
        if let head = try? archive.prefix(of: entry, count: 64) {
            precondition(head.count <= 64, "prefix read returned more than asked")
        }
        if let body = try? archive.contents(of: entry, limit: 1 << 20) {
            precondition(UInt64(body.count) == entry.uncompressedSize, "full read disagrees with the declared size")
        }
    }
    for anomaly in archive.anomalies {
        total &+= anomaly.message.utf8.count
    }
    return total == Int.min ? 1 : 0
}
