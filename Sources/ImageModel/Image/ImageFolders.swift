extension LayerImage {
    /// The folders of the image that hold a file, for asking whether one does: answered by a
    /// search of the sorted file names, so no folder path is ever built (every folder of a
    /// 65,535-byte name of 32,767 parts would make a gigabyte of strings).
    package func folders() -> ImageFolders { ImageFolders(files: files) }

    /// Whether the image has a file at the absolute path `path`.
    package func hasFile(_ path: String) -> Bool { origin(of: path) != nil }
}

/// Every folder of an image that holds a file, directly or deeper, as an absolute path
/// without a trailing slash (`/opt/python/requests`, `/opt/python`, `/opt`).
package struct ImageFolders: Sendable {
    fileprivate let files: ImageFiles

    package func contains(_ folder: String) -> Bool {
        if folder == "/opt" { return files.layers.count > 0 }
        if folder == "/var/task" { return files.task.count > 0 }
        return files.anyOrigin(under: folder) != nil
    }
}
