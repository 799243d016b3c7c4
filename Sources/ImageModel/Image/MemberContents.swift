import ZipArchive

/// The few small members of a layer that rules read, read by the opening stage so that no
/// rule reads a file: the targets of symbolic links (Z005), `.pth` files where Python
/// processes them (L004), and the header of compiled bytecode that has no source beside it
/// (L006). Each list is in entry order.
package struct MemberContents: Sendable {
    /// Symbolic links: the entry index and the link's target, `nil` when it cannot be read.
    package var links: [(index: Int, target: String?)] = []
    /// `.pth` files in a site folder: the entry index and the text, `nil` when unreadable.
    package var pthFiles: [(index: Int, text: String?)] = []
    /// `.pyc` files outside `__pycache__` with no `.py` beside them: the entry index and
    /// the Python version their magic number names, `nil` when unreadable or unknown.
    package var sourcelessBytecode: [(index: Int, pythonVersion: String?)] = []
    /// Members whose data these reads found corrupt (Z001).
    package var corrupt: [CorruptMember] = []

    /// The most of a link target that is read (Linux's `PATH_MAX`).
    package static let linkLimit = Limits.linkTargetBytes
    /// The most of a `.pth` file that is read.
    package static let pthLimit = Limits.pthFileBytes

    /// Whether the file's folder is `__pycache__` (`pkg/__pycache__/m.cpython-311.pyc`).
    package static func isInCacheFolder(_ name: String) -> Bool {
        let bytes = name.utf8
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return false }
        let folder = bytes[..<slash]
        let start = folder.lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
        return folder[start...].elementsEqual("__pycache__".utf8)
    }

    package init(
        links: [(index: Int, target: String?)] = [], pthFiles: [(index: Int, text: String?)] = [],
        sourcelessBytecode: [(index: Int, pythonVersion: String?)] = [], corrupt: [CorruptMember] = []
    ) {
        self.links = links
        self.pthFiles = pthFiles
        self.sourcelessBytecode = sourcelessBytecode
        self.corrupt = corrupt
    }
}

/// A member whose data cannot be read back: invalid or cut-off deflate data, or a size or
/// CRC-32 other than the central directory's (`ArchiveError.isCorruptData`). Found by
/// `--verify`, which reads every member, or by the reads the opening stage makes anyway.
package struct CorruptMember: Sendable {
    /// The index of the entry in its archive.
    package let index: Int
    package let error: ArchiveError

    package init(index: Int, error: ArchiveError) {
        self.index = index
        self.error = error
    }
}
