extension LayerImage {
    /// The search folder an absolute path sits in (the longest that holds it), as an
    /// absolute folder and as the member prefix inside its archive (`python/`).
    package func searchFolder(of absolutePath: String) -> (folder: String, member: String)? {
        var best: String?
        for folder in searchPath where absolutePath.hasPrefix(folder + "/") {
            if best.map({ folder.count > $0.count }) ?? true { best = folder }
        }
        guard let best else { return nil }
        let root = best.hasPrefix("/var/task") ? "/var/task/" : "/opt/"
        let member = best.count > root.count - 1 ? String((best + "/").dropFirst(root.count)) : ""
        return (best, member)
    }
}
