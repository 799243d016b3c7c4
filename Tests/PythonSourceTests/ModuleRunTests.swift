import PythonSource
import Testing

/// ModuleRun on small modules, one statement class at a time: which imports run, which
/// only may, which never do, and what ends the import. Every import is answered from a
/// table: the modules named in `missing` are not found, those in `broken` do not load.
@Suite struct ModuleRunTests {
    struct Result {
        /// Each import asked for: `line module reach` (`runs`, or the condition).
        var requests: [String] = []
        /// The failure that ends the import: `line kind`, or `nil`.
        var failure: String?
        var conditional: [String] = []
        var outcome: ModuleRun.Outcome
    }

    static func run(
        _ source: String, module: String = "pkg.mod", isPackage: Bool = false, version: [Int] = [3, 12],
        missing: Set<String> = [], broken: Set<String> = [], values: [String: [String: PythonValue]] = [:]
    ) -> Result {
        let scan = ModuleScan(source: source)
        var run = ModuleRun(
            scan: scan, module: module, isPackage: isPackage, target: PythonTarget(version: version, machine: "x86_64"))
        var requests: [String] = []
        var steps = 0
        while case .request(let request) = run.next(), steps < 10_000 {
            steps += 1
            let name: String
            switch request.target {
            case .module(let found): name = found
            case .noParent: name = "<no parent>"
            case .beyondTop: name = "<beyond top>"
            }
            let names = request.names.isEmpty ? "" : " [" + request.names.joined(separator: ",") + "]"
            requests.append("\(request.line) \(name)\(names) \(request.reach.condition ?? "runs")")
            let fullNames = [name] + request.names.map { name + "." + $0 }
            if fullNames.contains(where: missing.contains) || request.target == .noParent {
                run.answer(.failed(ModuleRun.Failure(kind: .moduleNotFound, id: 1)))
            } else if fullNames.contains(where: broken.contains) {
                run.answer(.failed(ModuleRun.Failure(kind: .importError, id: 2)))
            } else {
                run.answer(.imported(values[name] ?? [:]))
            }
        }
        let outcome = run.outcome
        return Result(
            requests: requests,
            failure: outcome.failure.map { "\(scan.statements[$0.statement].line) \($0.failure.kind.rawValue)" },
            conditional: outcome.conditionalFailures.map {
                "\(scan.statements[$0.statement].line) \($0.failure.kind.rawValue) \($0.condition)"
            }, outcome: outcome)
    }

    @Test func moduleLevelAndClassBodiesRunFunctionBodiesDoNot() {
        let result = Self.run(
            """
            import a
            class C:
                import b
            def f():
                import c
            """, missing: ["c"])
        #expect(result.requests == ["1 a runs", "3 b runs"])
        #expect(result.failure == nil)
    }

    @Test func aMissingModuleThatRunsEndsTheImport() {
        let result = Self.run("import a\nimport b\nimport c\n", missing: ["b"])
        #expect(result.requests == ["1 a runs", "2 b runs"])
        #expect(result.failure == "2 moduleNotFound")
    }

