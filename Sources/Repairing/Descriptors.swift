import Foundation

/// Writing to file descriptors, and the text of an `errno`.
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
}
