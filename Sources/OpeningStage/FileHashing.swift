import Foundation
import LambdaPlatform

extension FileDigest {
    /// Hashes the file at `path` in chunks, so memory stays bounded for any size.
    ///
    /// - Throws: `LambdaConfigError.unreadable` naming the file.
    static func sha256(ofFileAt path: String) throws(LambdaConfigError) -> FileDigest {
        // A FIFO would block the open and a device never ends: only regular files are hashed.
        let handle: FileHandle
        switch RegularFile.open(path) {
        case .success(let opened): handle = opened
        case .failure(let failure): throw .unreadable(file: path, reason: failure.reason)
        }
        var hasher = FileDigest.Hasher()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(chunk)
            }
        } catch {
            throw .unreadable(file: path, reason: error.localizedDescription)
        }
        return hasher.finalize()
    }
}
