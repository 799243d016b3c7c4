import ZipArchive

/// Where a file that Python would import (or that describes an importable distribution)
/// sits in a layer, as the layout rules see it.
package enum PythonPlacement: Hashable, Sendable {
    /// `python/...`: on `sys.path` as `/opt/python`.
    case pythonRoot
    /// `python/lib/pythonX.Y/site-packages/...`: on `sys.path` for Python X.Y only.
    case versionedSitePackages(version: String)
    /// `python/lib64/...`: never on `sys.path`.
    case lib64
    /// One folder too deep: `build/python/...`, `python/python/...`, or a virtualenv copied
    /// whole (`python/venv/lib/python3.11/site-packages/...`). `prefix` is the folder that
    /// should have been the layer's root.
    case nested(prefix: String, kind: NestedKind)
    /// Anywhere else (`requests/...` or `site-packages/...` at the root): never imported.
    case outside(topLevel: String)

    package enum NestedKind: String, Sendable {
        case parentFolder = "parent-folder"
        case doublePython = "python-python"
        case virtualenv
    }

    /// Whether `name` is Python code or distribution metadata.
    ///
    /// A `.so` counts only with an extension-module tag (`.cpython-311-…`, `.abi3.`, `.pypy…`):
    /// plain shared libraries (`lib/libpq.so`) belong in `lib/`, which is on `LD_LIBRARY_PATH`.
    package static func isPythonContent(_ name: String) -> Bool {
        var name = name
        return name.withUTF8(isPythonContent)
    }

    /// `isPythonContent` over the name's UTF-8 bytes.
    package static func isPythonContent(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // ASCII case-insensitive suffix test, without building a lowercased copy.
        func hasSuffix(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard bytes.count >= count else { return false }
            let start = bytes.count - count
            return (0..<count).allSatisfy { (bytes[start + $0] | 0x20) == (suffix.utf8Start[$0] | 0x20) }
        }
        if hasSuffix(".so") {
            let file = (bytes.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
            return contains(".cpython-", in: bytes, from: file) || contains(".abi3.", in: bytes, from: file)
                || contains(".pypy", in: bytes, from: file)
        }
        if hasSuffix(".py") || hasSuffix(".pyc") || hasSuffix(".pyd") || hasSuffix(".pth") { return true }
        guard bytes.contains(UInt8(ascii: "-")) else { return false }
        return contains(".dist-info/", in: bytes, from: 0) || contains(".egg-info/", in: bytes, from: 0)
    }

    /// Whether `bytes[from...]` contains `needle` (lowercase ASCII), ignoring ASCII case, as
    /// `lowercased().contains(needle)` answers for the needles used here (none has a letter
    /// that is the lowercase of a non-ASCII letter other than the Kelvin sign's `k`).
    private static func contains(_ needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard bytes.count - from >= count else { return false }
        return (from...(bytes.count - count)).contains { start in
            (0..<count).allSatisfy {
                let byte = bytes[start + $0]
                return byte | (byte &- 0x41 < 26 ? 0x20 : 0) == needle.utf8Start[$0]
            }
        }
    }

    /// Top-level folders where Python files are expected and not imported from python/:
    /// executables, shared libraries' helpers and Lambda extensions.
    package static let otherPurposeFolders: Set<String> = ["bin", "extensions"]

    /// Classifies one entry name, or returns `nil` for files the layout rules ignore.
    package static func classify(_ name: String) -> PythonPlacement? {
        var bytes = name
        enum Quick { case notPython, pythonRoot, undecided }
        let quick = bytes.withUTF8 { bytes -> Quick in
            guard isPythonContent(bytes) else { return .notPython }
            // Fast path for the common layer: python/<package>/... where <package> is none of
            // the folders with a meaning of their own (python, lib, lib64, or a virtualenv's lib).
            guard bytes.holdsPrefix("python/"),
                let slash = bytes[7...].firstIndex(of: UInt8(ascii: "/"))
            else { return .undecided }
            let second = slash - 7
            let special =
                (second == 6 && bytes.holds("python", at: 7)) || (second == 3 && bytes.holds("lib", at: 7))
                || (second == 5 && bytes.holds("lib64", at: 7)) || bytes.holds("lib/", at: slash + 1)
            return special ? .undecided : .pythonRoot
        }
        switch quick {
        case .notPython: return nil
        case .pythonRoot: return .pythonRoot
        case .undecided: break
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 2 || parts.first.map(isPythonContent) == true else { return nil }
        let top = parts[0]
        if otherPurposeFolders.contains(top) { return nil }
        if top == "python" {
            if parts.count > 1 && parts[1] == "python" { return .nested(prefix: "python/python/", kind: .doublePython) }
            if parts.count > 1 && parts[1] == "lib64" { return .lib64 }
            if parts.count > 4, parts[1] == "lib", let version = pythonVersion(parts[2]), parts[3] == "site-packages" {
                return .versionedSitePackages(version: version)
            }
            // A virtualenv copied inside python/: python/<env>/lib/pythonX.Y/site-packages/...
            if parts.count > 5, parts[2] == "lib", pythonVersion(parts[3]) != nil, parts[4] == "site-packages" {
                return .nested(prefix: "python/\(parts[1])/", kind: .virtualenv)
            }
            return .pythonRoot
        }
        // python/ under another folder: build/python/..., layer/python/...
        if parts.count > 2 && parts[1] == "python" { return .nested(prefix: "\(top)/python/", kind: .parentFolder) }
        // A virtualenv at the root: venv/lib/pythonX.Y/site-packages/...
        if parts.count > 4, parts[1] == "lib", pythonVersion(parts[2]) != nil, parts[3] == "site-packages" {
            return .nested(prefix: "\(top)/", kind: .virtualenv)
        }
        return .outside(topLevel: parts.count == 1 ? top : top + "/")
    }

    /// `python/x.pth` or `python/lib/pythonX.Y/site-packages/x.pth`: a file directly in one
    /// of the folders whose `.pth` files Python processes at start-up.
    package static func isInSiteFolder(_ name: String) -> Bool {
        let parts = name.split(separator: "/")
        if parts.count == 2 && parts[0] == "python" { return true }
        return parts.count == 5 && parts[0] == "python" && parts[1] == "lib"
            && pythonVersion(String(parts[2])) != nil && parts[3] == "site-packages"
    }

    /// `python3.11` → `3.11`.
    package static func pythonVersion(_ folder: String) -> String? {
        guard folder.hasPrefix("python") else { return nil }
        let version = folder.dropFirst("python".count)
        let numbers = version.split(separator: ".")
        guard numbers.count == 2, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(version)
    }
}

/// The placements of one layer's Python files, grouped, with a count per group.
package struct LayerLayout: Sendable {
    package let archive: String
    /// Each placement with how many files have it and the first of them, in first-seen order.
    package let groups: [(placement: PythonPlacement, files: Int, example: String)]
    /// Top-level folders that belong to other runtimes (`nodejs/`, `ruby/`, `java/`).
    package let foreignRuntimeFolders: [String]

    package init(archive: String, entries: [Entry]) {
        var groups: [(placement: PythonPlacement, files: Int, example: String)] = []
        // Where each placement's group is: one lookup per file, however many groups
        // (150,000 top-level folders used to cost a search of every group per file).
        var positions: [PythonPlacement: Int] = [:]
        var foreign: [String] = []
        entries.forEachInPlace { entry in
            guard !entry.isDirectory else { return }
            // Unsafe and backslash names (Z002, Z003) have no meaningful place in the layer;
            // reporting them here as well would repeat one problem as another.
            guard EntryName.isExtractedInPlace(rawName: entry.rawName, name: entry.name) else { return }
            for folder: StaticString in ["nodejs/", "ruby/", "java/"]
            where entry.name.utf8HasPrefix(folder) && !foreign.contains(folder.description) {
                foreign.append(folder.description)
            }
            guard let placement = PythonPlacement.classify(entry.name) else { return }
            if let index = positions[placement] {
                groups[index].files += 1
            } else {
                positions[placement] = groups.count
                groups.append((placement, 1, entry.name))
            }
        }
        self.archive = archive
        self.groups = groups
        self.foreignRuntimeFolders = foreign
    }

    /// Whether anything would be importable by a Python function.
    package var hasImportablePython: Bool {
        groups.contains { group in
            switch group.placement {
            case .pythonRoot, .versionedSitePackages: return true
            default: return false
            }
        }
    }
}
