@testable import ImageModel
import LambdaPlatform
@testable import LayerLint
@testable import LintRules
@testable import OpeningStage
import TestSupport
import Testing

/// D001-D009 and L006 on the dependency fixtures (Fixtures/layers/make_dependency_fixtures.py,
/// built from the METADATA headers of real wheels).
@Suite struct DependencyRulesTests {
    static let catalog = bundledCatalog

    static let rules: [any Rule] = {
        do { return try RuleSelection(select: ["D", "L006"]).rules() } catch { fatalError("\(error)") }
    }()

    static func context(_ fixtures: [String], runtime: String?, arch: String? = nil) throws -> LintContext {
        let layers = try fixtures.map { try CheckInput.load(path: FixturePaths.layer($0), role: .layer) }
        let target = try TargetResolution.resolve(
            runtimeOption: runtime, architectureOption: arch, functionConfiguration: nil, catalog: catalog)
        return LintContext(target: target, layers: layers)
    }

    /// `RULE severity member: message` for each finding.
    static func findings(_ fixtures: [String], runtime: String?, arch: String? = nil) throws -> [String] {
        LintEngine.run(try context(fixtures, runtime: runtime, arch: arch), rules: rules).findings.map {
            "\($0.rule) \($0.severity.rawValue) \($0.path ?? "-"): \($0.message)"
        }
    }

    /// `RULE severity member` of a finding line.
    static func head(_ line: String) -> String { String(line.prefix { $0 != ":" }) }

    static let requestsMetadata = "python/requests-2.32.3.dist-info/METADATA"

