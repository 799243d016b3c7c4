import Foundation
@testable import ImageModel
import LambdaPlatform
@testable import LayerLint
@testable import LintRules
@testable import OpeningStage
import TestSupport
import Testing

/// C001-C008 on the native fixtures (Fixtures/layers/make_native_fixtures.py, whose
/// extension modules are compiled by Fixtures/binaries/make_binary_fixtures.py).
@Suite struct CompatibilityRulesTests {
    static let catalog = bundledCatalog

    static let rules: [any Rule] = {
        do { return try RuleSelection(select: ["C"]).rules() } catch { fatalError("\(error)") }
    }()

    /// `RULE member` of each finding for `fixture` on the target, today being 2026-11-25.
    static func findings(
        _ fixture: String, runtime: String?, arch: String? = nil, metadata: LayerVersionMetadata? = nil,
        today: String = "2026-11-25"
    ) throws -> [String] {
        let layer = try CheckInput.load(path: FixturePaths.layer(fixture), role: .layer).with(metadata: metadata)
        let target = try TargetResolution.resolve(
            runtimeOption: runtime, architectureOption: arch, functionConfiguration: nil, catalog: catalog)
        let context = LintContext(target: target, layers: [layer], catalog: catalog, today: today)
        return LintEngine.run(context, rules: rules).findings.map { "\($0.rule) \($0.path ?? "-")" }
    }

    static let module311 = "python/fastmath/_core.cpython-311-x86_64-linux-gnu.so"

