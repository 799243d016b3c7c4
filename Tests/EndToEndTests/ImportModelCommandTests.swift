import Foundation
import TestSupport
import Testing

/// `check` on the import-model fixtures (Fixtures/layers/make_import_fixtures.py): a finding
/// is an error only where importing a module fails, as CPython's own imports of the same
/// layers say (why-reference.json; WhyCommandTests checks the verdicts of `why`).
@Suite struct ImportModelCommandTests {
    let cli = CommandRunner()

    struct Finding: Decodable {
        let rule: String
        let severity: String
        let path: String?
        let message: String
    }

    struct Report: Decodable { let findings: [Finding] }

    func findings(_ layer: String, runtime: String = "python3.12") throws -> [Finding] {
        let result = try cli.run([
            "check", "Fixtures/layers/\(layer)", "--runtime", runtime, "--arch", "x86_64", "--format", "json",
        ])
        return try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8)).findings
    }

    func summary(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.rule) \($0.severity) \($0.path ?? "-")" }
    }

    /// Guards, tests of the version and platform, flags bound here or in a sibling module,
    /// the main guard, function bodies: only copies without metadata to note. A chain whose
    /// every branch imports what is not there fails whatever the test says.
    @Test func statementsThatDoNotRunFailNothing() throws {
        let found = try findings("import-statements.zip")
        #expect(
            summary(found) == [
                "D004 error python/exhausted/", "D004 warning python/flags/", "D004 warning python/guards/",
                "D004 warning python/maybe/",
            ])
        #expect(
            found[0].message
                == "the package exhausted has no .dist-info, and importing it fails: python/exhausted/__init__.py "
                + "line 4 imports fast_backend, which nothing on the sys.path provides (what it needs was not "
                + "copied with it)")
    }

    /// The import is followed into another top-level package and its submodules: app fails
    /// because engine.core imports an arm64 module; deep fails at its own import.
    @Test func importsAreFollowedAcrossPackages() throws {
        let found = try findings("import-follow.zip")
        #expect(
            summary(found) == [
                "D004 warning python/app/", "D004 error python/deep/", "D004 warning python/engine/",
                "C001 error python/engine/_speedups.abi3.so", "D004 warning python/vianame/",
            ])
        #expect(
            found[3].message
                == "python/engine/_speedups.abi3.so is built for arm64, but the function runs on x86_64: Python cannot "
                + "load it; importing app fails (python/engine/core.py line 1: from . import _speedups)")
    }

    /// A module that does not load raises ImportError, which `except ModuleNotFoundError`
    /// does not catch (an error) and `except ImportError` does (a warning: slower). A
    /// cpython-311 module passed over for its `.py` twin is a warning when the twin works and
    /// an error when the twin refuses to run (as pyzmq's _zmq.py does without Cython).
    @Test func whatAHandlerCatchesDecidesTheSeverity() throws {
        let found = try findings("import-kinds.zip")
        #expect(
            summary(found) == [
                "D004 warning python/lenient/", "C001 warning python/lenient/_fast.abi3.so",
                "D004 warning python/strict/", "C001 error python/strict/_fast.abi3.so",
                "D004 warning python/twin/", "C003 error python/twin/_core.cpython-311-x86_64-linux-gnu.so",
                "D004 warning python/twinok/", "C003 warning python/twinok/_core.cpython-311-x86_64-linux-gnu.so",
            ])
        #expect(
            found[1].message.hasSuffix(
                "It still works, slower: python/lenient/__init__.py line 2 imports _fast under a guard and goes on "
                    + "without it"))
        #expect(found[5].message.hasSuffix("which does not load it; importing twin._core fails"))
        #expect(found[7].message.hasSuffix("It still works, slower: twinok imports _core.py instead of the compiled _core"))
    }

    /// `from ._impl import Thing` where _impl is a folder once its cpython-311 module is
    /// passed over: cannot import name (C003) on 3.12; on 3.11 it loads.
    @Test func aNamespacePackageHasNoNames() throws {
        #expect(
            summary(try findings("import-namespace.zip")) == [
                "D004 warning python/nscore/", "C003 error python/nscore/_impl.cpython-311-x86_64-linux-gnu.so",
            ])
        #expect(
            summary(try findings("import-namespace.zip", runtime: "python3.11")) == [
                "C008 warning -", "D004 warning python/nscore/",
            ])
        let why = try cli.run(["why", "nscore", "Fixtures/layers/import-namespace.zip", "--runtime", "python3.12"])
        #expect(
            why.stdout.contains(
                "error C003 python/nscore/__init__.py line 1 (from ._impl import Thing): cannot import name 'Thing' "
                    + "from 'nscore._impl' (unknown location): nscore._impl is a folder without __init__ once its "
                    + "compiled module python/nscore/_impl.cpython-311-x86_64-linux-gnu.so (built for CPython 3.11) "
                    + "is passed over"))
    }

    /// six.moves is made by six's own finder: importable, and why says by what.
    @Test func aKnownHookProvidesAModule() throws {
        #expect(try findings("import-hooks.zip").isEmpty)
        let why = try cli.run(["why", "uses_six", "Fixtures/layers/import-hooks.zip", "--runtime", "python3.12"])
        #expect(why.status == 0)
        #expect(why.stdout.contains("info six.moves is no file: six makes it at import time"))
    }

    /// A test whose value is known only at run time: importable, with the import that may
    /// fail as a warning.
    @Test func anUnknownTestIsAWarning() throws {
        let why = try cli.run(["why", "maybe", "Fixtures/layers/import-statements.zip", "--runtime", "python3.12"])
        #expect(why.status == 0)
        #expect(
            why.stdout.contains(
                "warning F002 python/maybe/__init__.py line 4 (import not_in_the_layer) may fail: it runs when "
                    + "os.path.exists(\"/opt/extra\") is true, and then No module named 'not_in_the_layer'"))
    }
}
