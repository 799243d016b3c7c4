import ZipArchive

/// The few small members of a layer that rules read, read by the opening stage so that no
/// rule reads a file: the targets of symbolic links (Z005), `.pth` files where Python
/// processes them (L004), and the header of compiled bytecode that has no source beside it
/// (L006). Each list is in entry order.
struct MemberContents: Sendable {
    /// Symbolic links: the entry index and the link's target, `nil` when it cannot be read.
    var links: [(index: Int, target: String?)] = []
    /// `.pth` files in a site folder: the entry index and the text, `nil` when unreadable.
    var pthFiles: [(index: Int, text: String?)] = []
    /// `.pyc` files outside `__pycache__` with no `.py` beside them: the entry index and
    /// the Python version their magic number names, `nil` when unreadable or unknown.
    var sourcelessBytecode: [(index: Int, pythonVersion: String?)] = []
    /// Members whose data these reads found corrupt (Z001).
    var corrupt: [CorruptMember] = []

    /// The most of a link target that is read (Linux's `PATH_MAX`).
    static let linkLimit = 4096
    /// The most of a `.pth` file that is read.
    static let pthLimit = 1 << 16
}

/// A member whose data cannot be read back: invalid or cut-off deflate data, or a size or
/// CRC-32 other than the central directory's (`ArchiveError.isCorruptData`). Found by
/// `--verify`, which reads every member, or by the reads the opening stage makes anyway.
struct CorruptMember: Sendable {
    /// The index of the entry in its archive.
    let index: Int
    let error: ArchiveError
}
