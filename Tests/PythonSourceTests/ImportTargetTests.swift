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
}
