import Foundation
import TestSupport
import Testing

@testable import LambdaPlatform

/// The integrity of the bundled runtime catalog, and the facts the rules stand on.
@Suite struct RuntimeCatalogTests {
    static let catalog = bundledCatalog

    static func isISODate(_ text: String) -> Bool { RuntimeCatalog.isISODate(text) }

    /// The compiled-in catalog passes the checks a --catalog file is held to.
    @Test func theBundledCatalogHasNoProblems() {
        #expect(Self.catalog.problems() == [])
        #expect(Self.isISODate(Self.catalog.asOf))
        #expect(!Self.isISODate("2026-1-20") && !Self.isISODate("2026-13-01") && !Self.isISODate("２０２６-11-20"))
    }

    /// The bundled JSON with one edit, as a file given with --catalog.
    static func edited(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        let json = Data(EmbeddedData.runtimes.utf8)
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func editingRuntime(_ identifier: String, _ edit: @escaping (inout [String: Any]) -> Void) -> (
        inout [String: Any]
    ) -> Void {
        { catalog in
            guard var runtimes = catalog["runtimes"] as? [[String: Any]],
                let index = runtimes.firstIndex(where: { $0["identifier"] as? String == identifier })
            else { return }
            edit(&runtimes[index])
            catalog["runtimes"] = runtimes
        }
    }

    /// A catalog file is decoded and validated as strictly as the bundled one; the error
    /// names the file and the first problem.
    @Test func aCatalogFileIsHeldToTheSameRules() throws {
        func reason(_ edit: @escaping (inout [String: Any]) -> Void) throws -> String? {
            let json = try Self.edited(edit)
            do throws(RuntimeCatalogError) {
                _ = try RuntimeCatalog(json: json, file: "new.json")
                return nil
            } catch .invalidCatalog(let file, let reason) {
                #expect(file == "new.json")
                return reason
            } catch {
                return "\(error)"
            }
        }
        #expect(try reason { _ in } == nil)
        // A new runtime is one entry: accepted.
        #expect(
            try reason { catalog in
                var runtimes = catalog["runtimes"] as? [[String: Any]] ?? []
                guard var entry = runtimes.first(where: { $0["identifier"] as? String == "python3.14" }),
                    var python = entry["python"] as? [String: Any]
                else { return }
                entry["identifier"] = "python3.15"
                python["version"] = "3.15"
                python["sysPath"] = ["/var/task", "/opt/python/lib/python3.15/site-packages", "/opt/python"]
                python["runtimePackagesPath"] = "/opt/python"
                entry["python"] = python
                runtimes.append(entry)
                catalog["runtimes"] = runtimes
            } == nil)
        #expect(
            try reason { $0["asOf"] = "20 November 2026" }
                == "asOf \"20 November 2026\" is not an ISO date (2026-11-20)")
        #expect(try reason { $0["schemaVersion"] = 2 } == "schemaVersion 2 is not one this layerlint reads (1)")
        // Names are printed in terminals: an escape sequence or a bidirectional override in
        // one would reach the report raw.
        #expect(
            try reason { catalog in
                var runtimes = catalog["runtimes"] as? [[String: Any]] ?? []
                guard let index = runtimes.firstIndex(where: { $0["identifier"] as? String == "python3.12" }) else { return }
                runtimes[index]["identifier"] = "python3.12\u{1B}[31m\u{202E}"
                catalog["runtimes"] = runtimes
            } == "runtime python3.12\u{1B}[31m\u{202E}: the identifier may hold only ASCII letters, digits, '.', '-' and '_'")
        #expect(
            try reason { catalog in
                var systems = catalog["operatingSystems"] as? [[String: Any]] ?? []
                systems[0]["name"] = "Amazon\u{202E}Linux"
                catalog["operatingSystems"] = systems
            }?.hasPrefix("an operating system's name may hold only printable ASCII characters") == true)
        #expect(try reason { $0.removeValue(forKey: "limits") } == "limits is missing")
        #expect(
            try reason(Self.editingRuntime("python3.12") { $0["architectures"] = ["sparc"] })
                == "runtimes[16].architectures[0]: Cannot initialize Architecture from invalid String value sparc")
        #expect(
            try reason(Self.editingRuntime("python3.12") { $0["identifier"] = "python3.11" })
                == "runtime python3.11 is listed twice")
        #expect(
            try reason(Self.editingRuntime("python3.12") { $0["operatingSystem"] = "Amazon Linux 3" })
                == "runtime python3.12: operating system \"Amazon Linux 3\" is not in operatingSystems")
        #expect(
            try reason(
                Self.editingRuntime("python3.12") { $0["sources"] = [["url": "http://example.com", "covers": "x"]] })
                == "runtime python3.12: every entry needs at least one https:// source")
        #expect(
            try reason(
                Self.editingRuntime("python3.12") { runtime in
                    var python = runtime["python"] as? [String: Any] ?? [:]
                    python["providedVersions"] = ["urllib3": "about two"]
                    runtime["python"] = python
                }) == "runtime python3.12: providedVersions of urllib3, \"about two\", is not a specifier set")
        #expect(
            try reason(
                Self.editingRuntime("python3.12") { runtime in
                    var python = runtime["python"] as? [String: Any] ?? [:]
                    python["sysPath"] = ["/opt/python"]
                    runtime["python"] = python
                })
                == "runtime python3.12: sysPath does not start with /var/task, /opt/python/lib/python3.12/site-packages, /opt/python"
        )
        #expect(
            try reason { catalog in
                let runtimes = catalog["runtimes"] as? [[String: Any]] ?? []
                let python = runtimes.first { $0["identifier"] as? String == "python3.12" }?["python"]
                Self.editingRuntime("nodejs22.x") { $0["python"] = python }(&catalog)
            } == "runtime nodejs22.x: only Python runtimes have a python section")
        do throws(RuntimeCatalogError) {
            _ = try RuntimeCatalog(json: Data("not json".utf8), file: "new.json")
            Issue.record("not JSON was accepted")
        } catch {
            #expect(error == .invalidCatalog(file: "new.json", reason: "it is not JSON"))
            #expect(error.description == "the runtime catalog new.json cannot be used: it is not JSON")
        }
    }

    @Test func identifiersAreUniqueAndEveryEntryIsSourced() {
        let identifiers = Self.catalog.runtimes.map(\.identifier)
        #expect(Set(identifiers).count == identifiers.count)
        for runtime in Self.catalog.runtimes {
            #expect(
                !runtime.sources.isEmpty && runtime.sources.allSatisfy { $0.url.hasPrefix("https://") },
                "\(runtime.identifier)")
            #expect(Self.isISODate(runtime.asOf), "\(runtime.identifier)")
            #expect(Self.catalog.operatingSystem(of: runtime) != nil, "\(runtime.identifier): unknown OS")
            #expect(runtime.identifier.hasPrefix(runtime.family), "\(runtime.identifier)")
            #expect(!runtime.architectures.isEmpty, "\(runtime.identifier)")
        }
    }

    @Test func lifecycleDatesAreDatesInOrder() {
        for runtime in Self.catalog.runtimes {
            let dates = [runtime.deprecated, runtime.blockCreate, runtime.blockUpdate].compactMap { $0 }
            #expect(dates.allSatisfy(Self.isISODate), "\(runtime.identifier)")
            if let create = runtime.blockCreate, let update = runtime.blockUpdate {
                #expect(create <= update, "\(runtime.identifier): creation is blocked after updates")
            }
        }
    }

    @Test func everyPythonRuntimeHasItsPathFacts() {
        let pythons = Self.catalog.runtimes.filter { $0.family == "python" }
        #expect(
            pythons.map(\.identifier) == [
                "python3.8", "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14",
            ])
        for runtime in pythons {
            guard let python = runtime.python else {
                Issue.record("\(runtime.identifier) has no Python facts")
                continue
            }
            #expect(runtime.identifier == "python" + python.version)
            #expect(
                Array(python.sysPath.prefix(3)) == [
                    "/var/task", "/opt/python/lib/python\(python.version)/site-packages", "/opt/python",
                ])
            #expect(python.sysPath.contains(python.runtimePackagesPath))
            #expect(
                python.providedDistributions.contains("boto3") && !python.providedDistributions.contains("requests"))
        }
        #expect(Self.catalog.runtimes.filter { $0.family != "python" }.allSatisfy { $0.python == nil })
    }

    @Test func factsTheRulesNeed() throws {
        let catalog = Self.catalog
        let python39 = try catalog.resolve("python3.9")
        #expect(catalog.operatingSystem(of: python39)?.glibc == "2.26")
        #expect(python39.python?.runtimePackagesPath == "/var/runtime")
        #expect(python39.python?.urllib3Major == 1)
        #expect(python39.python?.opensslVersion == "1.0.2")
        let python311 = try catalog.resolve("python3.11")
        #expect(python311.python?.runtimePackagesPath == "/var/lang/lib/python3.11/site-packages")
        #expect(catalog.operatingSystem(of: try catalog.resolve("python3.12"))?.glibc == "2.34")
        #expect(catalog.limits.maxLayers == 5)
        #expect(catalog.limits.directUploadZippedBytes == 52_428_800)
        #expect(catalog.limits.unzippedBytes == 262_144_000)
    }

    @Test func unknownRuntimeListsTheKnownOnes() {
        do {
            _ = try Self.catalog.resolve("python3.7")
            Issue.record("python3.7 resolved")
        } catch {
            #expect(error.description.hasPrefix("unknown runtime \"python3.7\"; known runtimes: dotnet8, java8.al2"))
            #expect(error.description.contains("python3.14"))
        }
    }
}
