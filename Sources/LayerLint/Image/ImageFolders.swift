extension LayerImage {
    /// Every folder of the image that holds a file, as an absolute path without a trailing
    /// slash (`/opt/python/requests`, `/opt/python`, `/opt`). One pass over the image's
    /// files on each call, for a command that asks many questions of one image (`why`).
    func folders() -> Set<String> {
        var folders = Set<String>()
        for (root, table) in [("/opt/", files.layers), ("/var/task/", files.task)] {
            if table.count > 0 { folders.insert(String(root.dropLast())) }
            for (name, _) in table.elements {
                var end = name.utf8.lastIndex(of: UInt8(ascii: "/"))
                while let slash = end {
                    let folder = root + String(name[..<slash])
                    guard folders.insert(folder).inserted else { break }
                    end = name.utf8[..<slash].lastIndex(of: UInt8(ascii: "/"))
                }
            }
        }
        return folders
    }

    /// Whether the image has a file at the absolute path `path`.
    func hasFile(_ path: String) -> Bool { origin(of: path) != nil }
}
