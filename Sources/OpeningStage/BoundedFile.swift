import Foundation
import LambdaPlatform

/// Reads a small file the user names (a configuration, a baseline) with a size cap, so that
/// `/dev/zero` or a huge file is an error, not an unbounded read.
package enum BoundedFile {
    /// The file's bytes, or why they cannot be had (`it cannot be opened`, `it is larger than 1 MiB`).
    package static func read(_ path: String, limit: Int) -> Result<Data, BoundedFileError> {
        let handle: FileHandle
        switch RegularFile.open(path) {
        case .success(let opened): handle = opened
        case .failure(let failure): return .failure(.init(failure.reason))
        }
        let data: Data
        do {
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            return .failure(.init(error.localizedDescription))
        }
        guard data.count <= limit else { return .failure(.init("it is larger than \(limit >> 20) MiB")) }
        return .success(data)
    }
}

/// Why a bounded read failed, as a phrase.
package struct BoundedFileError: Error {
    package let reason: String
    init(_ reason: String) { self.reason = reason }
}
