#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An unzipped build folder listed as the archive `zip -r` would make of it, so that every
/// reader of archives (and every rule) works on it unchanged: one entry per folder, file and
/// symbolic link below it (names relative to it, folders with a trailing slash, children in
/// byte order after their folder), with the Unix mode and size from `lstat` and the
/// modification time as a local DOS time. Symbolic links are not followed; their data is
/// their target. Special files (FIFOs, sockets, devices) are never opened: they are listed
/// in `specialFiles` and left out, as `zip -r` leaves them out.
///
/// Nothing is written and no file is read until a member is asked for; member data is then
/// read from the file itself, and a file whose size changed since the listing is a corrupt
/// member, as a ZIP member whose data disagrees with its header is.
public struct FolderListing: Sendable {
    /// The folder as given.
    public let root: String
    /// Paths (relative) of the special files left out.
    public let specialFiles: [String]

    /// The most entries and the deepest nesting listed: a build folder holds thousands of
    /// files (the largest real layers, about 20,000) and a few dozen levels; past these the
    /// folder is refused, not walked for ever (`check /` would list the whole machine).
    public static let entryLimit = 200_000
    public static let depthLimit = 256
}

extension Archive {
    /// Lists the folder at `path` (see `FolderListing`).
    ///
    /// - Throws: `ArchiveError.cannotOpen` when the folder cannot be read, or holds more
    ///   than `FolderListing.entryLimit` entries or deeper nesting than `depthLimit`.
    public init(folderAt path: String) throws(ArchiveError) {
        var entries: [Entry] = []
        var special: [String] = []
        var total: UInt64 = 0
        // Folders still to list: their path below the root as bytes (empty for the root), and depth.
        var pending: [([UInt8], Int)] = [([], 0)]
        let root = Array(path.utf8)
        while let (folder, depth) = pending.popLast() {
            let absolute = folder.isEmpty ? root : root + [UInt8(ascii: "/")] + folder
            guard let handle = absolute.withNulTerminated({ opendir($0) }) else {
                if folder.isEmpty { throw .cannotOpen(path: path, reason: systemErrorDescription(errno)) }
                continue  // an unreadable subfolder: listed, its contents unknown (P002 tells why)
            }
            var children: [[UInt8]] = []
            while let item = readdir(handle) {
                // The name is read in place up to its NUL: a `dirent` is only as long as its
                // name needs (d_reclen), so copying the whole fixed-size field would read past it.
                let start = UnsafeRawPointer(item) + direntNameOffset
                let name = Array(UnsafeRawBufferPointer(start: start, count: strlen(start.assumingMemoryBound(to: CChar.self))))
                if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
                // One folder of millions of names is refused before they are all held.
                guard entries.count + children.count < FolderListing.entryLimit else {
                    closedir(handle)
                    throw .cannotOpen(path: path, reason: "it holds more than \(FolderListing.entryLimit) entries")
                }
                children.append(name)
            }
            closedir(handle)
            // Byte order, so that a listing does not depend on the file system's.
            children.sort { $0.lexicographicallyPrecedes($1) }
            var subfolders: [[UInt8]] = []
            for child in children {
                let relative = folder.isEmpty ? child : folder + [UInt8(ascii: "/")] + child
                var status = stat()
                let full = root + [UInt8(ascii: "/")] + relative
                guard full.withNulTerminated({ lstat($0, &status) }) == 0 else { continue }
                let type = status.st_mode & S_IFMT
                let mode = UInt32(status.st_mode & 0o7777)
                let size: UInt64
                let name: [UInt8]
                switch type {
                case S_IFDIR:
                    guard depth + 1 < FolderListing.depthLimit else {
                        throw .cannotOpen(
                            path: path, reason: "it nests folders deeper than \(FolderListing.depthLimit) levels")
                    }
                    name = relative + [UInt8(ascii: "/")]
                    size = 0
                    subfolders.append(relative)
                case S_IFREG:
                    name = relative
                    size = UInt64(max(0, status.st_size))
                case S_IFLNK:
                    name = relative
                    size = UInt64(max(0, status.st_size))  // the length of the link's target
                default:
                    special.append(String(decoding: relative, as: UTF8.self))
                    continue
                }
                guard entries.count < FolderListing.entryLimit else {
                    throw .cannotOpen(path: path, reason: "it holds more than \(FolderListing.entryLimit) entries")
                }
                total &+= size
                entries.append(
                    Entry.inFolder(
                        index: entries.count, name: name, unixMode: UInt32(type) | mode, size: size,
                        modified: DOSDateTime(unixTime: Int(status.st_mtim.tv_sec))))
            }
            // Popped last-first: push in reverse so that folders are listed in byte order.
            for subfolder in subfolders.reversed() { pending.append((subfolder, depth + 1)) }
        }
        self.init(folder: FolderListing(root: path, specialFiles: special), entries: entries, totalSize: total)
    }

