import Foundation
import ZipArchive

/// A copy of a layer in a private temporary folder, where `fix` makes its repairs: the input
/// is only read. Members are written under `layer/`; nothing is ever written outside the
/// folder, and links are not followed out of it (a link member becomes a copy of the file it
/// names inside the layer, as `zip` without `-y` would store it, or is left out).
package struct PrivateCopy {
    /// The private folder (mode 0700), removed by `discard()`.
    package let root: String
    /// Where the layer's members are.
    package var layer: String { root + "/layer" }
    /// What the copy could not keep (a link to nothing in the layer), for the report.
    package private(set) var notes: [String] = []

    /// At most this many bytes are written for a layer (Lambda unzips at most 250 MB).
    static let byteLimit: UInt64 = 1 << 30

    /// Makes the private folder, empty.
    package init(temporaryFolder: String) throws(FixError) {
        var template = Array((temporaryFolder + "/layerlint-fix-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard let made else {
            throw .cannotCopy(input: temporaryFolder, reason: "cannot make a temporary folder (\(Self.lastError()))")
        }
        root = String(cString: made)
        guard mkdir(root + "/layer", 0o755) == 0 else {
            throw .cannotCopy(input: root, reason: "cannot make a folder (\(Self.lastError()))")
        }
    }

    /// Removes the private folder and everything in it.
    package func discard() { try? FileManager.default.removeItem(atPath: root) }

    // MARK: Copying the input in

    /// Writes every member of `archive` (read from `input`) into `layer/`.
    package mutating func extract(_ archive: Archive, input: String) throws(FixError) {
        var total: UInt64 = 0
        var links: [(name: String, target: String)] = []
        for entry in archive.entries {
            let name = entry.name
            guard Self.isSafe(name) else { throw .cannotCopy(input: input, reason: "the member name \(name) is unsafe") }
            let (sum, overflow) = total.addingReportingOverflow(entry.uncompressedSize)
            guard !overflow, sum <= Self.byteLimit else {
                throw .cannotCopy(input: input, reason: "it unzips to more than \(Self.byteLimit >> 20) MiB")
            }
            total = sum
            let path = layer + "/" + (name.hasSuffix("/") ? String(name.dropLast()) : name)
            switch entry.fileType {
            case .directory:
                try makeFolders(path, input: input)
            case .symlink:
                let target = (try? archive.contents(of: entry, limit: 4096)).flatMap { String(bytes: $0, encoding: .utf8) }
                links.append((name, target ?? ""))
            default:
                try makeFolders((path as NSString).deletingLastPathComponent, input: input)
                let mode = entry.unixMode.map { (mode_t($0) & 0o777) | 0o600 } ?? 0o644
                try extract(entry, of: archive, to: path, mode: mode, input: input)
            }
        }
        try materialize(links, input: input)
    }

    /// Writes one member to `path`, inflated piece by piece (its size and CRC-32 checked at
    /// its end): memory held is one piece, whatever the member's size.
    private func extract(_ entry: Entry, of archive: Archive, to path: String, mode: mode_t, input: String)
        throws(FixError)
    {
        var status = stat()
        if lstat(path, &status) == 0 { remove(path) }  // a second member of the same name wins, as with unzip -o
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else {
            throw .cannotCopy(input: input, reason: "cannot write \(path) (\(Self.lastError()))")
        }
        defer { close(descriptor) }
        do {
            var stream = try archive.stream(of: entry)
            while !stream.isFinished {
                let piece = try stream.read(atMost: 1 << 20)
                if let failure = Descriptors.write(piece, to: descriptor) {
                    throw FixError.cannotCopy(input: input, reason: "cannot write \(path) (\(failure))")
                }
            }
        } catch let error as FixError {
            throw error
        } catch let error as ArchiveError {
            throw .cannotCopy(input: input, reason: "\(entry.name): \(error.description)")
        } catch {
            throw .cannotCopy(input: input, reason: "\(entry.name): \(error)")
        }
        fchmod(descriptor, mode)
        // The member's time, as Lambda's extraction (in UTC) gives it: bytecode compiled
        // against it stays valid (`alignBytecode`).
        if let seconds = Self.epochSeconds(entry.modified) {
            var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
            futimens(descriptor, &times)
        }
    }

    /// A DOS date and time read as UTC, as seconds since 1970; `nil` for an impossible date.
    static func epochSeconds(_ time: DOSDateTime) -> Int? {
        guard (1...12).contains(time.month), (1...31).contains(time.day), time.hour < 24, time.minute < 60 else {
            return nil
        }
        // Days from 1970-01-01 to the date (the proleptic Gregorian calendar, as timegm counts).
        var year = time.year
        let month = time.month
        if month <= 2 { year -= 1 }
        let era = year / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + time.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + time.hour * 3_600 + time.minute * 60 + time.second
    }

    /// The time every member of the repaired ZIP has: 1980-01-01 00:00:00, read as UTC.
    package static let zippedTime: UInt32 = 315_532_800

    /// Bytecode compiled against its source's time (a timestamp `.pyc`) is checked by Python
    /// against the source's modification time, which the repaired ZIP sets to `zippedTime`
    /// for every file. Each such `.pyc` under `python/` that is valid now (its recorded time
    /// and size are its source's) gets `zippedTime` as its recorded time, so that it stays
    /// valid on Lambda; one that is stale now stays stale. Hash-based `.pyc` need nothing.
    ///
    /// - Returns: how many were aligned.
    package func alignBytecode() -> Int {
        let root = layer + "/python"
        guard let walker = FileManager.default.enumerator(atPath: root) else { return 0 }
        var aligned = 0
        while let next = walker.nextObject() as? String {
            let parts = next.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[parts.count - 2] == "__pycache__", let file = parts.last,
                file.hasSuffix(".pyc"), let stem = file.split(separator: ".").first
            else { continue }
            let source = root + "/" + parts.dropLast(2).joined(separator: "/") + (parts.count > 2 ? "/" : "")
                + stem + ".py"
            var status = stat()
            guard lstat(source, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            let path = root + "/" + next
            let descriptor = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            var header = [UInt8](repeating: 0, count: 16)
            guard header.withUnsafeMutableBytes({ pread(descriptor, $0.baseAddress, 16, 0) }) == 16 else { continue }
            let word = { (at: Int) -> UInt32 in
                UInt32(header[at]) | UInt32(header[at + 1]) << 8 | UInt32(header[at + 2]) << 16 | UInt32(header[at + 3]) << 24
            }
            // Flags 0: timestamp-based (PEP 552); then the source's time and size, 32 bits each.
            guard word(4) == 0, word(8) == UInt32(truncatingIfNeeded: status.st_mtim.tv_sec),
                word(12) == UInt32(truncatingIfNeeded: status.st_size)
            else { continue }
            var time = Self.zippedTime.littleEndian
            if withUnsafeBytes(of: &time, { pwrite(descriptor, $0.baseAddress, 4, 8) }) == 4 { aligned += 1 }
        }
        return aligned
    }

    /// Copies the files and folders of the folder `input` into `layer/` (links as for a ZIP).
    package mutating func copyFolder(_ input: String) throws(FixError) {
        guard let walker = FileManager.default.enumerator(atPath: input) else {
            throw .cannotCopy(input: input, reason: "it cannot be listed")
        }
        var total: UInt64 = 0
        var links: [(name: String, target: String)] = []
        while let next = walker.nextObject() as? String {
            let source = input + "/" + next
            var status = stat()
            guard lstat(source, &status) == 0 else { continue }
            let path = layer + "/" + next
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                try makeFolders(path, input: input)
            case S_IFLNK:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: source)) ?? ""
                links.append((next, target))
            case S_IFREG:
                total += UInt64(status.st_size)
                guard total <= Self.byteLimit else {
                    throw .cannotCopy(input: input, reason: "it holds more than \(Self.byteLimit >> 20) MiB")
                }
                try makeFolders((path as NSString).deletingLastPathComponent, input: input)
                do {
                    try copyFile(source, to: path, mode: (status.st_mode & 0o777) | 0o600)
                } catch {
                    throw .cannotCopy(input: input, reason: "\(next) cannot be read")
                }
            default:
                notes.append("\(next) is not a file or folder: left out")
            }
        }
        try materialize(links, input: input)
    }

    /// Each link becomes a copy of the regular file it names inside the layer; others are
    /// left out, with a note.
    private mutating func materialize(_ links: [(name: String, target: String)], input: String) throws(FixError) {
        for (name, target) in links {
            let parent = name.split(separator: "/").dropLast().joined(separator: "/")
            let resolved = Self.normalized(target.hasPrefix("/") ? nil : (parent.isEmpty ? target : parent + "/" + target))
            var status = stat()
            guard let resolved, lstat(layer + "/" + resolved, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
                access(layer + "/" + resolved, R_OK) == 0
            else {
                notes.append("the link \(name) -> \(target) names no file inside the layer: left out")
                continue
            }
            try makeFolders(layer + "/" + parent, input: input)
            do {
                try copyFile(layer + "/" + resolved, to: layer + "/" + name, mode: status.st_mode & 0o777)
            } catch {
                throw .cannotCopy(input: input, reason: error.description)
            }
        }
    }

    // MARK: The steps' file operations (paths are members of the layer)

    /// The absolute path of `member`, refused when it could leave the layer.
    func path(_ member: String) throws(FixError) -> String {
        guard Self.isSafe(member) else {
            throw .step(number: 0, what: "a path", reason: "\(member) is not a path inside the layer")
        }
        return member == "." ? layer : layer + "/" + member
    }

    /// Whether a member exists (a link counts as itself).
    func exists(_ member: String) -> Bool {
        var status = stat()
        return (try? path(member)).map { lstat($0, &status) == 0 } ?? false
    }

    /// Copies the file or folder at `source` (absolute) to `destination` (absolute), merged
    /// with a folder already there; a file in the way of a folder is replaced.
    func copyTree(_ source: String, to destination: String) throws(FixError) {
        var status = stat()
        guard lstat(source, &status) == 0 else { throw Self.failure("copy", source, "it does not exist") }
        if status.st_mode & S_IFMT != S_IFDIR {
            try copyFile(source, to: destination, mode: status.st_mode & 0o777)
            return
        }
        try makeFolder(destination)
        guard let walker = FileManager.default.enumerator(atPath: source) else {
            throw Self.failure("copy", source, "it cannot be listed")
        }
        while let next = walker.nextObject() as? String {
            var inner = stat()
            guard lstat(source + "/" + next, &inner) == 0 else { continue }
            if inner.st_mode & S_IFMT == S_IFDIR {
                try makeFolder(destination + "/" + next)
            } else if inner.st_mode & S_IFMT == S_IFREG {
                try copyFile(source + "/" + next, to: destination + "/" + next, mode: inner.st_mode & 0o777)
            }
        }
    }

    /// Copies a regular file (Foundation copies it in pieces); one already there is replaced.
    private func copyFile(_ source: String, to destination: String, mode: mode_t) throws(FixError) {
        var status = stat()
        if lstat(destination, &status) == 0 { remove(destination) }
        do {
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        } catch {
            throw Self.failure("copy", source, error.localizedDescription)
        }
        chmod(destination, mode)
        // The source's modification time goes with it (bytecode is checked against it).
        var original = stat()
        if stat(source, &original) == 0 {
            var times = [original.st_atim, original.st_mtim]
            utimensat(AT_FDCWD, destination, &times, 0)
        }
    }

    /// Makes a folder (and its parents); a file in its way is removed first.
    func makeFolder(_ path: String) throws(FixError) {
        var status = stat()
        if lstat(path, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFDIR { return }
            remove(path)
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw Self.failure("make", path, error.localizedDescription)
        }
    }

    /// Removes a file or folder (absolute), whatever is in it.
    func remove(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Applies a symbolic `chmod` mode (`o+rX`, `a+x`) to `path`, and below it when `recursive`.
    func changeMode(_ mode: String, of path: String, recursive: Bool) {
        var paths = [path]
        if recursive, let walker = FileManager.default.enumerator(atPath: path) {
            while let next = walker.nextObject() as? String { paths.append(path + "/" + next) }
        }
        for item in paths {
            var status = stat()
            guard lstat(item, &status) == 0, status.st_mode & S_IFMT != S_IFLNK else { continue }
            chmod(item, Self.applying(mode, to: status.st_mode))
        }
    }

    /// The permission bits of `mode` after a symbolic change: who (`u`, `g`, `o`, `a`), `+`,
    /// and what (`r`, `w`, `x`, and `X`: execute for folders and files someone may execute).
    static func applying(_ change: String, to mode: mode_t) -> mode_t {
        let parts = change.split(separator: "+", maxSplits: 1)
        guard parts.count == 2 else { return mode & 0o7777 }
        let isFolder = mode & S_IFMT == S_IFDIR
        var bits: mode_t = 0
        for letter in parts[1] {
            switch letter {
            case "r": bits |= 0o4
            case "w": bits |= 0o2
            case "x": bits |= 0o1
            case "X": if isFolder || mode & 0o111 != 0 { bits |= 0o1 }
            default: break
            }
        }
        var added: mode_t = 0
        for who in parts[0] {
            switch who {
            case "u": added |= bits << 6
            case "g": added |= bits << 3
            case "o": added |= bits
            case "a": added |= bits << 6 | bits << 3 | bits
            default: break
            }
        }
        return (mode & 0o7777) | added
    }

    /// Removes the cached bytecode with `tag` (`cpython-311`) under `folder`.
    func removeBytecode(tag: String, under folder: String) {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return }
        var doomed: [String] = []
        while let next = walker.nextObject() as? String {
            let parts = next.split(separator: "/")
            guard parts.count >= 2, parts[parts.count - 2] == "__pycache__", let file = parts.last,
                file.hasSuffix(".pyc")
            else { continue }
            if file.hasSuffix("." + tag + ".pyc") || file.contains("." + tag + ".opt-") { doomed.append(next) }
        }
        for item in doomed { remove(folder + "/" + item) }
    }

    /// Removes every `__pycache__` folder under `folder`.
    package func removeCaches(under folder: String) {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return }
        var doomed: [String] = []
        while let next = walker.nextObject() as? String {
            if next.hasSuffix("/__pycache__") || next == "__pycache__" { doomed.append(next) }
        }
        for item in doomed { remove(folder + "/" + item) }
    }

    // MARK: Zipping the result

    /// Writes `layer/` as a ZIP to the file open at `descriptor`: names in byte order,
    /// folders included, fixed timestamps, 0755 for folders and files anyone may execute,
    /// else 0644. Files are read and deflated piece by piece.
    package func zip(to descriptor: Int32) throws(FixError) {
        guard let walker = FileManager.default.enumerator(atPath: layer) else {
            throw .cannotZip(reason: "the private copy cannot be listed")
        }
        var names: [String] = []
        while let next = walker.nextObject() as? String { names.append(next) }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var writer = ZipWriter(
            sink: { Descriptors.write($0, to: descriptor) },
            patch: { offset, bytes in
                let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
                return written == bytes.count ? nil : Descriptors.errorText(errno)
            })
        do {
            for name in names {
                var status = stat()
                guard lstat(layer + "/" + name, &status) == 0 else { continue }
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    try writer.addFolder(name)
                case S_IFREG:
                    guard let handle = FileHandle(forReadingAtPath: layer + "/" + name) else {
                        throw FixError.cannotZip(reason: "\(name) cannot be read")
                    }
                    defer { try? handle.close() }
                    try writer.addFile(name, executable: status.st_mode & 0o111 != 0) {
                        Array(try handle.read(upToCount: 1 << 20) ?? Data())
                    }
                default:
                    continue
                }
            }
            try writer.finish()
        } catch let error as FixError {
            throw error
        } catch {
            throw .cannotZip(reason: "\(error)")
        }
    }

    // MARK: Helpers

    private func makeFolders(_ path: String, input: String) throws(FixError) {
        do {
            try makeFolder(path)
        } catch {
            throw .cannotCopy(input: input, reason: error.description)
        }
    }

    /// A relative path with no empty, `.` or `..` part (`.` alone is the layer itself).
    static func isSafe(_ member: String) -> Bool {
        if member == "." { return true }
        let trimmed = member.hasSuffix("/") ? member.dropLast() : Substring(member)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("/"), !trimmed.utf8.contains(0) else { return false }
        return !trimmed.split(separator: "/", omittingEmptySubsequences: false).contains {
            $0.isEmpty || $0 == "." || $0 == ".."
        }
    }

    /// `a/b/../c` → `a/c`; `nil` when it climbs above the layer.
    static func normalized(_ path: String?) -> String? {
        guard let path else { return nil }
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    static func failure(_ verb: String, _ path: String, _ reason: String) -> FixError {
        .step(number: 0, what: "\(verb) \(path)", reason: reason)
    }

    static func lastError() -> String { Descriptors.errorText(errno) }
}
