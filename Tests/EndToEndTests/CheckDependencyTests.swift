import Foundation
import TestSupport
import Testing

/// `layerlint check` on the dependency fixtures: the README's story, run as a user runs it.
@Suite struct CheckDependencyTests {
    let cli = CommandRunner()

    /// The README's main command, byte for byte.
    @Test func requestsWithoutDependencies() throws {
        let result = try cli.run(
            "check", "Fixtures/layers/deps-requests-nodeps.zip", "--runtime", "python3.11", "--arch", "x86_64")
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        cli.expectSnapshot(result.stdout, "check-requests-nodeps.txt")
        #expect(!result.stdout.contains("\u{1B}["), "no colour when standard output is not a terminal")
    }

    @Test func filesAtTheRootOfTheZip() throws {
        let result = try cli.run("check", "Fixtures/layers/deps-requests-root.zip", "--runtime", "python3.11")
        #expect(result.status == 1)
        cli.expectSnapshot(result.stdout, "check-requests-root.txt")
    }

    @Test func versionedPathOfAnotherPython() throws {
        let result = try cli.run(
            "check", "Fixtures/layers/deps-requests-py312.zip", "--runtime", "python3.11", "--format", "json")
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let layout = findings.filter { $0["rule"] as? String != "C008" }  // python3.11 is deprecated
        #expect(layout.map { $0["rule"] as? String } == ["L002"])
        #expect(layout.first?["path"] as? String == "python/lib/python3.12/site-packages/")
        // The same layer is right for python3.12.
        let right = try cli.run("check", "Fixtures/layers/deps-requests-py312.zip", "--runtime", "python3.12")
        #expect(right.status == 0)
    }

    @Test func layersThatAreCompleteOnlyTogether() throws {
        let alone = try cli.run("check", "Fixtures/layers/deps-split-requests.zip", "--runtime", "python3.11")
        #expect(alone.status == 1)
        let together = try cli.run(
            "check", "Fixtures/layers/deps-split-requests.zip", "Fixtures/layers/deps-split-urllib3.zip",
            "--runtime", "python3.11", "--format", "json")
        #expect(together.status == 0)
        cli.expectSnapshot(together.stdout, "check-split-layers.json")
    }