    /// Whether this is a folder listed as an archive, not a ZIP.
    public var isFolder: Bool { folder != nil }

    /// For a folder: the special files (FIFOs, sockets, devices) left out of the listing.
    public var folderSpecialFiles: [String] { folder?.specialFiles ?? [] }

    /// The path of a member of a folder archive, as the bytes on disk: a name that is not
    /// UTF-8 (`caf\xe9`) is reopened by its own bytes, never by its decoded, lossy text.
    func folderPath(of entry: Entry) -> [UInt8]? {
        folder.map { Array($0.root.utf8) + [UInt8(ascii: "/")] + entry.rawName }
    }

    /// The data of a member of a folder archive, at most `atMost` bytes: a file's bytes, a
    /// link's target.
    func folderData(of entry: Entry, atMost: Int?) throws(ArchiveError) -> [UInt8] {
        guard let path = folderPath(of: entry) else { return [] }
        if entry.fileType == .symlink {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = path.withNulTerminated { readlink($0, &buffer, buffer.count) }
            guard count >= 0 else {
                throw .corruptEntry(
                    name: entry.name, reason: "its link cannot be read: \(systemErrorDescription(errno))")
            }
            return Array(buffer.prefix(min(count, atMost ?? Int.max)))
        }
        return try folderStorage(of: entry).copy(at: 0, count: min(Int(entry.uncompressedSize), atMost ?? Int.max))
    }

    /// The storage of a folder member's file, for reading or streaming it. A file that is no
    /// longer a regular file, or whose size changed since the listing, is corrupt.
    func folderStorage(of entry: Entry) throws(ArchiveError) -> ByteStorage {
        guard let path = folderPath(of: entry) else { return ByteStorage(copying: [UInt8]()) }
        if entry.fileType == .symlink { return ByteStorage(copying: try folderData(of: entry, atMost: nil)) }
        var status = stat()
        guard path.withNulTerminated({ lstat($0, &status) }) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw .corruptEntry(name: entry.name, reason: "it is no longer a regular file")
        }
        guard UInt64(max(0, status.st_size)) == entry.uncompressedSize else {
            throw .corruptEntry(
                name: entry.name, reason: "its size changed from \(entry.uncompressedSize) bytes while it was read")
        }
        return try path.withNulTerminated { cPath throws(ArchiveError) in
            try ByteStorage.load(cPath: cPath, shownAs: self.path + "/" + entry.name)
        }
    }
}

extension Entry {
    /// An entry for a file of a listed folder: made on Unix, stored, UTF-8 names.
    static func inFolder(index: Int, name: [UInt8], unixMode: UInt32, size: UInt64, modified: DOSDateTime) -> Entry {
        Entry(
            index: index, rawName: name, name: String(decoding: name, as: UTF8.self), versionMadeBy: 3 << 8 | 30,
            versionNeeded: 20, flags: 0x0800, method: CompressionMethod.stored, crc32: 0, compressedSize: size,
            uncompressedSize: size, localHeaderOffset: 0, internalAttributes: 0, externalAttributes: unixMode << 16,
            modified: modified, extraField: [], comment: [])
    }
}

extension DOSDateTime {
    /// The local time of a Unix timestamp, clamped to what DOS dates hold (1980-2107).
    init(unixTime: Int) {
        var seconds = time_t(unixTime)
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else {
            self.init(date: 0x21, time: 0)
            return
        }
        let year = min(max(Int(parts.tm_year) + 1900, 1980), 2107)
        let date = UInt16(year - 1980) << 9 | UInt16(parts.tm_mon + 1) << 5 | UInt16(parts.tm_mday)
        let time = UInt16(parts.tm_hour) << 11 | UInt16(parts.tm_min) << 5 | UInt16(parts.tm_sec / 2)
        self.init(date: date, time: time)
    }
}

/// Where a `dirent`'s name starts.
private let direntNameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 0

extension [UInt8] {
    /// Calls `body` with the bytes as a NUL-terminated C string.
    fileprivate func withNulTerminated<T, E: Error>(_ body: (UnsafePointer<CChar>) throws(E) -> T) throws(E) -> T {
        let characters = map { CChar(bitPattern: $0) } + [0]
        let result: Result<T, E> = characters.withUnsafeBufferPointer { buffer in
            // Never nil: the buffer holds at least the NUL.
            guard let base = buffer.baseAddress else { preconditionFailure("a NUL-terminated buffer is never empty") }
            return Result { () throws(E) in try body(base) }
        }
        return try result.get()
    }
}
