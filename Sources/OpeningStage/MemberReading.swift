import BinaryFormats
import ImageModel
import ZipArchive

extension MemberContents {
    /// Reads the members of `archive` that `MemberContents` holds: a few small reads, none
    /// for most layers.
    static func read(_ archive: Archive) -> MemberContents {
        var contents = MemberContents()
        let entries = archive.entries
        let links = entries.indices(where: { $0.fileType == .symlink })
        let pth = entries.indices(where: { !$0.isDirectory && $0.name.utf8HasSuffix(".pth") })
        let bytecode = entries.indices(where: { !$0.isDirectory && $0.name.utf8HasSuffix(".pyc") })
        /// The member's bytes, or `nil` with a data error kept for Z001.
        func read(_ index: Int, limit: Int) -> [UInt8]? {
            do {
                return try archive.contents(of: entries[index], limit: limit)
            } catch {
                if error.isCorruptData { contents.corrupt.append(CorruptMember(index: index, error: error)) }
                return nil
            }
        }
        for index in links {
            let target = read(index, limit: linkLimit)
            contents.links.append((index, target.map { String(decoding: $0, as: UTF8.self) }))
        }
        for index in pth where PythonPlacement.isInSiteFolder(entries[index].name) {
            let text = read(index, limit: pthLimit)
            contents.pthFiles.append((index, text.map { String(decoding: $0, as: UTF8.self) }))
        }
        let sourceless = bytecode.filter { !isInCacheFolder(entries[$0].name) }
        // Sourceless: imported from the .pyc itself when no .py is beside it.
        let names = sourceless.isEmpty ? [] : Set(entries.map(\.name))
        for index in sourceless where !names.contains(String(entries[index].name.dropLast())) {
            let prefix: [UInt8]?
            do {
                prefix = try archive.prefix(of: entries[index], count: 4)
            } catch {
                if error.isCorruptData { contents.corrupt.append(CorruptMember(index: index, error: error)) }
                prefix = nil
            }
            contents.sourcelessBytecode.append((index, prefix.flatMap(PythonBytecode.pythonVersion(ofPrefix:))))
        }
        return contents
    }

    /// Every member of `archive` read to its end (`--verify`), in parallel chunks: those
    /// whose data is corrupt, in entry order.
    static func verify(_ archive: Archive) -> [CorruptMember] {
        let entries = archive.entries
        let candidates = entries.indices(where: { !$0.isDirectory })
        let chunk = 256
        let chunks = (candidates.count + chunk - 1) / chunk
        let perChunk = Parallel.map(count: chunks, threshold: 2) { part -> [CorruptMember] in
            var corrupt: [CorruptMember] = []
            for index in candidates[(part * chunk)..<min(candidates.count, (part + 1) * chunk)] {
                do throws(ArchiveError) {
                    try archive.verifyData(of: entries[index])
                } catch {
                    if error.isCorruptData { corrupt.append(CorruptMember(index: index, error: error)) }
                }
            }
            return corrupt
        }
        return perChunk.flatMap { $0 }
    }
}
