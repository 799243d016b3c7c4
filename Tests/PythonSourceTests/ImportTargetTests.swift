import PythonSource
import Testing

/// What a relative import names, from where it is made (F002 and `why` both ask).
@Suite struct ImportTargetTests {
    static func target(_ source: String, in module: String, isPackage: Bool = false) -> ModuleScan.Import.Target? {
        ModuleScan(source: source).imports.first?.target(from: module, isPackage: isPackage)
    }

    @Test func relativeImportsResolveAgainstTheirPackage() {
        #expect(Self.target("import os.path", in: "app.core") == .module("os.path"))
        #expect(Self.target("from .util import x", in: "app.core") == .module("app.util"))
        #expect(Self.target("from .util import x", in: "app", isPackage: true) == .module("app.util"))
        #expect(Self.target("from ..base import x", in: "app.api.views") == .module("app.base"))
        #expect(Self.target("from . import x", in: "app.core") == .module("app"))
        #expect(Self.target("from . import x", in: "lambda_function") == .noParent)
        #expect(Self.target("from ...x import y", in: "app.core") == .beyondTop)
    }
}

/// Source chosen to break the scan: a line chaining 100,000 headers (`if a: if a: ...`) is
/// walked in a loop, not one call per header.
@Suite struct HostileSourceTests {
    @Test func chainedHeadersOnOneLine() {
        let scan = ModuleScan(source: String(repeating: "if a: ", count: 100_000) + "import os\n")
        #expect(scan.imports.map(\.module) == ["os"])
        #expect(scan.imports.first?.inFunction == false)
        #expect(scan.statements.count == 100_001)
    }

    /// A header's `:` comes before any `;` of its line, so the search for it stops at the
    /// first `;` (`else;` x 200,000 rescanned the rest of the line for each): the statements
    /// after a `;`, and a header's body after its `:`, are what they were.
    @Test func headerSearchStopsAtASemicolon() {
        let scan = ModuleScan(source: "import a; if b: import c; import d\nwhile x: import e; import f\n")
        #expect(scan.imports.map(\.module) == ["a", "c", "d", "e", "f"])
        #expect(scan.syntaxError == nil)
        let dict = ModuleScan(source: "if {1: 2}[1]: import g; import h\nimport i; else_ = 1; import j\n")
        #expect(dict.imports.map(\.module) == ["g", "h", "i", "j"])
        #expect(dict.syntaxError == nil)
        let semicolons = ModuleScan(source: "if x:\n pass\n" + String(repeating: "else;", count: 200_000) + "\n")
        // Each `else` is taken as the simple statement it is written as (the scan is not a
        // syntax checker): 200,000 of them, and the `if` block of one `pass`.
        #expect(semicolons.statements.count == 200_002)
        #expect(semicolons.imports.isEmpty)
    }
}
