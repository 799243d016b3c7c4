import ZipArchive

/// Copies of a module that Python does not find: the same name in a place that is not on
/// `sys.path` (outside `python/`, another Python's `site-packages`, one folder too deep, a
/// name with backslashes), or in a searched folder with a suffix the interpreter does not
/// accept (an extension module built for another Python, CPU or OS).
package struct NearMiss: Equatable {
    /// Index into `LayerImage.sources`.
    package let source: Int
    /// The member that is the module's file (`requests/__init__.py`, `x.cpython-312-….so`).
    package let member: String
    /// The folder the name sits in, inside the archive (`requests/` at the root is ``).
    package let folder: String

    /// The near misses of the top-level name `name` in every archive of `image`, the first
    /// few places (one member each), in archive and entry order.
    ///
    /// - Parameter topLevel: whether `name` is a top-level name (for a submodule, only the
    ///   folders searched for it count: its package's).
    package static func find(
        _ name: String, in image: LayerImage, searchPath: [String], topLevel: Bool = true, limit: Int = 8
    ) -> [NearMiss] {
        var found: [NearMiss] = []
        var places = Set<String>()
        let searched = Set(searchPath)
        for (sourceIndex, source) in image.sources.enumerated() {
            for entry in source.archive.entries where entry.fileType == .regular {
                guard found.count < limit else { return found }
                // Backslashes are folder separators to the tool that wrote the name (Z003).
                let parts = entry.name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).map(String.init)
                guard let at = position(of: name, in: parts) else { continue }
                let folder = parts[..<at].joined(separator: "/")
                let absolute = source.root + folder
                let inSearchedFolder = searched.contains(folder.isEmpty ? String(absolute.dropLast()) : absolute)
                let isBackslashed = entry.name.contains("\\")
                if inSearchedFolder {
                    // Under a plain name, the resolution would have found it: only a suffix
                    // the interpreter does not accept (a tag) is a miss there.
                    guard isBackslashed || !acceptedShape(parts[at...]) else { continue }
                } else if !topLevel {
                    continue
                } else if !isBackslashed {
                    guard isNearPlace(folder, member: entry.name, isLayer: source.isLayer) else { continue }
                }
                guard places.insert("\(sourceIndex)\u{0}\(folder)").inserted else { continue }
                found.append(NearMiss(source: sourceIndex, member: entry.name, folder: folder))
            }
        }
        return found
    }

    /// Whether `folder` (inside an archive) is where someone meant Python to look: a folder
    /// of the layout mistakes L001-L003 name (the root, `site-packages/`, another Python's
    /// `site-packages`, `lib64/`, `build/python/`, a virtualenv), or the first level of the
    /// function package. A package vendored deeper (`botocore/vendored/requests/`) is not.
    private static func isNearPlace(_ folder: String, member: String, isLayer: Bool) -> Bool {
        let depth = folder.isEmpty ? 0 : folder.split(separator: "/").count
        guard isLayer else { return depth == 1 }
        switch PythonPlacement.classify(member) {
        case .outside: return depth <= 1
        case .versionedSitePackages, .lib64: return depth <= 4
        case .nested(let prefix, _):
            let rest = folder.dropFirst(max(0, prefix.count - 1)).split(separator: "/")
            return rest.isEmpty || (rest.count == 3 && rest[0] == "lib" && rest[2] == "site-packages")
        case .pythonRoot, nil: return false
        }
    }

    /// Where in `parts` the module `name` is: a folder `name` holding `__init__` or any
    /// Python file, or a file `name.py`, `name.pyc`, `name.<tag>.so`, `name.pyd`.
    private static func position(of name: String, in parts: [String]) -> Int? {
        guard let last = parts.last else { return nil }
        if parts.count >= 2, parts[parts.count - 2] == name || parts.dropLast().contains(name) {
            guard last.hasSuffix(".py") || last.hasSuffix(".so") || last.hasSuffix(".pyc") else { return nil }
            // The deepest folder of that name: `python/python/requests/` → the `requests` folder.
            return parts.dropLast().lastIndex(of: name)
        }
        let pieces = last.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count >= 2, pieces[0] == name, let suffix = pieces.last,
            ["py", "pyc", "so", "pyd"].contains(suffix), !(suffix == "pyc" && pieces.count > 2)
        else { return nil }
        return parts.count - 1
    }

    /// Whether the files from the module's part on have a shape Python imports as it is
    /// (so that a miss there comes from the suffix, which the resolution handled).
    private static func acceptedShape(_ parts: ArraySlice<String>) -> Bool {
        guard let first = parts.first else { return false }
        // A folder, or a module file without a platform tag.
        return parts.count > 1 || first.hasSuffix(".py")
            || (first.hasSuffix(".pyc") && first.split(separator: ".").count == 2)
    }
}
