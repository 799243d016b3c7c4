import Foundation

/// Writing to file descriptors, and the text of an `errno`: for the writers above the reader
/// (the ZIP writer's sink, `fix`'s private copy, the ELF cache), with no Foundation file API
/// (its atomic writes link glibc's `mktemp`, which the linker warns about).
package enum Descriptors {
    /// Writes all of `bytes` to `descriptor`.
    ///
    /// - Returns: why they could not all be written, or `nil`.
    package static func write(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withContiguousStorageIfAvailable { part in
                Foundation.write(descriptor, part.baseAddress, part.count)
            }
            guard let written else { return "the bytes are not contiguous" }
            if written < 0 {
                if errno == EINTR { continue }
                return errorText(errno)
            }
            offset += written
        }
        return nil
    }

    /// `no such file or directory` for ENOENT.
    package static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }

    /// Creates `path` (it must not exist: `O_EXCL`, never through a link), mode `mode`, and
    /// writes `bytes` to it.
    ///
    /// - Returns: why it could not be written, or `nil`.
    package static func create(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o600) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { return errorText(errno) }
        let failure = write(bytes, to: descriptor)
        let closed = close(descriptor)
        return failure ?? (closed == 0 ? nil : errorText(errno))
    }
}
