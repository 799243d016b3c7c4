import PythonPackaging
import PythonSource
import ZipArchive

/// The files of an image keyed by member name (the path under `/opt/` or `/var/task/`), so
/// that no absolute path is built per member; absolute paths are looked up without copying.
package struct ImageFiles: Sendable {
    package var layers = PathTable()
    package var task = PathTable()

    package func origin(of absolutePath: String) -> LayerImage.Origin? {
        guard let (table, member) = split(absolutePath) else { return nil }
        return table.value(prefix: member)
    }

    /// The origin of `relativePath` inside the absolute folder `folder`, without joining them.
    package func origin(of relativePath: Substring, in folder: String) -> LayerImage.Origin? {
        guard let (table, member) = split(folder + "/") else { return nil }
        return table.value(prefix: member, rest: relativePath)
    }

    /// The table holding the files under the absolute folder `folder`, and the folder's
    /// member path with a trailing slash (`python/`), for many lookups inside one folder.
    package func table(for folder: String) -> (table: PathTable, memberPrefix: [UInt8])? {
        split(folder + "/").map { ($0.0, Array($0.1.utf8)) }
    }

    /// Some file under the absolute folder `folder` (for a distribution folder without its
    /// metadata file), or `nil`.
    package func anyOrigin(under folder: String) -> LayerImage.Origin? {
        guard let (table, member) = split(folder + "/") else { return nil }
        return table.anyValue(withPrefix: member)
    }

    /// The table of the root an absolute path is under, and the path below that root.
    private func split(_ absolutePath: String) -> (PathTable, Substring)? {
        // Bytes, not Characters: a combining mark after the slash would join it into one.
        if absolutePath.utf8HasPrefix("/opt/") { return (layers, Substring(absolutePath.utf8.dropFirst(5))) }
        if absolutePath.utf8HasPrefix("/var/task/") { return (task, Substring(absolutePath.utf8.dropFirst(10))) }
        return nil
    }
}