    /// A loose extension module (cffi's _cffi_backend beside its package, as its wheel
    /// installs it) built for arm64: one C001, merged with the WHEEL tag's, whose fix names
    /// the project its RECORD says installed it (not a project "python"). On arm64, nothing.
    @Test func looseBinaryIsOneFindingNamingItsProject() throws {
        let layer = try CheckInput.load(path: FixturePaths.layer("group-loose-binary.zip"), role: .layer)
        let target = try TargetResolution.resolve(
            runtimeOption: "python3.12", architectureOption: "x86_64", functionConfiguration: nil, catalog: Self.catalog
        )
        let context = LintContext(target: target, layers: [layer], catalog: Self.catalog, today: "2026-11-25")
        let found = LintEngine.run(context, rules: try RuleSelection(select: ["C001"]).rules()).findings
        #expect(found.map(\.path) == ["python/_cffi_backend.cpython-311-aarch64-linux-gnu.so"])
        #expect(
            found.first?.fix
                == "in the folder you zip (the one that holds python/): work=$(mktemp -d) && { "
                + "python3.12 -m pip install --target \"$work/new\" --platform "
                + "manylinux2014_x86_64 --platform manylinux_2_28_x86_64 --platform "
                + "manylinux_2_34_x86_64 --implementation cp --python-version 3.12 "
                + "--only-binary=:all: cffi==1.17.1 || { rm -rf \"$work/new\" && python3.12 -m "
                + "pip install --target \"$work/new\" --platform manylinux2014_x86_64 "
                + "--platform manylinux_2_28_x86_64 --platform manylinux_2_34_x86_64 "
                + "--implementation cp --python-version 3.12 --only-binary=:all: cffi; }; } && "
                + "rm -rf python/_cffi_backend.cpython-311-aarch64-linux-gnu.so python/cffi "
                + "python/cffi-1.17.1.dist-info && mkdir -p python && cp -R \"$work/new/.\" "
                + "python/ && rm -rf \"$work\"",
            "on Amazon Linux 2023, wheels for its glibc (2.34) count too")
        #expect(PipCommand.shellQuoted("python/a b") == "'python/a b'")
        #expect(PipCommand.shellQuoted("it's") == "'it'\\''s'")
        #expect(
            try Self.findings("group-loose-binary.zip", runtime: "python3.11", arch: "arm64").filter {
                $0.hasPrefix("C001")
            } == [])
    }

    /// C008's fix names the successor of the same language from the catalog: nodejs22.x for
    /// nodejs20.x, python3.12 for python3.9 (not "python3.12" for every runtime).
    @Test func deprecatedRuntimeNamesItsSuccessor() throws {
        let layer = try CheckInput.load(path: FixturePaths.layer("deps-requests-complete.zip"), role: .layer)
        for (runtime, successor) in [("nodejs20.x", "nodejs22.x"), ("python3.9", "python3.12"), ("java11", "java21")] {
            let target = try TargetResolution.resolve(
                runtimeOption: runtime, architectureOption: nil, functionConfiguration: nil, catalog: Self.catalog)
            let context = LintContext(target: target, layers: [layer], catalog: Self.catalog, today: "2026-11-25")
            let fixes = LintEngine.run(context, rules: try RuleSelection(select: ["C008"]).rules()).findings.map(\.fix)
            #expect(
                fixes == [
                    "move the function and the layer to \(successor) or later: rebuild the layer for it and set the "
                        + "function's runtime to it"
                ], "\(runtime)")
        }
    }

    /// Which members the native scan sniffs, by name.
    @Test func nativeCandidatesByName() {
        let sniffed = [
            "python/numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so", "lib/libpq.so.5",
            "lib/libpq.so.5.16", "python/x/_win.pyd", "python/x/libfoo.dylib", "python/x/foo.dll", "bin/tool",
            "python/bin/jp.py", "extensions/x/bin/run",
        ]
        let skipped = [
            "python/requests/api.py", "python/x/so/notes.txt", "python/x.so.py.txt/a", "binary/tool",
            "python/cabin/x", "python/x/.so", "lib/so.5",
        ]
        #expect(sniffed.filter { !NativeScan.isCandidateName($0) } == [])
        // ".so." anywhere counts, as in a versioned library; a bare ".so" file name ends in ".so".
        #expect(skipped.filter(NativeScan.isCandidateName) == ["python/x.so.py.txt/a", "python/x/.so"])
    }

    @Test func rightLayerForItsTarget() throws {
        #expect(try Self.findings("native-x86_64.zip", runtime: "python3.12", arch: "x86_64").isEmpty == false)
        #expect(try Self.findings("native-x86_64.zip", runtime: "python3.11", arch: "x86_64") == ["C008 -"])
        #expect(try Self.findings("native-abi3.zip", runtime: "python3.13", arch: "x86_64").isEmpty)
    }

    @Test func wrongArchitecture() throws {
        #expect(
            try Self.findings("native-x86_64.zip", runtime: "python3.11", arch: "arm64") == [
                "C008 -", "C001 \(Self.module311)",
            ])
        #expect(
            try Self.findings("native-aarch64.zip", runtime: "python3.11", arch: "x86_64") == [
                "C008 -", "C001 python/fastmath/_core.cpython-311-aarch64-linux-gnu.so",
            ])
        #expect(try Self.findings("native-aarch64.zip", runtime: "python3.11", arch: "arm64") == ["C008 -"])
    }

    @Test func macOSAndWindowsBinaries() throws {
        #expect(
            try Self.findings("native-macos.zip", runtime: nil) == ["C002 python/fastmath/_core.cpython-311-darwin.so"])
        #expect(
            try Self.findings("native-windows.zip", runtime: nil) == ["C002 python/fastmath/_core.cp311-win_amd64.pyd"])
    }

    @Test func otherCPython() throws {
        #expect(
            try Self.findings("native-cp312.zip", runtime: "python3.11", arch: "x86_64") == [
                "C008 -", "C003 python/fastmath/_core.cpython-312-x86_64-linux-gnu.so",
            ])
        #expect(try Self.findings("native-cp312.zip", runtime: "python3.12", arch: "x86_64").isEmpty)
        // abi3 built for 3.8 loads in every later CPython.
        #expect(try Self.findings("native-abi3.zip", runtime: "python3.12", arch: "x86_64").isEmpty)
    }

    @Test func glibcCeilingOfTheRuntimesOperatingSystem() throws {
        // glibc 2.28: too new for Amazon Linux 2 (python3.11), fine on Amazon Linux 2023 (python3.12).
        #expect(
            try Self.findings("native-glibc228.zip", runtime: "python3.11", arch: "x86_64") == [
                "C008 -", "C004 \(Self.module311)",
            ])
        #expect(
            try Self.findings("native-glibc228.zip", runtime: "python3.12", arch: "x86_64") == [
                "C003 \(Self.module311)"
            ])
        // glibc 2.36 is too new everywhere; the library in lib/ (2.28, no section headers) only on AL2.
        #expect(
            try Self.findings("native-glibc236.zip", runtime: "python3.12", arch: "x86_64") == [
                "C004 python/fastmath/_core.cpython-312-x86_64-linux-gnu.so"
            ])
        #expect(
            try Self.findings("native-glibc236.zip", runtime: "python3.11", arch: "x86_64") == [
                "C008 -", "C004 lib/libfastmath.so.1", "C003 python/fastmath/_core.cpython-312-x86_64-linux-gnu.so",
                "C004 python/fastmath/_core.cpython-312-x86_64-linux-gnu.so",
            ])
    }

    @Test func musl() throws {
        #expect(
            try Self.findings("native-musl.zip", runtime: nil) == [
                "C005 python/fastmath/_core.cpython-311-x86_64-linux-musl.so"
            ])
    }

    @Test func wheelTagsSpeakForDeletedModules() throws {
        #expect(
            try Self.findings("native-wheel-only.zip", runtime: "python3.11", arch: "x86_64") == [
                "C008 -", "C001 python/fastmath-1.0.dist-info/WHEEL", "C004 python/fastmath-1.0.dist-info/WHEEL",
            ])
    }

    @Test func messagesNameTheFileWhatItNeedsAndTheFix() throws {
        let layer = try CheckInput.load(path: FixturePaths.layer("native-glibc228.zip"), role: .layer)
        let target = try TargetResolution.resolve(
            runtimeOption: "python3.11", architectureOption: "arm64", functionConfiguration: nil, catalog: Self.catalog)
        let context = LintContext(target: target, layers: [layer], catalog: Self.catalog, today: "2026-11-25")
        let byRule = Dictionary(
            grouping: LintEngine.run(context, rules: Self.rules).findings, by: \.rule)
        #expect(
            byRule["C004"]?.first?.message
                == "\(Self.module311) is linked against GLIBC_2.28, newer than the glibc 2.26 of python3.11's "
                + "Amazon Linux 2: the import fails with \"version `GLIBC_2.28' not found\"; importing fastmath fails "
                + "(python/fastmath/__init__.py line 1: from ._core import *)")
        // The same version installed for the target into a fresh folder; only then is what the
        // distribution's RECORD installed removed, so no x86_64 file stays behind, and the new
        // copy put in its place. A version with no wheel for the target is relaxed.
        #expect(
            byRule["C001"]?.first?.fix
                == "in the folder you zip (the one that holds python/): work=$(mktemp -d) && { "
                + "python3.11 -m pip install --target \"$work/new\" --platform "
                + "manylinux2014_aarch64 --implementation cp --python-version 3.11 "
                + "--only-binary=:all: fastmath==1.0 || { rm -rf \"$work/new\" && python3.11 "
                + "-m pip install --target \"$work/new\" --platform manylinux2014_aarch64 "
                + "--implementation cp --python-version 3.11 --only-binary=:all: fastmath; }; "
                + "} && rm -rf python/fastmath python/fastmath-1.0.dist-info && mkdir -p "
                + "python && cp -R \"$work/new/.\" python/ && rm -rf \"$work\"")
    }

    /// Only what the target would load counts as broken (Fixtures/layers/native-vendored.zip):
    /// on x86_64, the macOS and Windows builds beside the Linux module, an arm64 helper nothing
    /// names and an arm64 library in fastmath.libs/ that the module does not need (its
    /// dynamic section names only libc, and was read because the layer holds a loose library
    /// of another CPU) are dead weight (info). On arm64, no variant of the module loads:
    /// importing fastmath fails, errors.
    @Test func onlyWhatTheTargetLoadsIsAnError() throws {
        func found(_ arch: String) throws -> [String] {
            let layer = try CheckInput.load(path: FixturePaths.layer("native-vendored.zip"), role: .layer)
            let target = try TargetResolution.resolve(
                runtimeOption: "python3.11", architectureOption: arch, functionConfiguration: nil,
                catalog: Self.catalog)
            let context = LintContext(target: target, layers: [layer], catalog: Self.catalog, today: "2026-11-25")
            return LintEngine.run(context, rules: try RuleSelection(select: ["C001", "C002"]).rules()).findings.map {
                "\($0.rule) \($0.severity) \($0.path ?? "-") \($0.paths.count)"
            }
        }
        #expect(
            try found("x86_64") == [
                "C001 info python/fastmath.libs/libgfortran-5f8b2e1a.so.5.0.0 2",
                "C002 info python/fastmath/_core.cp311-win_amd64.pyd 2",
            ])
        #expect(
            try found("arm64") == [
                "C002 error python/fastmath/_core.cp311-win_amd64.pyd 2",
                "C001 error python/fastmath/_core.cpython-311-x86_64-linux-gnu.so 0",
            ])
        let layer = try CheckInput.load(path: FixturePaths.layer("native-vendored.zip"), role: .layer)
        let target = try TargetResolution.resolve(
            runtimeOption: "python3.11", architectureOption: "x86_64", functionConfiguration: nil,
            catalog: Self.catalog)
        let context = LintContext(target: target, layers: [layer], catalog: Self.catalog, today: "2026-11-25")
        let warnings = LintEngine.run(context, rules: try RuleSelection(select: ["C001", "C002"]).rules()).findings
            .filter { $0.severity == .info }
        #expect(
            warnings.map(\.message) == [
                "2 native files of fastmath in python/fastmath.libs/ and python/fastmath/ are built for arm64 (e.g. "
                    + "python/fastmath.libs/libgfortran-5f8b2e1a.so.5.0.0), but the function runs on x86_64: Python "
                    + "cannot load them. Dead weight: nothing loads them on Lambda, as a file without a CPython tag in "
                    + "its name is no extension module, no binary the function loads needs it, and only bin/, lib/ and "
                    + ".libs folders hold the programs and libraries loaded by their place; and nothing imports the "
                    + "extension modules that would load it",
                "2 native files in python/fastmath/ are built for Windows (PE, x86_64), macOS (Mach-O, x86_64+arm64) "
                    + "(e.g. python/fastmath/_core.cp311-win_amd64.pyd); Lambda runs Linux and cannot load them. "
                    + "Dead weight: nothing loads them on Lambda, as Python imports _core from "
                    + "_core.cpython-311-x86_64-linux-gnu.so in the same folder",
            ])
        #expect(warnings.map(\.fix) == ["nothing to do: they only take space", "nothing to do: they only take space"])
    }

    /// A loose library is loaded when a binary the target loads needs it (DT_NEEDED, which the
    /// opening stage reads for such layers): the arm64 copy of libfastmath_helper.so.1 that
    /// the x86_64 module needs is an error, the arm64 helper nothing needs dead weight (info).
    @Test func aNeededLibraryOfTheWrongArchitectureIsAnError() throws {
        let layer = try CheckInput.load(path: FixturePaths.layer("native-needed-library.zip"), role: .layer)
        let target = try TargetResolution.resolve(
            runtimeOption: "python3.11", architectureOption: "x86_64", functionConfiguration: nil,
            catalog: Self.catalog)
        let context = LintContext(target: target, layers: [layer], catalog: Self.catalog, today: "2026-11-25")
        let found = LintEngine.run(context, rules: try RuleSelection(select: ["C"]).rules()).findings.filter {
            $0.rule != "C008"
        }
        #expect(
            found.map { "\($0.rule) \($0.severity) \($0.path ?? "-")" } == [
                "C010 error python/fastmath/_core.cpython-311-x86_64-linux-gnu.so",
                "C001 error python/fastmath/_libs/libfastmath_helper.so.1",
                "C001 info python/fastmath/_vendored/attach_linux_arm64.so",
            ])
        // Whatever its CPU, the helper sits where Lambda's loader never looks (the module has no
        // RPATH): C010 says where it is.
        let missing = try #require(found.first)
        #expect(missing.message.contains("not loadable: libfastmath_helper.so.1 not found"))
        #expect(
            missing.message.contains(
                "found at python/fastmath/_libs/libfastmath_helper.so.1 in \(FixturePaths.layer("native-needed-library.zip")), "
                    + "but Lambda's loader does not search python/fastmath/_libs/"))
        // The copy is arm64: moving it would not help, so the fix is a build for the function.
        #expect(
            missing.fix
                == "ship libfastmath_helper.so.1 built for the function's platform in the layer's lib/: the copy at "
                + "python/fastmath/_libs/libfastmath_helper.so.1 does not load there (its own finding says why)")
    }

    /// A native package copied without its .dist-info: the fix pins what its dependent
    /// requires (pydantic pins pydantic-core==2.23.4), never a folder name.
    @Test func bareNativePackageIsReinstalledAtTheVersionItsDependentPins() throws {
        let layer = try CheckInput.load(path: FixturePaths.layer("native-bare-core.zip"), role: .layer)
        let target = try TargetResolution.resolve(
            runtimeOption: "python3.11", architectureOption: "x86_64", functionConfiguration: nil,
            catalog: Self.catalog)
        let context = LintContext(target: target, layers: [layer], catalog: Self.catalog, today: "2026-11-25")
        let found = LintEngine.run(context, rules: try RuleSelection(select: ["C002"]).rules()).findings
        #expect(
            found.map(\.fix) == [
                "in the folder you zip (the one that holds python/): work=$(mktemp -d) "
                    + "&& { python3.11 -m pip freeze --path python | grep -E "
                    + "'^[A-Za-z0-9._-]+==[^ ]+$' || true; } > \"$work/constraints.txt\" && "
                    + "python3.11 -m pip install --target \"$work/new\" --platform "
                    + "manylinux2014_x86_64 --implementation cp --python-version 3.11 "
                    + "--only-binary=:all: -c \"$work/constraints.txt\" pydantic-core==2.23.4 "
                    + "&& rm -rf python/pydantic_core && mkdir -p python && cp -R "
                    + "\"$work/new/.\" python/ && rm -rf \"$work\""
            ])
    }

    @Test func layerMetadata() throws {
        let json = """
            {"LayerVersionArn": "arn:aws:lambda:eu-west-1:123456789012:layer:fastmath:4",
             "CompatibleRuntimes": ["python3.11", "python3.12"], "CompatibleArchitectures": ["x86_64"],
             "Content": {"CodeSha256": "x"}}
            """
        let metadata = try LayerVersionMetadata.decode(Data(json.utf8), file: "fastmath-4.json")
        #expect(
            try Self.findings("native-x86_64.zip", runtime: "python3.13", arch: "arm64", metadata: metadata).filter {
                $0.hasPrefix("C006") || $0.hasPrefix("C007")
            } == ["C006 -", "C007 -"])
        #expect(
            try Self.findings("native-x86_64.zip", runtime: "python3.12", arch: "x86_64", metadata: metadata).filter {
                $0.hasPrefix("C006") || $0.hasPrefix("C007")
            } == [])
    }

    /// C006 and C007 fixes publish the same ZIP again with the function's runtime or
    /// architecture added to what the layer declares (the layer's name from its ARN); from a
    /// template, the property to extend.
    @Test func layerMetadataFixesDeclareTheFunctionsTarget() throws {
        let json = """
            {"LayerVersionArn": "arn:aws:lambda:eu-west-1:123456789012:layer:fastmath:4",
             "CompatibleRuntimes": ["python3.11", "python3.12"], "CompatibleArchitectures": ["x86_64"],
             "Content": {"CodeSha256": "x"}}
            """
        let metadata = try LayerVersionMetadata.decode(Data(json.utf8), file: "fastmath-4.json")
        let layer = try CheckInput.load(path: FixturePaths.layer("native-x86_64.zip"), role: .layer)
        #expect(
            PublishCommand.declaring(
                runtimes: metadata.compatibleRuntimes + ["python3.13"], architectures: metadata.compatibleArchitectures,
                input: layer, metadata: metadata)
                == "aws lambda publish-layer-version --layer-name fastmath --zip-file "
                + PipCommand.shellQuoted("fileb://" + layer.path) + " "
                + "--compatible-runtimes python3.11 python3.12 python3.13 --compatible-architectures x86_64")
        // Metadata that names no layer (as a template's layer resource gives it).
        let template = try LayerVersionMetadata.decode(
            Data(#"{"CompatibleRuntimes": ["python3.11"], "Content": {"CodeSha256": "x"}}"#.utf8),
            file: "template.yaml#DepsLayer")
        #expect(
            PublishCommand.declaring(
                runtimes: ["python3.11"], architectures: [.x86_64, .arm64], input: layer, metadata: template)
                == "set CompatibleArchitectures to [x86_64, arm64] in template.yaml#DepsLayer")
    }

    @Test func deprecationDependsOnTheDay() throws {
        #expect(
            !(try Self.findings("native-x86_64.zip", runtime: "python3.9", arch: "x86_64", today: "2025-12-14")
                .contains(
                    "C008 -")))
        #expect(
            try Self.findings("native-x86_64.zip", runtime: "python3.9", arch: "x86_64", today: "2025-12-15").contains(
                "C008 -"))
        #expect(CalendarDay.current(environment: ["SOURCE_DATE_EPOCH": "1795564800"]) == "2026-11-25")
    }

    /// Today's date by arithmetic agrees with Foundation's calendar, across leap days and
    /// century years, from 1900 to 2400.
    @Test func datesByArithmetic() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        for day in stride(from: Int64(-25_567), through: 157_000, by: 7) {
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(day) * 86_400))
            guard CalendarDay.isoDate(daysSinceEpoch: day) == expected else {
                Issue.record("day \(day): \(CalendarDay.isoDate(daysSinceEpoch: day)), Foundation says \(expected)")
                return
            }
        }
        #expect(CalendarDay.isoDate(daysSinceEpoch: 11_016) == "2000-02-29")
        #expect(CalendarDay.isoDate(daysSinceEpoch: 0) == "1970-01-01")
    }
}
