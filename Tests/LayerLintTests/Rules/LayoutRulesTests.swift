import Foundation
@testable import ImageModel
import LambdaPlatform
@testable import LayerLint
@testable import LintRules
@testable import OpeningStage
import TestSupport
import Testing

/// L001, L002, L003 and L005 on the layout fixtures (Fixtures/layers/make_layout_fixtures.py).
@Suite struct LayoutRulesTests {
    static let catalog = bundledCatalog

    /// The layout rules only: the dependency rules have their own tests.
    static let layoutRules: [any Rule] = {
        do { return try RuleSelection(select: ["L"]).rules() } catch { fatalError("\(error)") }
    }()

    static func findings(_ fixture: String, runtime: String?) throws -> [String] {
        let input = try CheckInput.load(path: FixturePaths.layer(fixture), role: .layer)
        let target = try TargetResolution.resolve(
            runtimeOption: runtime, architectureOption: nil, functionConfiguration: nil, catalog: catalog)
        return LintEngine.run(LintContext(target: target, layers: [input]), rules: layoutRules).findings.map {
            "\($0.rule) \($0.path ?? "-")"
        }
    }

    /// One cause, one finding (Fixtures/layers/make_grouping_fixtures.py): sourceless .pyc
    /// files of another Python are one L006 per package, listing each file; a .pyc beside
    /// its .py (python/ok/) is the near miss.
    @Test func sourcelessBytecodeGroupedPerPackage() throws {
        let input = try CheckInput.load(path: FixturePaths.layer("group-sourceless.zip"), role: .layer)
        let target = try TargetResolution.resolve(
            runtimeOption: "python3.11", architectureOption: nil, functionConfiguration: nil, catalog: Self.catalog)
        let found = LintEngine.run(
            LintContext(target: target, layers: [input]), rules: try RuleSelection(select: ["L006"]).rules()
        )
        .findings
        #expect(
            found.map { "\($0.severity) \($0.path ?? "-") \($0.paths) \($0.message)" } == [
                "warning python/other/__init__.pyc [] compiled by Python 3.12 with no .py beside it: python3.11 "
                    + "(Python 3.11) cannot import it (ImportError: bad magic number)",
                "warning python/pkg/__init__.pyc [\"python/pkg/__init__.pyc\", \"python/pkg/core.pyc\"] 2 .pyc files in "
                    + "python/pkg/ (e.g. this one) compiled by Python 3.12 with no .py beside them: python3.11 "
                    + "(Python 3.11) cannot import them (ImportError: bad magic number)",
            ])
    }

    /// Fixture → findings for a python3.11 function.
    static let expected: [String: [String]] = [
        "layout-root.zip": ["L001 lambda_function.py"],
        "layout-site-packages-root.zip": ["L001 site-packages/"],
        "layout-lib64.zip": ["L002 python/lib64/"],
        "layout-build-python.zip": ["L003 build/python/"],
        "layout-python-python.zip": ["L003 python/python/"],
        "layout-venv.zip": ["L003 python/venv/"],
        "layout-nodejs.zip": ["L005 -"],
        "layout-editable-pth.zip": ["L004 python/lib/python3.11/site-packages/__editable__.orders-1.0.pth"],
        "layout-relative-pth.zip": [],
        // Near misses.
        "layout-standard-pth.zip": [],
        "layout-cli-bundle.zip": [],
        "layout-python-root.zip": [],
        "layout-versioned-311.zip": [],
        "layout-native-libs.zip": [],
    ]

    @Test(arguments: expected.keys.sorted())
    func exactFindingsForPython311(fixture: String) throws {
        #expect(try Self.findings(fixture, runtime: "python3.11") == Self.expected[fixture])
    }

    @Test func versionedPathOfAnotherPython() throws {
        #expect(
            try Self.findings("layout-versioned-311.zip", runtime: "python3.12") == [
                "L002 python/lib/python3.11/site-packages/"
            ])
        // Without a target, the version cannot be judged.
        #expect(try Self.findings("layout-versioned-311.zip", runtime: nil) == [])
    }

    @Test func foreignLayoutNeedsAPythonTarget() throws {
        #expect(try Self.findings("layout-nodejs.zip", runtime: nil) == [])
        #expect(try Self.findings("layout-nodejs.zip", runtime: "nodejs22.x") == [])
    }

    @Test func messagesSayWhereThingsLand() throws {
        let input = try CheckInput.load(path: FixturePaths.layer("layout-build-python.zip"), role: .layer)
        let finding = try #require(LintEngine.run(LintContext(target: .none, layers: [input])).findings.first)
        #expect(finding.message == "build/python/ (1 Python file) is extracted to /opt/build/python/, not /opt/python/")
    }

    /// Each layout fix is a command for the folder that is zipped (the extracted layer), made
    /// from what the layer holds; `scripts/apply-fixes` runs them and checks the findings go.
    static let fixes: [String: String] = [
        "layout-root.zip": "in the folder you zip (the one that holds python/): mkdir -p python && cp -R requests-2.32.3.dist-info "
            + "requests python/ && rm -rf requests-2.32.3.dist-info requests",
        "layout-site-packages-root.zip":
            "in the folder you zip (the one that holds python/): mkdir -p python && cp -R site-packages/. python/ && rm -rf site-packages",
        "layout-lib64.zip": "in the folder you zip (the one that holds python/): mkdir -p python && cp -R "
            + "python/lib64/python3.11/site-packages/. python/ && rm -rf python/lib64",
        "layout-build-python.zip": "in the folder you zip (the one that holds python/): mkdir -p python && cp -R build/python/. python/ && rm -rf build",
        "layout-python-python.zip":
            "in the folder you zip (the one that holds python/): mkdir -p python && cp -R python/python/. python/ && rm -rf python/python",
        "layout-venv.zip": "in the folder you zip (the one that holds python/): mkdir -p python && cp -R "
            + "python/venv/lib/python3.11/site-packages/. python/ && rm -rf python/venv",
        "layout-editable-pth.zip": "on the build machine, install the project from a wheel instead of in editable "
            + "mode: rm -rf python/lib/python3.11/site-packages/__editable__.orders-1.0.pth "
            + "python/lib/python3.11/site-packages/orders-1.0.dist-info && pip wheel --no-deps -w /tmp/layer-wheels "
            + "/home/dev/orders && pip install --platform manylinux2014_x86_64 --implementation cp --only-binary=:all: "
            + "--python-version 3.11 --upgrade --target python/lib/python3.11/site-packages --find-links "
            + "/tmp/layer-wheels orders==1.0",
    ]

    @Test(arguments: fixes.keys.sorted())
    func fixesAreCommandsForTheExtractedLayer(fixture: String) throws {
        let input = try CheckInput.load(path: FixturePaths.layer(fixture), role: .layer)
        let target = try TargetResolution.resolve(
            runtimeOption: "python3.11", architectureOption: "x86_64", functionConfiguration: nil,
            catalog: Self.catalog)
        let found = LintEngine.run(LintContext(target: target, layers: [input]), rules: Self.layoutRules).findings
        #expect(found.map(\.fix) == [Self.fixes[fixture]])
    }

    /// The layer's other Python: its folder moved into python/ (which every Python searches),
    /// then the same distributions installed again for the runtime's, pinned from their
    /// .dist-info folder names first, as one pip call.
    @Test func otherPythonsFolderIsInstalledAgain() throws {
        let pip =
            "python3.11 -m pip install --target \"$work/new\" --platform manylinux2014_aarch64 --implementation cp "
            + "--python-version 3.11 --only-binary=:all:"
        let input = try CheckInput.load(path: FixturePaths.layer("deps-requests-py312.zip"), role: .layer)
        let target = try TargetResolution.resolve(
            runtimeOption: "python3.11", architectureOption: "arm64", functionConfiguration: nil,
            catalog: Self.catalog)
        let found = LintEngine.run(
            LintContext(target: target, layers: [input]), rules: try RuleSelection(select: ["L002"]).rules()
        ).findings
        #expect(
            found.map(\.fix) == [
                "in the folder you zip (the one that holds python/): mkdir -p python && cp -R "
                    + "python/lib/python3.12/site-packages/. python/ && rm -rf python/lib/python3.12 && "
                    + "work=$(mktemp -d) && { \(pip) certifi==2024.8.30 charset_normalizer==3.4.0 idna==3.10 "
                    + "requests==2.32.3 urllib3==2.2.3 || { rm -rf \"$work/new\" && \(pip) certifi charset_normalizer "
                    + "idna requests urllib3; }; } && rm -rf python/certifi python/certifi-2024.8.30.dist-info "
                    + "python/charset_normalizer python/charset_normalizer-3.4.0.dist-info python/idna "
                    + "python/idna-3.10.dist-info python/requests python/requests-2.32.3.dist-info python/urllib3 "
                    + "python/urllib3-2.2.3.dist-info && mkdir -p python && cp -R \"$work/new/.\" python/ && "
                    + "rm -rf \"$work\""
            ])
    }

    /// What counts as Python content, case-insensitively where Python's own tools ignore case.
    @Test func pythonContentByName() {
        let python = [
            "python/requests/api.py", "python/x/__pycache__/api.cpython-311.pyc", "python/hook.pth",
            "python/Requests-2.32.3.DIST-INFO/METADATA", "python/x.egg-info/PKG-INFO",
            "python/_cffi_backend.cpython-311-x86_64-linux-gnu.so", "python/x/_speedups.ABI3.so",
            "python/x/_ext.pypy310-pp73-x86_64-linux-gnu.so", "python/x/_win.pyd",
        ]
        let other = [
            "python/lib/libpq.so", "python/x.cpython-311/libfoo.so", "python/README.md",
            "python/dist-info/notes.txt", "python/x.dist-info", "bin/tool",
        ]
        #expect(python.filter { !PythonPlacement.isPythonContent($0) } == [])
        #expect(other.filter(PythonPlacement.isPythonContent) == [])
    }

    @Test func pathClashAcrossLayers() throws {
        let layers = try ["clash-file.zip", "clash-folder.zip"].map {
            try CheckInput.load(path: FixturePaths.layer($0), role: .layer)
        }
        let findings = LintEngine.run(LintContext(target: .none, layers: layers), rules: Self.layoutRules).findings
        #expect(
            findings.map { "\($0.rule) \($0.archive ?? "-") \($0.path ?? "-")" } == [
                "L007 \(FixturePaths.layer("clash-folder.zip")) python/utils"
            ])
        // Each layer alone is fine, and python/common.py in both is an ordinary overwrite.
        for layer in layers {
            #expect(
                LintEngine.run(LintContext(target: .none, layers: [layer]), rules: Self.layoutRules).findings.isEmpty)
        }
    }

    /// The merged tree reuses the folders a name shares with the one listed before it: names
    /// that share bytes but not a folder (`python/ab/`, `python/a/`) stay apart.
    @Test func pathClashOverNamesSharingPrefixes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("layerlint-l007-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func layer(_ name: String, _ members: [String]) throws -> CheckInput {
            var builder = ZipBuilder()
            for member in members { builder.add(member, "") }
            let url = folder.appendingPathComponent(name)
            try Data(builder.bytes()).write(to: url)
            return try CheckInput.load(path: url.path, role: .layer)
        }
        let first = try layer(
            "a.zip", ["python/ab/c.py", "python/a/c.py", "python/ab2", "python/x/yy", "python/x/y/deep/er/z.py"])
        let second = try layer("b.zip", ["python/ab2/d.py", "python/x/y/deep/er/z.py", "python/x/yy/q.py", "python/a"])
        let findings = LintEngine.run(LintContext(target: .none, layers: [first, second]), rules: Self.layoutRules)
            .findings.filter { $0.rule == "L007" }
        #expect(findings.compactMap(\.path).sorted() == ["python/a", "python/ab2", "python/x/yy"])
    }

    @Test func pthLines() {
        #expect(PthFileRule.problems("vendor\n# comment\n") == [])
        #expect(
            PthFileRule.problems("import os; os.environ['X'] = '1'\n") == [
                "it runs code at every start-up (an import line)"
            ])
        #expect(PthFileRule.problems("/srv/app\n").first?.hasPrefix("it adds /srv/app to sys.path") == true)
        #expect(PythonPlacement.isInSiteFolder("python/a.pth"))
        #expect(PythonPlacement.isInSiteFolder("python/lib/python3.12/site-packages/a.pth"))
        #expect(!PythonPlacement.isInSiteFolder("python/pkg/a.pth"))
    }

    @Test func placementClassification() {
        #expect(PythonPlacement.classify("python/a.py") == .pythonRoot)
        #expect(
            PythonPlacement.classify("python/lib/python3.12/site-packages/a.py")
                == .versionedSitePackages(version: "3.12"))
        #expect(PythonPlacement.classify("python/lib/python3/site-packages/a.py") == .pythonRoot)
        #expect(
            PythonPlacement.classify("venv/lib/python3.11/site-packages/a.py")
                == .nested(prefix: "venv/", kind: .virtualenv))
        #expect(PythonPlacement.classify("lib/libpq.so") == nil)
        #expect(PythonPlacement.classify("python/_ext.cpython-311-x86_64-linux-gnu.so") == .pythonRoot)
        #expect(PythonPlacement.classify("bin/tool.py") == nil)
        #expect(PythonPlacement.classify("README.md") == nil)
    }
}
