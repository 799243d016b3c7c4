import LambdaPlatform
import PythonSource
import ZipArchive

/// The function's own Python code, read by the opening stage for F001 and F002: every `.py`
/// file of the function package that no distribution's RECORD lists (the packages pip put
/// there are the dependency rules' business), with its module name.
package struct FunctionSource: Sendable {
    /// The member path (`app/handlers.py`).
    package let path: String
    /// The dotted module name it is imported as from `/var/task` (`app.handlers`;
    /// `app` for `app/__init__.py`).
    package let module: String
    /// Whether it is a package's `__init__.py`.
    package let isPackage: Bool
    /// Where it is: the image's source (the function package) and the member's entry index.
    package let origin: LayerImage.Origin

    /// The most of one file that is read, the most files, and the most bytes of them all: a
    /// function's own code is small; past these, the rest is left unread.
    package static let byteLimit = Limits.functionSourceBytes
    package static let fileLimit = Limits.functionSourceFiles
    package static let totalByteLimit = Limits.functionSourceTotalBytes

    /// The text, read now (sources are read when a rule needs one and released after, never
    /// all held at once), or `nil` when the member cannot be read (too large, corrupt).
    package func text(in image: LayerImage) -> String? {
        image.text(of: origin)
    }

    /// `app/handlers.py` → `app.handlers`; `app/__init__.py` → `app` (a package); `nil` when
    /// a part is no identifier (`my-scripts/x.py` cannot be imported).
    package static func moduleName(of path: String) -> (name: String, isPackage: Bool)? {
        var parts = path.split(separator: "/").map(String.init)
        guard let last = parts.popLast(), last.hasSuffix(".py") else { return nil }
        let stem = String(last.dropLast(3))
        let isPackage = stem == "__init__"
        if !isPackage { parts.append(stem) }
        guard !parts.isEmpty, parts.allSatisfy(PythonNames.isName) else { return nil }
        return (parts.joined(separator: "."), isPackage)
    }

    package init(path: String, module: String, isPackage: Bool, origin: LayerImage.Origin) {
        self.path = path
        self.module = module
        self.isPackage = isPackage
        self.origin = origin
    }
}

/// A Lambda handler setting (`app.handler`, `src/app.handler`) split as the Python runtime
/// interface client splits it: at the last dot, with `/` in the module part read as `.`.
package struct HandlerName: Equatable {
    /// The dotted module (`src.app`) and the name looked up on it (`handler`).
    package let module: String
    package let function: String
    /// The module part as written (`src/app`), for messages.
    package let written: String

    package init?(_ handler: String) {
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
    package static func isTestOrBuild(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let file = parts.last else { return false }
        return parts.dropLast().contains { $0 == "tests" || $0 == "test" } || file.hasPrefix("test_")
            || file.hasSuffix("_test.py") || file == "conftest.py" || (parts.count == 1 && file == "setup.py")
    }
}

extension LayerImage {
    /// The text of a file of the image (a module's source), at most `limit` bytes, or `nil`
    /// when it cannot be read: for `why`, which follows a package's own imports.
    package func text(of origin: Origin, limit: Int = FunctionSource.byteLimit) -> String? {
        let archive = sources[origin.source].archive
        return (try? archive.contents(of: archive.entries[origin.index], limit: limit)).map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
