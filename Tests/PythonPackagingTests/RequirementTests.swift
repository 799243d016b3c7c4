import Testing

@testable import PythonPackaging

/// PEP 508 requirements and markers against `packaging` (requirements.json, markers.json).
@Suite struct RequirementTests {
    struct Case: Decodable {
        let input: String
        let valid: Bool
        let name: String?
        let extras: [String]?
        let specifier: String?
        let url: String?
        let marker: String?
    }

    static let cases = GoldenData.load("requirements.json", as: [Case].self)

    @Test func goldenDataCoversRealMetadata() {
        #expect(Self.cases.count > 700)
    }

    /// The tokenizer builds each specifier from the version it scanned; over every golden
    /// requirement, those specifiers have the parts that parsing their own text gives.
    @Test func tokenizedSpecifiersEqualParsedOnes() {
        var checked = 0
        for item in Self.cases {
            guard let requirement = try? Requirement(item.input) else { continue }
            for specifier in requirement.specifier.specifiers {
                let parsed = try? Specifier(specifier.description)
                #expect(parsed?.op == specifier.op, "\(item.input)")
                #expect(parsed?.versionText == specifier.versionText, "\(item.input)")
                #expect(parsed?.version?.description == specifier.version?.description, "\(item.input)")
                #expect(parsed?.version?.release == specifier.version?.release, "\(item.input)")
                #expect(parsed?.isWildcard == specifier.isWildcard, "\(item.input)")
                checked += 1
            }
        }
        #expect(checked > 300)
    }

