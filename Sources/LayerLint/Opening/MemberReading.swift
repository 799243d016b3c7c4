import BinaryFormats
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
        for index in links {
            let target = try? archive.contents(of: entries[index], limit: linkLimit)
            contents.links.append((index, target.map { String(decoding: $0, as: UTF8.self) }))
        }
        for index in pth where PythonPlacement.isInSiteFolder(entries[index].name) {
            let text = try? archive.contents(of: entries[index], limit: pthLimit)
            contents.pthFiles.append((index, text.map { String(decoding: $0, as: UTF8.self) }))
        }
        let sourceless = bytecode.filter { !isInCacheFolder(entries[$0].name) }
        // Sourceless: imported from the .pyc itself when no .py is beside it.
        let names = sourceless.isEmpty ? [] : Set(entries.map(\.name))
        for index in sourceless where !names.contains(String(entries[index].name.dropLast())) {
            let prefix = try? archive.prefix(of: entries[index], count: 4)
            contents.sourcelessBytecode.append((index, prefix.flatMap(PythonBytecode.pythonVersion(ofPrefix:))))
        }
        return contents
    }

    /// Whether the file's folder is `__pycache__` (`pkg/__pycache__/m.cpython-311.pyc`).
    static func isInCacheFolder(_ name: String) -> Bool {
        let bytes = name.utf8
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return false }
        let folder = bytes[..<slash]
        let start = folder.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
        return folder[start...].elementsEqual("__pycache__".utf8)
    }
}
