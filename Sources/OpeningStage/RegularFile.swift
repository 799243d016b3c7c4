import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opening a file the user names (a description file, a configuration, a layer to hash)
/// only when it is a regular file: a FIFO would block the open until a writer comes and a
/// device may never end. The file is opened without blocking and checked on the open
/// descriptor, so nothing can be swapped in between the check and the read.
package enum RegularFile {
    /// Why a file cannot be read, as a phrase (`it cannot be opened`, `it is not a regular file`).
    package struct Failure: Error, Sendable {
        package let reason: String
    }

    /// A handle on the regular file at `path` (links followed), closed when released.
    package static func open(_ path: String) -> Result<FileHandle, Failure> {
        #if canImport(Glibc)
            let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        #elseif canImport(Musl)
            let descriptor = Musl.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        #elseif canImport(Darwin)
            let descriptor = Darwin.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        #endif
        guard descriptor >= 0 else { return .failure(Failure(reason: "it cannot be opened")) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return .failure(Failure(reason: "it is not a regular file"))
        }
        return .success(FileHandle(fileDescriptor: descriptor, closeOnDealloc: true))
    }
}
