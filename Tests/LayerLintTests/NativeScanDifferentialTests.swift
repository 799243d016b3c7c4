import BinaryFormats
import Foundation
@testable import LayerLint
@testable import OpeningStage
import TestSupport
import Testing
import ZipArchive

/// `check` reads native binaries by prefix (`NativeScan.Detail.loaderNeeds`), `inspect` its
/// dynamic section in passes that keep only its tables: over every layer fixture, and over
/// the real layers that `Benchmarks/` and `scripts/real-native-layers` build when they are
/// present on this machine, both readings give every binary the same loader needs and the
/// same problem, and what the whole member inflated and parsed at once gives.
@Suite struct NativeScanDifferentialTests {
    static func layers() -> [String] {
        let fixtures = FixturePaths.packageRoot.appendingPathComponent("Fixtures/layers")
        let real = ["Benchmarks/work", "scripts/work/real-native-layers"].map {
            FixturePaths.packageRoot.appendingPathComponent($0)
        }
        return ([fixtures] + real).flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
                .filter { $0.hasSuffix(".zip") }.map { folder.appendingPathComponent($0).path }
        }
    }

    @Test func prefixAndFullReadsAgree() throws {
        var compared = 0
        var settledByPrefix = 0
        for path in Self.layers() {
            guard let archive = try? Archive(path: path) else { continue }
            let candidates = archive.entries.indices(where: { NativeScan.isCandidate($0) })
            for index in candidates {
                let entry = archive.entries[index]
                let quick = NativeScan.read(entry, of: archive, archivePath: path, detail: .loaderNeeds)
                let full = NativeScan.read(entry, of: archive, archivePath: path, detail: .dynamicSection)
                #expect(quick.loaderNeeds == full.loaderNeeds, "\(path): \(entry.name)")
                #expect(quick.problem == full.problem, "\(path): \(entry.name)")
                #expect(quick.format == full.format, "\(path): \(entry.name)")
                // The simple path: the whole member inflated and parsed at once.
                if case .elf(let header)? = full.format, header.type == .sharedObject || header.type == .executable,
                    let whole = try? archive.contents(of: entry, limit: NativeScan.readLimit)
                {
                    let dense = Result { () throws(BinaryFormatError) in try ELFDynamicInfo(elf: whole) }
                    #expect(full.dynamic == (try? dense.get()), "\(path): \(entry.name)")
                    #expect(full.loaderNeeds == (try? dense.get()).map(ELFLoaderNeeds.init), "\(path): \(entry.name)")
                    if case .failure = dense { #expect(full.problem != nil, "\(path): \(entry.name)") }
                }
                compared += 1
                if quick.dynamic == nil && quick.loaderNeeds != nil { settledByPrefix += 1 }
            }
        }
        #expect(compared >= 10)
        #expect(settledByPrefix >= 1)
    }
}
