import BinaryFormats
import LambdaPlatform
import PythonPackaging
import PythonSource
import ZipArchive

/// What the import model knows of files without running them: hooks, unreadable files, binaries
/// that do not load on the target, and how names and statements are written.
extension ImportModel {

    /// The hook that provides `name` once its provider was imported (or a `.pth` file
    /// imported it at start-up).
    func providingHook(_ name: String) -> ImportHook? {
        hooks.first { hook in
            hook.provides(name)
                && (startupImports.contains(hook.provider)
                    || (modules[hook.provider].map { $0.failure == nil && !$0.isRunning } ?? false)
                    || modules[hook.provider]?.isRunning == true)
        }
    }

    /// Whether the function's user cannot read the file (its mode gives others no read).
    func isUnreadable(_ file: FileRef) -> Bool {
        let image = finder.image
        guard let origin = image.origin(of: image.sources[file.source].root + file.member) else { return false }
        return Entry.othersCannotRead(mode: image.entry(origin).unixMode)
    }

    /// Why a binary does not load on the target, or `nil` when it does.
    package func mismatch(of binary: NativeBinary) -> NativeMismatch? {
        if let mismatch = binary.formatMismatch(
            architecture: knowsArchitecture ? architecture.rawValue : nil, glibcCeiling: glibcCeiling)
        {
            return mismatch
        }
        return libraries?.problems(of: binary, in: finder.image).first.map(NativeMismatch.library)
    }

    /// Extension modules named `name` in the absolute `folder` that the target's Python
    /// does not load: tagged for another Python, CPU or OS (evidence of a module that is
    /// otherwise found nowhere).
    package func foreignFiles(_ name: String, in folder: String) -> [FileRef] {
        (extensionFiles[folder + "\u{0}" + name] ?? []).filter { file in
            let fileName = file.member.split(separator: "/").last.map(String.init) ?? file.member
            return !finder.suffixes.contains { $0.kind == .extensionModule && fileName == name + $0.suffix }
                || binaries[file].map { mismatch(of: $0) != nil } ?? false
        }
    }

    /// The foreign files of a module by its dotted name, in its parent's folders.
    func foreignFilesForModule(_ dotted: String) -> [FileRef] {
        let parts = dotted.split(separator: ".")
        guard let last = parts.last else { return [] }
        let folders: [String]
        if parts.count == 1 {
            folders = finder.topFolders
        } else {
            folders = modules[parts.dropLast().joined(separator: ".")]?.folders ?? []
        }
        return folders.flatMap { foreignFiles(String(last), in: $0) }
    }

    /// `/opt/python/pkg_resources/../setuptools/_vendor` → `/opt/python/setuptools/_vendor`.
    package static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == ".." {
                _ = parts.popLast()
            } else if part != "." {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `name` or `name as alias`.
    package static func written(_ name: ModuleScan.ImportedName) -> String {
        name.alias.map { "\(name.name) as \($0)" } ?? name.name
    }

    /// The statement as written, shortened: `from . import _imaging as core`.
    package static func text(of statement: ModuleScan.Statement) -> String {
        switch statement.kind {
        case .import(let names):
            return "import " + names.map(Self.written).joined(separator: ", ")
        case .importFrom(let module, let level, let names, let star):
            let listed = names.map(Self.written) + (star ? ["*"] : [])
            let shown =
                listed.count > 4 ? listed.prefix(4).joined(separator: ", ") + ", …" : listed.joined(separator: ", ")
            return "from \(String(repeating: ".", count: level))\(module) import \(shown)"
        case .assignment(_, _, let value), .expression(let value):
            return value.text
        default:
            return "line \(statement.line)"
        }
    }
}
