import Foundation
import ImageModel
import ZipArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files a run was given (layers, files inside layer folders, the configuration in
/// effect, descriptions, baseline, catalog), by what they are on disk: device and inode,
/// so that a symbolic link, a hard link or another spelling of a path is the same input.
package struct ProtectedInputs: Sendable {
    private struct Identity: Hashable, Sendable {
        let device: UInt64
        let inode: UInt64

        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    /// Input files by identity: the path the user gave, and whether it is a folder that
    /// holds the file.
    private var files: [Identity: (given: String, insideFolder: Bool)] = [:]
    /// Folder inputs, resolved (`realpath`), with the path the user gave.
    private var folders: [(resolved: String, given: String)] = []

    /// Records `paths` (files or folders; missing ones are skipped: they cannot be lost).
    ///
    /// A folder's every file is recorded, links followed, up to `FolderListing.entryLimit`
    /// entries, so that a hard link to a file deep inside a layer folder is known.
    package init(_ paths: [String]) {
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0 else { continue }
            if (status.st_mode & S_IFMT) == S_IFDIR {
                if let resolved = Self.resolved(path) { folders.append((resolved, path)) }
                recordFolder(path)
            } else {
                files[Identity(status)] = (path, false)
            }
        }
    }

    private mutating func recordFolder(_ root: String) {
        var pending = [root]
        var seen = 0
        while let folder = pending.popLast() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names {
                seen += 1
                guard seen <= FolderListing.entryLimit else { return }
                let path = folder + "/" + name
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                if (status.st_mode & S_IFMT) == S_IFDIR {
                    pending.append(path)
                    continue
                }
                // A link inside the layer: both the link and what it points at are the layer's.
                if (status.st_mode & S_IFMT) == S_IFLNK, stat(path, &status) != 0 { continue }
                if (status.st_mode & S_IFMT) != S_IFDIR { files[Identity(status)] = (root, true) }
            }
        }
    }

    /// The input that the file at `path` is or lies in, if any: its own identity (links
    /// followed), or a folder input holding it.
    package func input(at path: String) -> (given: String, insideFolder: Bool)? {
        var status = stat()
        if stat(path, &status) == 0, let input = files[Identity(status)] { return input }
        let parent = (path as NSString).deletingLastPathComponent
        guard let resolvedParent = Self.resolved(parent.isEmpty ? "." : parent) else { return nil }
        let resolved = resolvedParent + "/" + (path as NSString).lastPathComponent
        return folders.first { resolved == $0.resolved || resolved.hasPrefix($0.resolved + "/") }.map { ($0.given, true) }
    }

    static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// A report, baseline or summary written to a file the user named.
///
/// Nothing is written through the name: the bytes go to a new file in the same folder,
/// which is renamed over the target only when every byte was written. A failed run leaves
/// no half-written file, and a link at the target is replaced, never written through, so
/// no other file changes. Before anything is written the target is refused when it is one
/// of the inputs (by device and inode) or lies inside a folder input, and when it is not a
/// regular file (a FIFO with no reader would block for ever, a directory cannot be one);
/// the standard output (`-`, `/dev/stdout`) and `/dev/null` are written to directly.
package struct OutputFile {
    /// Where the bytes go now: the new file, or descriptor 1.
    package let descriptor: Int32
    private let target: String
    /// The new file, renamed over `target` by `commit()`; nil when writing directly.
    private let temporary: [CChar]?

    /// Opens a new file to become `path`.
    ///
    /// - Parameters:
    ///   - option: how the user named it (`--output`, `--write-baseline`, `GITHUB_STEP_SUMMARY`).
    ///   - keeping: for an append, the bytes of the existing file are copied first, up to this
    ///     many (a larger file is refused).
    /// - Throws: `CheckError.outputIsAnInput` or `.cannotWriteOutput` naming the file.
    package init(
        path: String, option: String, protecting inputs: ProtectedInputs, keeping: Int? = nil
    ) throws(CheckError) {
        target = path
        var status = stat()
        let exists = stat(path, &status) == 0
        switch try Self.kind(of: path, option: option, protecting: inputs) {
        case .standardOutput:
            descriptor = 1
            temporary = nil
            return
        case .null:
            descriptor = open("/dev/null", O_WRONLY | O_CLOEXEC)
            temporary = nil
            return
        case .file:
            break
        }
        // The existing file's mode is kept; a new one gets 0666 less the umask, as a plain write would.
        let mask = umask(0)
        umask(mask)
        let mode = exists ? status.st_mode & 0o7777 : 0o666 & ~mask
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var template = Array(((folder.isEmpty ? "" : folder + "/") + "." + name + ".layerlint-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard created >= 0 else {
            throw .cannotWriteOutput(path: path, reason: Self.errorText(errno))
        }
        fchmod(created, mode)
        if let keeping, exists {
            var failure: String?
            if Int(status.st_size) > keeping {
                failure = "it is larger than \(keeping >> 20) MiB"
            } else if let previous = FileManager.default.contents(atPath: path) {
                failure = Self.write(Array(previous), to: created)
            } else {
                failure = "it cannot be read"
            }
            if let failure {
                close(created)
                unlink(template)
                throw .cannotWriteOutput(path: path, reason: failure)
            }
        }
        descriptor = created
        temporary = template
    }

    /// The new file's path until `commit()` renames it (`nil` when writing directly).
    package var temporaryPath: String? {
        temporary.map { String(decoding: $0.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    }

    /// Writes all of `bytes`.
    ///
    /// - Returns: why they could not all be written, or nil. A closed pipe on the standard
    ///   output is not a failure: its reader has all it wanted.
    package func write(_ bytes: [UInt8]) -> String? {
        Self.write(bytes, to: descriptor)
    }

    /// Puts the new file in place of the target (or finishes a direct write).
    ///
    /// - Parameter failure: a write failure met on the way: the new file is then removed
    ///   and the target left as it was.
    package func commit(after failure: String? = nil) throws(CheckError) {
        if let failure {
            discard()
            throw CheckError.cannotWriteOutput(path: target, reason: failure)
        }
        guard let temporary else {
            if descriptor != 1 { close(descriptor) }
            return
        }
        if close(descriptor) != 0 {
            let reason = Self.errorText(errno)
            unlink(temporary)
            throw .cannotWriteOutput(path: target, reason: reason)
        }
        if rename(temporary, target) != 0 {
            let reason = Self.errorText(errno)
            unlink(temporary)
            throw .cannotWriteOutput(path: target, reason: reason)
        }
    }

    /// Removes the new file; the target is left as it was.
    private func discard() {
        if descriptor != 1 { close(descriptor) }
        if let temporary { unlink(temporary) }
    }

    /// How a target is written: directly (the standard output, `/dev/null`) or as a file.
    private enum Kind { case standardOutput, null, file }

    /// Refuses a target that is an input, lies inside a folder input or is not a regular
    /// file, before any work is done.
    ///
    /// - Throws: `CheckError.outputIsAnInput` or `.cannotWriteOutput` naming the file.
    package static func check(path: String, option: String, protecting inputs: ProtectedInputs) throws(CheckError) {
        _ = try kind(of: path, option: option, protecting: inputs)
    }

    private static func kind(of path: String, option: String, protecting inputs: ProtectedInputs) throws(CheckError)
        -> Kind
    {
        var status = stat()
        let exists = stat(path, &status) == 0
        if path == "-" || (exists && isStandardOutput(status)) { return .standardOutput }
        if exists && (status.st_mode & S_IFMT) == S_IFCHR && isNull(status) { return .null }
        if let input = inputs.input(at: path) {
            throw .outputIsAnInput(path, option: option, input: input.given, insideFolder: input.insideFolder)
        }
        if exists && (status.st_mode & S_IFMT) != S_IFREG {
            throw .cannotWriteOutput(path: path, reason: FileKind.phrase(of: status.st_mode) + ", not a regular file")
        }
        return .file
    }

    private static func isStandardOutput(_ status: stat) -> Bool {
        var standard = stat()
        return fstat(1, &standard) == 0 && standard.st_dev == status.st_dev && standard.st_ino == status.st_ino
    }

    private static func isNull(_ status: stat) -> Bool {
        var null = stat()
        return stat("/dev/null", &null) == 0 && null.st_rdev == status.st_rdev
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }

    /// - Returns: why the bytes could not all be written, or nil.
    package static func write(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = systemWrite(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    // The reader closed the pipe: it has all it wanted, nothing is wrong.
                    if errno == EPIPE { return nil }
                    return errorText(errno)
                }
                offset += written
            }
            return nil
        }
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#elseif canImport(Musl)
    private let systemWrite = Musl.write
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
#endif
