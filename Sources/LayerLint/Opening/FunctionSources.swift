import LambdaPlatform
import PythonSource
import ZipArchive

/// The function's own Python code, read by the opening stage for F001 and F002: every `.py`
/// file of the function package that no distribution's RECORD lists (the packages pip put
/// there are the dependency rules' business), with its module name.
struct FunctionSource: Sendable {
    /// The member path (`app/handlers.py`).
    let path: String
    /// The dotted module name it is imported as from `/var/task` (`app.handlers`;
    /// `app` for `app/__init__.py`).
    let module: String
    /// Whether it is a package's `__init__.py`.
    let isPackage: Bool
    /// Where it is: the image's source (the function package) and the member's entry index.
    let origin: LayerImage.Origin

    /// The most of one file that is read, the most files, and the most bytes of them all: a
    /// function's own code is small; past these, the rest is left unread.
    static let byteLimit = Limits.functionSourceBytes
    static let fileLimit = Limits.functionSourceFiles
    static let totalByteLimit = Limits.functionSourceTotalBytes

    /// The text, read now (sources are read when a rule needs one and released after, never
    /// all held at once), or `nil` when the member cannot be read (too large, corrupt).
    func text(in image: LayerImage) -> String? {
        LayerOpening.sourceText(of: origin, in: image)
    }

    /// The function's own `.py` files in `image` (its function package is the source rooted
    /// at `/var/task/`), in entry order; none without a function package.
    static func read(from image: LayerImage) -> [FunctionSource] {
        guard let index = image.functionPackageSource else { return [] }
        let source = image.sources[index]
        let installed = Set(
            image.distributions.filter { $0.source == index }.flatMap { distribution in
                let folder = image.memberPath(distribution.searchFolder + "/", in: index)
                return (distribution.record ?? []).map { folder + $0.path }
            })
        var sources: [FunctionSource] = []
        var bytes: UInt64 = 0
        for entry in source.archive.entries where entry.fileType == .regular && entry.name.utf8HasSuffix(".py") {
            guard sources.count < fileLimit else { break }
            guard !installed.contains(entry.name), let module = moduleName(of: entry.name) else { continue }
            bytes = bytes.addingReportingOverflow(min(entry.uncompressedSize, UInt64(byteLimit))).partialValue
            guard bytes <= UInt64(totalByteLimit) else { break }
            sources.append(
                FunctionSource(
                    path: entry.name, module: module.name, isPackage: module.isPackage,
                    origin: LayerImage.Origin(source: index, index: entry.index)))
        }
        return sources
    }

    /// `app/handlers.py` → `app.handlers`; `app/__init__.py` → `app` (a package); `nil` when
    /// a part is no identifier (`my-scripts/x.py` cannot be imported).
    static func moduleName(of path: String) -> (name: String, isPackage: Bool)? {
        var parts = path.split(separator: "/").map(String.init)
        guard let last = parts.popLast(), last.hasSuffix(".py") else { return nil }
        let stem = String(last.dropLast(3))
        let isPackage = stem == "__init__"
        if !isPackage { parts.append(stem) }
        guard !parts.isEmpty, parts.allSatisfy(PythonNames.isName) else { return nil }
        return (parts.joined(separator: "."), isPackage)
    }
}

/// A Lambda handler setting (`app.handler`, `src/app.handler`) split as the Python runtime
/// interface client splits it: at the last dot, with `/` in the module part read as `.`.
struct HandlerName: Equatable {
    /// The dotted module (`src.app`) and the name looked up on it (`handler`).
    let module: String
    let function: String
    /// The module part as written (`src/app`), for messages.
    let written: String

    init?(_ handler: String) {
        guard let dot = handler.lastIndex(of: ".") else { return nil }
        written = String(handler[..<dot])
        module = written.replacingOccurrences(of: "/", with: ".")
        function = String(handler[handler.index(after: dot)...])
        guard !module.isEmpty, !function.isEmpty else { return nil }
    }
}

extension FunctionSource {
    /// Tests and build scripts: `test_*.py`, `*_test.py`, files under `tests/` or `test/`,
    /// `conftest.py`, and a top-level `setup.py`. Nothing imports them when the code runs.
    static func isTestOrBuild(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let file = parts.last else { return false }
        return parts.dropLast().contains { $0 == "tests" || $0 == "test" } || file.hasPrefix("test_")
            || file.hasSuffix("_test.py") || file == "conftest.py" || (parts.count == 1 && file == "setup.py")
    }
}

extension LayerOpening {
    /// The text of a file of the image (a module's source), at most `limit` bytes, or `nil`
    /// when it cannot be read: for `why`, which follows a package's own imports.
    static func sourceText(of origin: LayerImage.Origin, in image: LayerImage, limit: Int = FunctionSource.byteLimit)
        -> String?
    {
        let archive = image.sources[origin.source].archive
        return (try? archive.contents(of: archive.entries[origin.index], limit: limit)).map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