    @Test func versionPlatformAndTypeCheckingTests() {
        let source = """
            import sys, os, platform
            from typing import TYPE_CHECKING
            if sys.version_info >= (3, 8):
                import new
            else:
                import old
            if sys.version_info[:2] < (3, 11):
                import tomli
            if sys.version_info[0] == 2:
                import py2
            if sys.platform.startswith("win"):
                import msvcrt
            elif sys.platform == "darwin":
                import mac
            else:
                import linux
            if os.name == "nt":
                import nt
            if platform.system() == "Windows" or sys.platform in ("win32", "cygwin"):
                import winreg
            if TYPE_CHECKING:
                import typed
            if sys.implementation.name != "cpython" or hasattr(sys, "pypy_version_info"):
                import pypy
            if __name__ == "__main__":
                import script
            if sys.version_info.minor >= 13 and not False:
                import py313
            """
        let result = Self.run(source)
        #expect(
            result.requests == [
                "1 sys runs", "1 os runs", "1 platform runs", "2 typing [TYPE_CHECKING] runs", "4 new runs",
                "16 linux runs",
            ])
        let old = Self.run(source, version: [3, 10])
        #expect(old.requests.contains("8 tomli runs"))
    }

    @Test func flagsBoundEarlierOrImportedDecideTests() {
        let result = Self.run(
            """
            import sys
            from ._compat import PY_3_14_PLUS
            PY2 = sys.version_info[0] == 2
            PY3 = not PY2
            WIN = sys.platform.startswith("win")
            if PY2:
                from StringIO import StringIO
            if WIN:
                import _winconsole
            if PY3:
                import io
            if PY_3_14_PLUS:
                import annotationlib
            if UNKNOWN_FLAG:
                import maybe
            """, values: ["pkg._compat": ["PY_3_14_PLUS": .bool(false)]])
        #expect(
            result.requests == [
                "1 sys runs", "2 pkg._compat [PY_3_14_PLUS] runs", "11 io runs", "15 maybe when UNKNOWN_FLAG is true",
            ])
    }

    @Test func aFlagSetByATryFollowsWhatWasImported() {
        // requests/compat.py: `if has_simplejson:` decided by whether simplejson imported.
        let source = """
            try:
                import simplejson as json
                has_simplejson = True
            except ImportError:
                import json
                has_simplejson = False
            if has_simplejson:
                from simplejson import JSONDecodeError
            else:
                from json import JSONDecodeError
            """
        let without = Self.run(source, missing: ["simplejson"])
        #expect(without.requests == ["2 simplejson runs", "5 json runs", "10 json [JSONDecodeError] runs"])
        #expect(without.failure == nil)
        let with = Self.run(source)
        #expect(with.requests == ["2 simplejson runs", "8 simplejson [JSONDecodeError] runs"])
    }

    @Test func handlersRunOnlyWhenTheirBodyFailsWithWhatTheyCatch() {
        let source = """
            try:
                from _thread import allocate_lock
            except ImportError:
                from _dummy_thread import allocate_lock
            try:
                set
            except NameError:
                from sets import Set as set
            try:
                unicode
            except NameError:
                unicode = str
            try:
                import speedups
            except ModuleNotFoundError:
                import fallback
            """
        let result = Self.run(source, missing: ["_dummy_thread", "sets"], broken: ["speedups"])
        #expect(result.requests == ["2 _thread [allocate_lock] runs", "14 speedups runs"])
        #expect(result.failure == "14 importError")
        let missing = Self.run(source, missing: ["speedups"])
        #expect(missing.requests.last == "16 fallback runs")
        #expect(missing.failure == nil)
    }

    @Test func aHandlerThatReRaisesGuardsNothing() {
        // PIL/Image.py: the handler explains, then raises again.
        let result = Self.run(
            """
            try:
                from . import _imaging as core
            except ImportError as v:
                core = None
                if str(v).startswith("Module use of python"):
                    pass
                raise
            """, broken: ["pkg._imaging"])
        #expect(result.failure == "2 importError")
    }

    @Test func guardedAndConditionalFailuresAreNotTheModules() {
        let result = Self.run(
            """
            import contextlib
            with contextlib.suppress(ImportError):
                import optional
            if HAS_X:
                import x
            try:
                import y
            except Exception:
                pass
            """, missing: ["optional", "x", "y"])
        #expect(result.failure == nil)
        #expect(result.conditional == ["5 moduleNotFound when HAS_X is true"])
    }

    /// openpyxl/xml/functions.py: lxml under an unknown flag, else et_xmlfile. With neither
    /// there, whichever branch runs fails: the import fails. With one of them there, or
    /// without an else, it only may.
    @Test func aChainWhoseEveryBranchFailsFails() {
        let source = """
            LXML = lxml_available()
            if LXML is True:
                from lxml.etree import xmlfile
            else:
                from et_xmlfile import xmlfile
            import after
            """
        let neither = Self.run(source, missing: ["lxml.etree", "et_xmlfile"])
        #expect(neither.failure == "3 moduleNotFound")
        #expect(neither.conditional == [])
        #expect(!neither.requests.contains("6 after runs"))
        let one = Self.run(source, missing: ["lxml.etree"])
        #expect(one.failure == nil)
        #expect(one.conditional == ["3 moduleNotFound when LXML is True is true"])
        let noElse = Self.run("if FLAG:\n    import missing\nimport after\n", missing: ["missing"])
        #expect(noElse.failure == nil)
        let guarded = Self.run(
            "try:\n    if FLAG:\n        import a\n    else:\n        import b\nexcept ImportError:\n    pass\n",
            missing: ["a", "b"])
        #expect(guarded.failure == nil)
        #expect(guarded.conditional == [])
    }

    @Test func literalLoopsAndDynamicImports() {
        // requests/packages.py.
        let result = Self.run(
            """
            import sys
            for package in ("urllib3", "idna"):
                locals()[package] = __import__(package)
                for mod in list(sys.modules):
                    pass
            import importlib
            json = importlib.import_module("json")
            """, missing: ["idna"])
        #expect(result.requests == ["1 sys runs", "3 urllib3 runs", "3 idna runs"])
        #expect(result.failure == "3 moduleNotFound")
    }

    @Test func aRaiseThatRunsEndsTheImportOneUnderAnUnknownTestDoesNot() {
        #expect(Self.run("raise ImportError('use the other package')\n").failure == "1 importError")
        let conditional = Self.run("import sys\nif 'psycopg' not in sys.modules:\n    raise ImportError('x')\n")
        #expect(conditional.failure == nil)
        #expect(conditional.conditional == ["3 importError when \"psycopg\" not in sys.modules is true"])
        #expect(Self.run("import sys\nif sys.version_info < (3, 8):\n    raise RuntimeError\n").failure == nil)
    }

    @Test func bindingsSayWhatTheHandlerModuleDefines() {
        let result = Self.run(
            """
            def helper(): pass
            if __name__ == "__main__":
                def lambda_handler(event, context): pass
            if SOMETHING:
                def maybe(event, context): pass
            class Handler:
                def inner(self): pass
            """)
        #expect(result.outcome.bound["helper"] == true)
        #expect(result.outcome.bound["lambda_handler"] == nil)
        #expect(result.outcome.bound["maybe"] == false)
        #expect(result.outcome.bound["Handler"] == true)
        #expect(result.outcome.bound["inner"] == nil)
    }

    @Test func relativeImportsNameTheirPackage() {
        let result = Self.run("from . import sub\nfrom .x import y\nfrom .. import top\n", module: "pkg.mod")
        #expect(result.requests == ["1 pkg [sub] runs", "2 pkg.x [y] runs", "3 <beyond top> [top] runs"])
    }

    @Test func expressionsOutsideTheSubsetAreUnknown() {
        let target = PythonTarget(version: [3, 12], machine: "x86_64")
        func value(_ text: String) -> PythonValue {
            guard case .success(let lines) = Tokenizer.logicalLines(text), let line = lines.first else { return .none }
            return PythonExpression(line.tokens[...]).evaluate(target) { _ in .module("sys") }
        }
        #expect(value("sys.version_info >= (3, 12)") == .bool(true))
        #expect(value("sys.version_info > (3, 12, 100)") == .bool(false))
        #expect(value("sys.hexversion >= 0x030C0000") == .bool(true))
        #expect(value("-1 + 2 * 3") == .int(5))
        #expect(value("not not True") == .bool(true))
        #expect(value("sys.platform in ['linux', 'darwin']") == .bool(true))
        #expect(value("1 < 2 < 3") == .unknown)
        #expect(value("x if y else z") == .unknown)
        #expect(value("f(a=1)") == .unknown)
        #expect(value("[i for i in x]") == .unknown)
        #expect(value("platform.machine()") == .unknown)
    }
}
