/// Which package a member of a layer belongs to: the first folder under the layer's Python
/// folder (`python/` or `python/lib/pythonX.Y/site-packages/`), or the member's top-level
/// folder elsewhere (`lib/` for `lib/libpq.so.5`). `inspect` totals sizes by it and the
/// native-binary rules group their evidence by it.
package enum PackagePath {
    /// How many leading bytes of a member name its package prefix has: `python/numpy/` for
    /// `python/numpy/core/x.so`, `lib/` for `lib/libpq.so.5`; the whole name for a file at
    /// the top of a folder (`python/six.py`).
    package static func prefixLength(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        endOfComponent(depth(of: bytes), in: bytes) ?? bytes.count
    }

    /// The package prefix of `name` (see `prefixLength`).
    package static func prefix(of name: String) -> String {
        var name = name
        return name.withUTF8 {
            String(decoding: UnsafeBufferPointer(rebasing: $0[..<prefixLength(of: $0)]), as: UTF8.self)
        }
    }

    /// The package's own name: `numpy` for `python/numpy/core/x.so`, `lib` for
    /// `lib/libpq.so.5`. A file at the top of a folder counts as that top-level folder's
    /// (`python` for `python/six.so`), so that loose files are grouped together.
    package static func name(of name: String) -> String {
        var name = name
        return name.withUTF8 { bytes in
            let depth = depth(of: bytes)
            guard let end = endOfComponent(depth, in: bytes) else {
                let slash = bytes.firstIndex(of: UInt8(ascii: "/")) ?? bytes.count
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<slash]), as: UTF8.self)
            }
            let start = depth == 1 ? 0 : (endOfComponent(depth - 1, in: bytes) ?? 0)
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(end - 1)]), as: UTF8.self)
        }
    }

    /// The folder holding a package's files as a finding names it: `python/numpy/`, or the
    /// top-level folder for a loose file (`python/` for `python/six.so`).
    package static func folder(of name: String) -> String {
        let prefix = prefix(of: name)
        if prefix.utf8.last == UInt8(ascii: "/") { return prefix }
        guard let slash = name.utf8.firstIndex(of: UInt8(ascii: "/")) else { return prefix }
        return String(name[...slash])
    }

    /// Which component holds the package: the first, the second under `python/`, the fifth
    /// under `python/lib/pythonX.Y/site-packages/`.
    private static func depth(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard bytes.holdsPrefix("python/") else { return 1 }
        if bytes.holds("lib/python", at: 7), let siteEnd = endOfComponent(4, in: bytes),
            bytes.holds("/site-packages/", at: siteEnd - 15)
        {
            return 5
        }
        return 2
    }

    /// The offset just past the `count`-th slash, or `nil`.
    private static func endOfComponent(_ count: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var seen = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "/") {
            seen += 1
            if seen == count { return index + 1 }
        }
        return nil
    }
}
