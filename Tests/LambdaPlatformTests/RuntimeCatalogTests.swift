import Foundation
import Testing

@testable import LambdaPlatform

/// The integrity of the bundled runtime catalog, and the facts the rules stand on.
@Suite struct RuntimeCatalogTests {
    static let catalog: RuntimeCatalog = {
        do {
            return try RuntimeCatalog.bundled()
        } catch {
            fatalError("\(error)")
        }
    }()

    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
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