    @Test func cleanLayerPassesWithItsInfoNote() throws {
        let result = try cli.run(
            "check", "Fixtures/layers/deps-requests-complete.zip", "--runtime", "python3.11", "--arch", "x86_64")
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("0 errors, 1 warning, 1 info (44 rules checked)\n"))
        #expect(
            try cli.run(
                "check", "Fixtures/layers/deps-requests-complete.zip", "--runtime", "python3.11", "--fail-on", "info"
            ).status == 1)
    }

    @Test func selectAndIgnore() throws {
        let layer = "Fixtures/layers/deps-requests-nodeps.zip"
        let onlyD003 = try cli.run("check", layer, "--runtime", "python3.11", "--select", "D003")
        #expect(onlyD003.status == 0, "a warning alone does not fail at the default --fail-on error")
        #expect(onlyD003.stdout.hasSuffix("0 errors, 1 warning, 0 info (1 rule checked)\n"))
        let ignored = try cli.run(
            "check", layer, "--runtime", "python3.11", "--ignore", "missing-dependency", "--ignore", "D003,C008")
        #expect(ignored.status == 0)
        #expect(ignored.stdout.hasSuffix("skipped without --arch: C001, C007\nno findings (39 rules checked)\n"))
        let prefixes = try cli.run("check", layer, "--runtime", "python3.11", "--select", "Z,L")
        #expect(prefixes.stdout.hasSuffix("no findings (15 rules checked)\n"))
        let unknown = try cli.run("check", layer, "--select", "D001,X9")
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr
                == "layerlint: error: --select: \"X9\" matches no rule; give ids (D001), id prefixes (D, C00) or "
                + "names (missing-dependency), comma separated; `layerlint rules` lists them\n")
        // A selection that runs nothing is a usage error, not a pass.
        let nothing = try cli.run("check", layer, "--ignore", "Z,L,D,C,S,P,F")
        #expect(nothing.status == 2)
        #expect(
            nothing.stderr
                == "layerlint: error: --ignore Z,L,D,C,S,P,F leaves no rule to run; a check that runs nothing "
                + "would pass any layer\n")
        // The more specific --select wins over a broader --ignore.
        let specific = try cli.run("check", layer, "--runtime", "python3.11", "--ignore", "D", "--select", "D001")
        #expect(specific.status == 1)
        #expect(specific.stdout.hasSuffix("(1 rule checked)\n"))
    }

    /// No silent pass: without a runtime, the dependency rules (D001-D003) run for every
    /// supported Python runtime of the catalog (on the pinned date, 2026-11-25), and the
    /// report says so; the other rules that need a runtime are skipped, named.
    @Test func withoutARuntimeMissingDependenciesAreCheckedOnEveryPython() throws {
        let result = try cli.run("check", "Fixtures/layers/deps-requests-nodeps.zip")
        #expect(result.status == 1)
        let pip =
            "pip freeze --path python > /tmp/layer-pins.txt && pip install --platform manylinux2014_x86_64 "
            + "--platform manylinux_2_28_x86_64 --platform manylinux_2_34_x86_64 --implementation cp "
            + "--only-binary=:all: --python-version 3.14 --upgrade --target python "
            + "-c /tmp/layer-pins.txt "
        let note = " (for python3.14; give --runtime for the command for yours)"
        #expect(
            result.stdout == """
                target: none given; dependencies (D001-D003) are checked for every supported Python runtime \
                (python3.12, python3.13, python3.14), other rules that need a runtime are skipped
                layer Fixtures/layers/deps-requests-nodeps.zip: 13 entries, 995 bytes zipped, 1,916 bytes unzipped

                error[D001 missing-dependency]: Fixtures/layers/deps-requests-nodeps.zip: python/requests-2.32.3.dist-info/METADATA
                  requests 2.32.3 requires charset-normalizer<4,>=2, idna<4,>=2.5 and certifi>=2017.4.17, which no \
                layer provides on every supported Python runtime (python3.12 to python3.14; no --runtime given)
                  fix: add them to the layer: \(pip)'charset-normalizer<4,>=2' 'idna<4,>=2.5' 'certifi>=2017.4.17'\(note)

                warning[D003 runtime-provided-dependency]: Fixtures/layers/deps-requests-nodeps.zip: python/requests-2.32.3.dist-info/METADATA
                  requests 2.32.3 requires urllib3<3,>=1.21.1; no layer provides it, so on every supported Python \
                runtime (python3.12 to python3.14; no --runtime given) it comes from the runtime's own copy, whose \
                version AWS may change
                  fix: bundle it so that the version is yours: \(pip)'urllib3<3,>=1.21.1'\(note)

                skipped without --runtime: L005, L006, D007, D008, D009, C003, C004, C006, C008, C010, C011, F001, F002
                skipped without --arch: C001, C007
                1 error, 1 warning, 0 info (29 rules checked)

                """)
    }

    /// Without a runtime, a version conflict found on every supported Python is an error,
    /// with the fix for the newest of them.
    @Test func withoutARuntimeConflictsAreCheckedOnEveryPython() throws {
        let result = try cli.run("check", "Fixtures/layers/deps-conflict.zip", "--select", "D002")
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                "docker 7.1.0 requires requests>=2.26.0, but requests 2.25.1 is installed "
                    + "(python/requests-2.25.1.dist-info/METADATA in Fixtures/layers/deps-conflict.zip) on every "
                    + "supported Python runtime (python3.12 to python3.14; no --runtime given)\n"))
        #expect(result.stdout.hasSuffix("2 errors, 0 warnings, 0 info (1 rule checked)\n"))
    }
}