    @Test func requestsWithoutItsDependencies() throws {
        #expect(
            try Self.findings(["deps-requests-nodeps.zip"], runtime: "python3.11", arch: "x86_64") == [
                // One cause (requests installed without its dependencies), one finding, one pip line.
                // An error because importing requests fails on it (the stub makes requests' own imports).
                "D001 error \(Self.requestsMetadata): requests 2.32.3 requires charset-normalizer<4,>=2, "
                    + "idna<4,>=2.5 and certifi>=2017.4.17, which no layer provides; importing requests fails "
                    + "(python/requests/__init__.py line 7 imports idna)",
                "D003 warning \(Self.requestsMetadata): requests 2.32.3 requires urllib3<3,>=1.21.1; no layer provides "
                    + "it, so it comes from the runtime's own copy in /var/lang/lib/python3.11/site-packages, whose "
                    + "version AWS may change",
            ])
    }

    @Test func completeLayerOnlyNotesTheBundledUrllib3() throws {
        #expect(
            try Self.findings(["deps-requests-complete.zip"], runtime: "python3.11") == [
                "D007 info python/urllib3-2.2.3.dist-info/METADATA: the layer bundles urllib3 2.2.3, overriding the "
                    + "runtime's own copies in /var/lang/lib/python3.11/site-packages"
            ])
    }

    @Test func urllib3TwoOnPython39() throws {
        let findings = try Self.findings(["deps-requests-complete.zip"], runtime: "python3.9")
        #expect(findings.map { String($0.prefix(4)) } == ["D007", "D009"])
        #expect(
            findings[1].hasPrefix(
                "D009 error python/urllib3-2.2.3.dist-info/METADATA: urllib3 2.2.3 does not work on python3.9: urllib3 2 needs OpenSSL 1.1.1"
            ))
    }

    @Test func layersCompleteOnlyTogether() throws {
        let together = try Self.findings(["deps-split-requests.zip", "deps-split-urllib3.zip"], runtime: "python3.11")
        #expect(together.map { String($0.prefix(4)) } == ["D007"])
        #expect(
            try Self.findings(["deps-split-requests.zip"], runtime: "python3.11").map(Self.head) == [
                "D001 error python/requests-2.32.3.dist-info/METADATA",
                "D003 warning python/requests-2.32.3.dist-info/METADATA",
            ])
    }

    @Test func filesOutsidePythonHideEveryDistribution() throws {
        // The image has no distributions: layout rule L001 reports the cause, not D001.
        #expect(try Self.findings(["deps-requests-root.zip"], runtime: "python3.11") == [])
        #expect(try Self.findings(["deps-requests-py312.zip"], runtime: "python3.11") == [])
        #expect(try Self.context(["deps-requests-py312.zip"], runtime: "python3.12").image.distributions.count == 5)
    }

    @Test func bareFolderWithoutMetadata() throws {
        #expect(
            try Self.findings(["deps-bare-folder.zip"], runtime: "python3.11").filter { $0.hasPrefix("D004") } == [
                "D004 error python/requests/: the package requests has no .dist-info, and importing it fails: "
                    + "python/requests/__init__.py line 7 imports idna, which nothing on the sys.path provides (what "
                    + "it needs was not copied with it)"
            ])
        // Near miss: the same package with its .dist-info.
        #expect(try Self.findings(["deps-requests-complete.zip"], runtime: nil).isEmpty)
    }

    @Test func trimmedDistributions() throws {
        #expect(
            try Self.findings(["deps-trimmed.zip"], runtime: nil) == [
                "D005 error python/six-1.16.0.dist-info/METADATA: six-1.16.0.dist-info: the folder has no METADATA; "
                    + "Python's importlib.metadata and pip cannot see six",
                "D005 error python/urllib3-2.2.3.dist-info/RECORD: urllib3 2.2.3: 2 of the 10 files its RECORD lists "
                    + "are missing: urllib3/contrib/socks.py, urllib3/fields.py",
            ])
    }

    @Test func duplicateDistributionsAcrossLayers() throws {
        let v1 = FixturePaths.layer("deps-urllib3-v1.zip")
        let v2 = FixturePaths.layer("deps-urllib3-v2.zip")
        #expect(
            try Self.findings(["deps-urllib3-v1.zip", "deps-urllib3-v2.zip"], runtime: "python3.11").filter {
                $0.hasPrefix("D006")
            } == [
                "D006 warning python/urllib3-1.26.20.dist-info/METADATA: urllib3 1.26.20 is hidden by urllib3 2.2.3 in "
                    + "/opt/python/lib/python3.11/site-packages (\(v2)), which comes first on sys.path",
                "D006 warning python/six-1.16.0.dist-info/METADATA: six 1.16.0 is also in \(v1); this layer's copy "
                    + "replaces it file by file, and the two may differ",
            ])
        #expect(try Self.findings(["deps-urllib3-v1.zip"], runtime: "python3.11").filter { $0.hasPrefix("D006") } == [])
    }

    @Test func partOfTheRuntimeSDKIsAWarning() throws {
        let partial = try Self.findings(["deps-botocore-only.zip"], runtime: "python3.11")
        #expect(partial.count == 1)
        #expect(
            partial[0].hasPrefix(
                "D007 warning python/botocore-1.35.36.dist-info/METADATA: the layer bundles botocore 1.35.36, jmespath 1.0.1, python-dateutil 2.9.0.post0, six 1.16.0, urllib3 1.26.20"
            ))
        #expect(
            partial[0].hasSuffix(
                "it has botocore but not boto3 or s3transfer, so the runtime's boto3 and s3transfer will run with it"))
        let whole = try Self.findings(["deps-boto3-stack.zip"], runtime: "python3.11")
        #expect(whole.map { String($0.prefix(10)) } == ["D007 info "])
    }

    @Test func versionConflictsInTheLayer() throws {
        let path = FixturePaths.layer("deps-conflict.zip")
        #expect(
            try Self.findings(["deps-conflict.zip"], runtime: "python3.11").filter { $0.hasPrefix("D002") } == [
                "D002 error python/docker-7.1.0.dist-info/METADATA: docker 7.1.0 requires requests>=2.26.0, but "
                    + "requests 2.25.1 is installed (python/requests-2.25.1.dist-info/METADATA in \(path))",
                "D002 error python/requests-2.25.1.dist-info/METADATA: requests 2.25.1 requires idna<3,>=2.5, but idna "
                    + "3.10 is installed (python/idna-3.10.dist-info/METADATA in \(path))",
            ])
    }

    @Test func runtimeCopyOutsideTheRangeIsAConflict() throws {
        let metadata = "python/types_requests-2.32.0.20240914.dist-info/METADATA"
        #expect(
            try Self.findings(["deps-types-requests.zip"], runtime: "python3.9") == [
                "D002 error \(metadata): types-requests 2.32.0.20240914 requires urllib3>=2, but no layer provides it, "
                    + "and the runtime's own urllib3 in /var/runtime is in the range <1.27,>=1.25.4"
            ])
        // Near miss: python3.11's runtime copy has no pinned range; it is only a warning.
        #expect(
            try Self.findings(["deps-types-requests.zip"], runtime: "python3.11").map { String($0.prefix(12)) } == [
                "D003 warning"
            ])
    }

    /// The fix installs every missing requirement of the dependent in one pip line, for the
    /// target's platform and Python, into the folder the dependent is in.
    @Test func oneInstallLinePerCause() throws {
        let context = try Self.context(["deps-requests-nodeps.zip"], runtime: "python3.11", arch: "arm64")
        let fixes = LintEngine.run(context, rules: try RuleSelection(select: ["D001"]).rules()).findings.map(\.fix)
        #expect(
            fixes == [
                "in the folder you zip (the one that holds python/): work=$(mktemp -d) "
                    + "&& { python3.11 -m pip freeze --path python | grep -E "
                    + "'^[A-Za-z0-9._-]+==[^ ]+$' || true; } > \"$work/constraints.txt\" && "
                    + "python3.11 -m pip install --target \"$work/new\" --platform "
                    + "manylinux2014_aarch64 --implementation cp --python-version 3.11 "
                    + "--only-binary=:all: -c \"$work/constraints.txt\" "
                    + "'charset-normalizer<4,>=2' 'idna<4,>=2.5' 'certifi>=2017.4.17' && mkdir "
                    + "-p python && cp -R \"$work/new/.\" python/ && rm -rf \"$work\""
            ])
    }

    static let pip311 =
        "pip install --platform manylinux2014_x86_64 --implementation cp --only-binary=:all: --python-version 3.11 "
        + "--upgrade --target python "

    /// A conflict is repaired by reinstalling the dependent with what it requires, every other
    /// package it pulls in pinned to the layer's version and removed first (pip leaves the old
    /// version's .dist-info behind otherwise); the conflict of the package that fix replaces
    /// points at that fix instead of giving a second, contradicting command.
    /// Both findings are repaired by the same step: requests installed within what docker
    /// requires, the rest of the layer kept at its versions by constraints.
    @Test func conflictFixReinstallsTheDependentCleanly() throws {
        let fix =
            "in the folder you zip (the one that holds python/): work=$(mktemp -d) && { "
            + "python3.11 -m pip freeze --path python | grep -v -x -F -e requests==2.25.1 | "
            + "grep -E '^[A-Za-z0-9._-]+==[^ ]+$' || true; } > \"$work/constraints.txt\" && "
            + "python3.11 -m pip install --target \"$work/new\" --platform "
            + "manylinux2014_x86_64 --implementation cp --python-version 3.11 "
            + "--only-binary=:all: -c \"$work/constraints.txt\" 'requests>=2.26.0' && rm -rf "
            + "python/requests python/requests-2.25.1.dist-info && mkdir -p python && cp -R "
            + "\"$work/new/.\" python/ && rm -rf \"$work\""
        let context = try Self.context(["deps-conflict.zip"], runtime: "python3.11", arch: "x86_64")
        let found = LintEngine.run(context, rules: try RuleSelection(select: ["D002"]).rules()).findings
        #expect(
            found.map { "\($0.path ?? "-"): \($0.fix ?? "-")" } == [
                "python/docker-7.1.0.dist-info/METADATA: " + fix,
                "python/requests-2.25.1.dist-info/METADATA: " + fix,
            ])
    }

    /// pip install --upgrade --target over an older version (Fixtures/layers/make_pip_fixtures.py):
    /// one D006 that says what happened and what follows (no D005 for the stale RECORD, D007
    /// naming urllib3 once), and a fix that removes both and installs the kept version.
    @Test func installedTwiceIsOneFinding() throws {
        #expect(
            try Self.findings(["deps-installed-twice.zip"], runtime: "python3.11", arch: "x86_64") == [
                "D006 warning python/urllib3-1.26.20.dist-info/METADATA: urllib3 is installed twice in python/ "
                    + "(1.26.20 and 2.2.3): a second pip install --upgrade --target replaced its files but left "
                    + "urllib3-1.26.20's metadata behind, whose RECORD lists 2 files that are gone "
                    + "(urllib3/contrib/pyopenssl.py, urllib3/packages/six.py); the files are urllib3 2.2.3's, but "
                    + "importlib.metadata, pip and layerlint may report either version",
                "D007 info python/urllib3-2.2.3.dist-info/METADATA: the layer bundles urllib3 2.2.3, overriding the "
                    + "runtime's own copies in /var/lang/lib/python3.11/site-packages",
            ])
        let context = try Self.context(["deps-installed-twice.zip"], runtime: "python3.11", arch: "x86_64")
        let found = LintEngine.run(context, rules: try RuleSelection(select: ["D006"]).rules()).findings
        #expect(
            found.map(\.fix) == [
                "remove both and install urllib3 2.2.3 once: rm -rf python/urllib3-1.26.20.dist-info python/urllib3 "
                    + "python/urllib3-2.2.3.dist-info && " + Self.pip311 + "urllib3==2.2.3"
            ])
        #expect(
            found.map(\.paths) == [
                ["python/urllib3-1.26.20.dist-info/METADATA", "python/urllib3-2.2.3.dist-info/METADATA"]
            ])
    }

    /// A package copied without metadata: reinstalled by its project's name where the import
    /// name is a known project's, keeping the versions already in the folder; else the
    /// command that finds the project where the files came from.
    @Test func missingMetadataFixNamesTheProjectOrHowToFindIt() throws {
        let known = try Self.context(["deps-bare-folder.zip"], runtime: "python3.11", arch: "x86_64")
        let unknown = try Self.context(["clash-folder.zip"], runtime: "python3.11", arch: "x86_64")
        let rules = try RuleSelection(select: ["D004"]).rules()
        #expect(
            LintEngine.run(known, rules: rules).findings.map(\.fix) == [
                "replace the copy with an install of requests: rm -rf python/requests && pip freeze --path python > "
                    + "/tmp/layer-pins.txt && " + Self.pip311 + "-c /tmp/layer-pins.txt requests"
            ])
        #expect(
            LintEngine.run(unknown, rules: rules).findings.map(\.fix) == [
                "find the project that provides utils where the files were copied from (python3 -c 'import "
                    + "importlib.metadata as m; print(m.packages_distributions().get(\"utils\"))' prints it there), "
                    + "then replace python/utils with a pip install of that project into python; if it is your own "
                    + "code, it needs no metadata"
            ])
    }

    /// Half the SDK: the part the layer has is reinstalled at its version with its
    /// dependencies pinned, and boto3 added in the range that shares botocore's minor version.
    @Test func partialSDKFixAddsTheMatchingBoto3() throws {
        let context = try Self.context(["deps-botocore-only.zip"], runtime: "python3.11", arch: "x86_64")
        let found = LintEngine.run(context, rules: try RuleSelection(select: ["D007"]).rules()).findings
        #expect(
            found.map(\.fix) == [
                "add what is missing in the matching version: rm -rf python/botocore python/botocore-1.35.36.dist-info "
                    + "python/jmespath python/jmespath-1.0.1.dist-info python/dateutil "
                    + "python/python_dateutil-2.9.0.post0.dist-info python/urllib3 python/urllib3-1.26.20.dist-info "
                    + "python/six.py python/six-1.16.0.dist-info && " + Self.pip311 + "botocore==1.35.36 "
                    + "jmespath==1.0.1 python-dateutil==2.9.0.post0 urllib3==1.26.20 six==1.16.0 'boto3>=1.35,<1.36'"
            ])
    }

    /// D005's fix reinstalls the same version over the trimmed or metadata-less copy, for
    /// the target, where it is (scripts/apply-fixes checks that it restores the files).
    @Test func incompleteDistributionFixReinstallsTheSameVersion() throws {
        let context = try Self.context(["deps-trimmed.zip"], runtime: "python3.12", arch: "x86_64")
        let fixes = LintEngine.run(context, rules: try RuleSelection(select: ["D005"]).rules()).findings.map(\.fix)
        // Each the same version first, installed before its old copy is removed.
        #expect(
            fixes == [
                "in the folder you zip (the one that holds python/): work=$(mktemp -d) "
                    + "&& { python3.12 -m pip freeze --path python | grep -v -x -F -e "
                    + "six==1.16.0 | grep -E '^[A-Za-z0-9._-]+==[^ ]+$' || true; } > "
                    + "\"$work/constraints.txt\" && { python3.12 -m pip install --target "
                    + "\"$work/new\" --platform manylinux2014_x86_64 --implementation cp "
                    + "--python-version 3.12 --only-binary=:all: -c \"$work/constraints.txt\" "
                    + "six==1.16.0 || { rm -rf \"$work/new\" && python3.12 -m pip install "
                    + "--target \"$work/new\" --platform manylinux2014_x86_64 --implementation "
                    + "cp --python-version 3.12 --only-binary=:all: -c "
                    + "\"$work/constraints.txt\" six; }; } && rm -rf python/six.py "
                    + "python/six-1.16.0.dist-info && mkdir -p python && cp -R \"$work/new/.\" "
                    + "python/ && rm -rf \"$work\"",
                "in the folder you zip (the one that holds python/): work=$(mktemp -d) "
                    + "&& { python3.12 -m pip freeze --path python | grep -v -x -F -e "
                    + "urllib3==2.2.3 | grep -E '^[A-Za-z0-9._-]+==[^ ]+$' || true; } > "
                    + "\"$work/constraints.txt\" && { python3.12 -m pip install --target "
                    + "\"$work/new\" --platform manylinux2014_x86_64 --implementation cp "
                    + "--python-version 3.12 --only-binary=:all: -c \"$work/constraints.txt\" "
                    + "urllib3==2.2.3 || { rm -rf \"$work/new\" && python3.12 -m pip install "
                    + "--target \"$work/new\" --platform manylinux2014_x86_64 --implementation "
                    + "cp --python-version 3.12 --only-binary=:all: -c "
                    + "\"$work/constraints.txt\" urllib3; }; } && rm -rf python/urllib3 "
                    + "python/urllib3-2.2.3.dist-info && mkdir -p python && cp -R "
                    + "\"$work/new/.\" python/ && rm -rf \"$work\"",
            ])
    }

    /// Both are warnings: importing selenium (whose stub, like the real package, imports
    /// nothing at its top) and urllib3 (which imports pysocks only in urllib3.contrib.socks)
    /// works without them; only the code that uses them fails.
    @Test func extrasAreFollowedOnlyWhereRequested() throws {
        let findings = try Self.findings(["deps-extras.zip"], runtime: "python3.11", arch: "arm64")
        #expect(
            findings.filter { $0.hasPrefix("D001") } == [
                "D001 warning python/selenium-4.25.0.dist-info/METADATA: selenium 4.25.0 requires trio~=0.17, "
                    + "trio-websocket~=0.9, typing_extensions~=4.9 and websocket-client~=1.8, which no layer provides; "
                    + "importing selenium works without them (imported only inside functions, under a guard, or not at "
                    + "all), so only the code that uses them fails",
                "D001 warning python/urllib3-2.2.3.dist-info/METADATA: urllib3 2.2.3 (for its extra \"socks\") "
                    + "requires pysocks!=1.5.7,<2.0,>=1.5.6, which no layer provides; importing urllib3 works without "
                    + "it (imported only inside functions, under a guard, or not at all), so only the code that uses "
                    + "it fails",
            ])
    }

    @Test func markersFalseOnLambdaRequireNothing() throws {
        // click needs colorama on Windows and importlib-metadata before 3.8; docker needs pywin32
        // on win32 and has extras nobody asks for; requests' socks extra is not requested.
        for runtime in ["python3.8", "python3.11", "python3.13"] {
            let findings = try Self.findings(["deps-markers.zip"], runtime: runtime, arch: "x86_64")
            #expect(findings.filter { $0.hasPrefix("D001") || $0.hasPrefix("D002") || $0.hasPrefix("D003") } == [])
        }
    }

    @Test func requiresPython() throws {
        #expect(
            try Self.findings(["deps-modern-click.zip"], runtime: "python3.9") == [
                "D008 error python/click-8.2.1.dist-info/METADATA: click 8.2.1 requires Python >=3.10 but python3.9 runs Python 3.9"
            ])
        #expect(try Self.findings(["deps-modern-click.zip"], runtime: "python3.10") == [])
    }

    @Test func eggInfoRequirementsComeFromRequiresTxt() throws {
        #expect(
            try Self.findings(["deps-egg-info.zip"], runtime: "python3.11") == [
                "D001 error python/legacy_tool-1.0-py3.11.egg-info/PKG-INFO: legacy-tool 1.0 requires requests>=2.0, "
                    + "which no layer provides; importing legacy_tool fails (python/legacy_tool/__init__.py line 2 "
                    + "imports requests)"
            ])
    }

    @Test func foreignBytecode() throws {
        #expect(
            try Self.findings(["deps-bytecode.zip"], runtime: "python3.11") == [
                "L006 info python/__pycache__/helpers.cpython-312.pyc: 2 .pyc files in __pycache__ were compiled by "
                    + "Python 3.12; Python 3.11 ignores them and compiles the modules again at each cold start",
                "L006 warning python/legacy.pyc: compiled by Python 3.12 with no .py beside it: python3.11 (Python "
                    + "3.11) cannot import it (ImportError: bad magic number)",
            ])
        // The same layer for Python 3.12: the 3.11 cache is dead weight and the 3.11-compiled
        // sourceless module cannot load; the 3.12 files are fine.
        #expect(
            try Self.findings(["deps-bytecode.zip"], runtime: "python3.12").map(Self.head) == [
                "L006 info python/__pycache__/six.cpython-311.pyc", "L006 warning python/compiled.pyc",
            ])
    }

    @Test func dependencyRulesNeedARuntime() throws {
        let result = LintEngine.run(try Self.context(["deps-requests-nodeps.zip"], runtime: nil), rules: Self.rules)
        #expect(result.findings.isEmpty)
        #expect(result.skipped.map(\.rule) == ["L006", "D001", "D002", "D003", "D007", "D008", "D009"])
    }

    @Test func imageListsDistributionsAndImportNames() throws {
        let image = try Self.context(["deps-requests-complete.zip"], runtime: "python3.11").image
        #expect(image.searchPath == ["/opt/python/lib/python3.11/site-packages", "/opt/python"])
        #expect(
            image.distributions.map(\.displayName) == [
                "certifi 2024.8.30", "charset-normalizer 3.4.0", "idna 3.10", "requests 2.32.3", "urllib3 2.2.3",
            ])
        #expect(
            image.distributions.map(\.importNames) == [
                ["certifi"], ["charset_normalizer"], ["idna"], ["requests"], ["urllib3"],
            ])
        #expect(image.importNames.map(\.name) == ["certifi", "charset_normalizer", "idna", "requests", "urllib3"])
        #expect(image.importNames.allSatisfy { $0.kind == .package })
    }

    @Test func recordPathsResolveInsideTheirFolder() {
        #expect(RecordPath.resolve("requests/api.py") == "requests/api.py")
        #expect(RecordPath.resolve("./requests//api.py") == "requests/api.py")
        #expect(RecordPath.resolve("...py") == "...py")
        #expect(RecordPath.resolve("../../bin/normalizer") == nil)
        #expect(RecordPath.resolve("requests/../../x.py") == nil)
        #expect(RecordPath.resolve("requests/__pycache__/api.cpython-311.pyc") == nil)
        #expect(RecordPath.resolve("requests/__pycache__/notes.txt") == nil)
        #expect(RecordPath.resolve("/etc/passwd") == nil)
        #expect(RecordPath.resolve("") == nil)
    }

    /// The one-pass test agrees with `resolve` on which paths are plain, ignored or need it.
    /// Name and version from a metadata folder's name, when its metadata cannot say.
    @Test func namesAndVersionsFromFolderNames() {
        let cases: [(String, String, String?)] = [
            ("requests-2.32.3.dist-info", "requests", "2.32.3"), ("foo.egg-info", "foo", nil),
            ("foo-1.0-py3.11.egg-info", "foo", "1.0"), ("name--1.0.dist-info", "name", "1.0"),
            ("a-.dist-info", "a", nil), ("noext", "", nil), ("café-2.0.dist-info", "café", "2.0"),
        ]
        for (folder, name, version) in cases {
            let guess = DistributionReader.guessNameAndVersion(folder)
            #expect(guess.name == name && guess.version == version, "\(folder)")
        }
    }

    @Test func recordPathShapes() {
        func shape(_ path: String) -> RecordPath.Shape {
            var path = path
            return path.withUTF8 { RecordPath.shape(of: $0) }
        }
        #expect(shape("requests/api.py") == .plain)
        #expect(shape("...py") == .plain)
        #expect(shape("requests-2.32.3.dist-info/RECORD") == .plain)
        #expect(shape("requests/__pycache__/api.cpython-311.pyc") == .ignored)
        #expect(shape("/etc/passwd") == .ignored)
        for irregular in [
            "", "./requests//api.py", "../../bin/normalizer", "a/./b", "a/", "x/__pycache__/notes.txt", "..",
            "x/__pycache__", "___pycache__/a",
        ] {
            #expect(shape(irregular) == .irregular, "\(irregular)")
        }
        for plain in ["pkg/__init__.py", "a/__pycache_/b", "a/_pycache__/b", "a/__pycach", "_", "__"] {
            #expect(shape(plain) == .plain, "\(plain)")
        }
    }

    /// The image's table finds a member from its folder and relative path without joining
    /// them, compares bytes (not canonically equivalent text), and keeps the last writer.
    @Test func pathTableLooksUpJoinedPieces() {
        var table = PathTable()
        table.reserveCapacity(3)
        for index in 0..<1000 {
            table.updateValue(.init(source: 0, index: index), forKey: "python/pkg/module_\(index).py")
        }
        #expect(table.updateValue(.init(source: 1, index: 7), forKey: "python/pkg/module_7.py")?.source == 0)
        table.updateValue(.init(source: 0, index: 2000), forKey: "python/caf\u{E9}.py")
        #expect(table.count == 1001)
        #expect(table.value(prefix: "python/pkg/", rest: "module_7.py").map { [$0.source, $0.index] } == [1, 7])
        #expect(table.value(prefix: "python/pkg/module_999.py")?.index == 999)
        #expect(table.value(prefix: "python/", rest: "pkg/module_1000.py") == nil)
        #expect(table.value(prefix: "python/", rest: "caf\u{E9}.py")?.index == 2000)
        #expect(table.value(prefix: "python/", rest: "cafe\u{301}.py") == nil)
        #expect(table.value(prefix: "python/pkg", rest: "module_7.py") == nil)
    }

    @Test func specifierOverlap() throws {
        func overlaps(_ a: String, _ b: String) throws -> Bool {
            SpecifierOverlap.overlaps(try .init(a), try .init(b))
        }
        #expect(try !overlaps(">=2", ">=1.25.4,<1.27"))
        #expect(try overlaps("<3,>=1.21.1", ">=1.25.4,<1.27"))
        #expect(try overlaps("~=1.26.0", "<1.27"))
        #expect(try !overlaps("==1.26.*", ">=1.27"))
        #expect(try overlaps("!=1.26.5", "==1.26.*"))
        #expect(try !overlaps("<1.0", ">1.0"))
        #expect(try overlaps("", ">=1.25.4,<1.27"))
    }
}