    @Test func requirementsParseAsPackagingDoes() {
        var disagreements: [String] = []
        for item in Self.cases {
            let parsed: Requirement?
            do {
                parsed = try Requirement(item.input)
            } catch {
                parsed = nil
                if item.valid { disagreements.append("\(item.input.debugDescription): rejected (\(error))") }
            }
            guard let requirement = parsed else { continue }
            guard item.valid else {
                disagreements.append("\(item.input.debugDescription): accepted, packaging rejects")
                continue
            }
            if requirement.name != item.name {
                disagreements.append("\(item.input.debugDescription): name \(requirement.name)")
            }
            if requirement.extras != item.extras {
                disagreements.append("\(item.input.debugDescription): extras \(requirement.extras)")
            }
            if requirement.specifier.description != item.specifier {
                disagreements.append("\(item.input.debugDescription): specifier \(requirement.specifier)")
            }
            if requirement.url != item.url {
                disagreements.append("\(item.input.debugDescription): url \(requirement.url ?? "nil")")
            }
            if requirement.marker?.description != item.marker {
                disagreements.append(
                    "\(item.input.debugDescription): marker \(requirement.marker?.description ?? "nil")")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements: \(disagreements.prefix(12))")
    }

    @Test func normalizedNamesAndText() throws {
        let requirement = try Requirement("Foo_Bar[Extra_One, a]>=1 ; extra == 'Test_Extra'")
        #expect(requirement.normalizedName == "foo-bar")
        #expect(requirement.description == "Foo_Bar[Extra_One,a]>=1; extra == \"test-extra\"")
    }

    @Test func garbageIsATypedError() {
        #expect(throws: RequirementError.self) { try Requirement("requests >= 2.0 ; ") }
        do {
            _ = try Requirement("foo; python_version >= ")
        } catch {
            #expect(error.description.contains("Expected a marker variable or quoted string"))
        }
    }
}

@Suite struct MarkerTests {
    struct Golden: Decodable {
        struct Item: Decodable {
            let marker: String
            let valid: Bool
            let normalized: String?
            let results: [GoldenScalar]?
        }
        let environments: [[String: String]]
        let markers: [Item]
    }

    static let golden = GoldenData.load("markers.json", as: Golden.self)

    @Test func goldenDataCoversTheLambdaMatrix() {
        #expect(Self.golden.environments.count == 42)
        #expect(Self.golden.markers.compactMap(\.results).joined().count > 6000)
    }

    /// Markers with an `extra` comparison inside parentheses: packaging 26.x (the golden
    /// data's reference) normalizes extras at the top level only; PEP 685 and packaging's
    /// main branch normalize them at every depth, as we do. The test below skips exactly
    /// these, and `extrasNormalizedAtEveryDepth` asserts our answers for them.
    static let followsPEP685OverPackaging26: Set<String> = [
        "(extra == 'Socks')", "extra == 'SOCKS' and (extra == 'Socks' or python_version >= '3')",
    ]

    @Test func markersParseEvaluateAndPrintAsPackagingDoes() {
        var disagreements: [String] = []
        for item in Self.golden.markers where !Self.followsPEP685OverPackaging26.contains(item.marker) {
            guard let marker = try? Marker(item.marker) else {
                if item.valid { disagreements.append("\(item.marker.debugDescription): rejected") }
                continue
            }
            guard item.valid else {
                disagreements.append("\(item.marker.debugDescription): accepted, packaging rejects")
                continue
            }
            if marker.description != item.normalized {
                disagreements.append("\(item.marker.debugDescription): printed as \(marker)")
            }
            for (environment, expected) in zip(Self.golden.environments, item.results ?? []) {
                let ours: GoldenScalar
                do {
                    ours = .bool(try marker.evaluate(in: MarkerEnvironment(environment)))
                } catch .undefinedComparison {
                    ours = .text("UndefinedComparison")
                } catch .undefinedEnvironmentName {
                    ours = .text("UndefinedEnvironmentName")
                } catch {
                    ours = .text("\(error)")
                }
                if ours != expected {
                    disagreements.append(
                        "\(item.marker.debugDescription) in python \(environment["python_version"] ?? "?") "
                            + "\(environment["platform_machine"] ?? "?") extra=\(environment["extra"] ?? ""): "
                            + "ours \(ours), packaging \(expected)")
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements: \(disagreements.prefix(12))")
    }

    /// PEP 685: extras compare normalized at every depth of a marker; markers and
    /// requirements compare by their normalized forms; a NUL in a value is rejected.
    @Test func extrasNormalizedAtEveryDepth() throws {
        #expect(Self.golden.markers.filter { Self.followsPEP685OverPackaging26.contains($0.marker) }.count == 2)
        let nested = try Marker("python_version >= \"3\" and (extra == \"Socks\")")
        #expect(nested.description == "python_version >= \"3\" and extra == \"socks\"")
        let environment = MarkerEnvironment.lambda(pythonFullVersion: "3.11.9", machine: "x86_64", extra: "socks")
        #expect(try nested.evaluate(in: environment))
        #expect(try Marker("(extra == 'Socks')").evaluate(in: environment))
        #expect(try Marker("python_version>'3'") == Marker("(python_version > \"3\")"))
        #expect(Set([try Marker("os_name=='posix'"), try Marker("os_name == \"posix\"")]).count == 1)
        #expect(try Requirement("Foo_Bar>=1") == Requirement("foo-bar >= 1"))
        #expect(try Requirement("Foo_Bar>=1") != Requirement("foo-bar >= 2"))
        #expect(Set([try Requirement("Foo.Bar"), try Requirement("foo-bar")]).count == 1)
        #expect(throws: MarkerError.self) { try Marker("os_name == 'a\u{0}b'") }
        #expect(throws: MarkerError.self) { try Marker("os_name == \"a\\x00b\"") }
    }

    /// Literals without escapes are cut between their quotes; the others are decoded.
    @Test func stringLiteralsWithAndWithoutEscapes() {
        let cases: [(String, String?)] = [
            ("'socks'", "socks"), ("\"win32\"", "win32"), ("''", ""), ("'é'", "é"), ("'a\\'b'", "a'b"),
            ("'\\x41\\n'", "A\n"), ("'a\nb'", nil), ("'abc\"", nil), ("'", nil), ("'a.b'", "a.b"),
        ]
        for (literal, value) in cases { #expect(PythonLiteral.unquote(literal) == value, "\(literal)") }
    }

    @Test func lambdaEnvironment() throws {
        let environment = MarkerEnvironment.lambda(pythonFullVersion: "3.11.13", machine: "aarch64", extra: "Socks")
        #expect(try Marker("python_version >= '3.11' and platform_machine == 'aarch64'").evaluate(in: environment))
        #expect(try Marker("extra == 'socks'").evaluate(in: environment))
        #expect(try !Marker("sys_platform == 'win32'").evaluate(in: environment))
        #expect(try !Marker("python_version < '3.8'").evaluate(in: environment))
    }
}
