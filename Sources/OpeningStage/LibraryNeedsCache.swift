import BinaryFormats
import Foundation
import LambdaPlatform
import ZipArchive

/// What reading ELF members for the loader model gave, kept on disk by their content, so that
/// checking the same libraries again (a layer rebuilt with the same wheels, a pre-upload check
/// run twice) does not inflate them again: reaching the dynamic section of a library patched by
/// auditwheel means inflating all of it.
///
/// A member is known by a SHA-256 of layerlint's version, the member's CRC-32, sizes and method,
/// and its first bytes (the ELF and program headers, which hold every segment's size and place):
/// what a read of it gives depends on nothing else. Each member is one small JSON file, written
/// to a temporary name and renamed into place, so that runs side by side never see half a file;
/// one that cannot be read or decoded is read again from the member. The cache never changes an
/// answer, only how fast it comes; a folder that cannot be written leaves it off.
package struct LibraryNeedsCache: Sendable {
    /// The folder of the entries (`<cache>/elf-needs-1`).
    package let folder: String
    /// Mixed into every key: an entry written by another layerlint is never read.
    let version: String

    /// The most one entry holds (a large library's version needs are a few kilobytes).
    static let entryLimit = 1 << 20

    /// A cache in `root` (made if missing, for this user only), or `nil` when it cannot be made.
    package init?(root: String, version: String) {
        let folder = (root as NSString).appendingPathComponent("elf-needs-1")
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            return nil
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            return nil
        }
        self.folder = folder
        self.version = version
    }

    /// What is kept of one member.
    package struct Record: Codable, Equatable, Sendable {
        /// The library names and version needs of its first segment, when they settle; `nil`
        /// with `firstSegmentSettles` false when they do not.
        var firstSegment: FirstSegment?
        var firstSegmentSettles: Bool?
        /// Its dynamic section, when it was read in full.
        var dynamic: Dynamic?

        struct FirstSegment: Codable, Equatable, Sendable {
            var libraryNames: [String]
            var versionNeeds: [String: [String]]
        }

        struct Dynamic: Codable, Equatable, Sendable {
            var neededLibraries: [String]
            var soname: String?
            var rpath: [String]
            var runpath: [String]
            var versionNeeds: [String: [String]]
        }

        var firstSegmentNeeds: ELFPrefixReading.FirstSegmentNeeds? {
            firstSegment.map { .init(versionNeeds: $0.versionNeeds, libraryNames: $0.libraryNames) }
        }

        var dynamicInfo: ELFDynamicInfo? {
            dynamic.map {
                ELFDynamicInfo(
                    neededLibraries: $0.neededLibraries, soname: $0.soname, rpath: $0.rpath, runpath: $0.runpath,
                    versionNeeds: $0.versionNeeds)
            }
        }

        /// What the record answers for the loader model without reading the member: its first
        /// segment's needs when `settle` accepts them, else its dynamic section; `nil` when
        /// neither is known.
        func outcome(settle: (ELFPrefixReading.FirstSegmentNeeds) -> [String]?) -> NativeScan.MemberReading.LibraryOutcome? {
            if let needs = firstSegmentNeeds, let needed = settle(needs) {
                return .settled(ELFDynamicInfo(neededLibraries: needed, versionNeeds: needs.versionNeeds))
            }
            return dynamicInfo.map { .dynamicSection($0) }
        }

        mutating func keep(_ needs: ELFPrefixReading.FirstSegmentNeeds?) {
            firstSegment = needs.map { FirstSegment(libraryNames: $0.libraryNames, versionNeeds: $0.versionNeeds) }
            firstSegmentSettles = needs != nil
        }

        mutating func keep(_ info: ELFDynamicInfo) {
            dynamic = Dynamic(
                neededLibraries: info.neededLibraries, soname: info.soname, rpath: info.rpath, runpath: info.runpath,
                versionNeeds: info.versionNeeds)
        }
    }

    /// One member's entry while it is read: what the cache held (or an empty record), kept
    /// again as soon as something new is learnt.
    package struct Slot: Sendable {
        let cache: LibraryNeedsCache
        let key: String
        private(set) var record: Record

        init(cache: LibraryNeedsCache, key: String) {
            self.cache = cache
            self.key = key
            self.record = cache.load(key) ?? Record()
        }

        mutating func keep(_ needs: ELFPrefixReading.FirstSegmentNeeds?) {
            record.keep(needs)
            cache.store(record, key: key)
        }

        mutating func keep(_ info: ELFDynamicInfo) {
            record.keep(info)
            cache.store(record, key: key)
        }
    }

    /// The key of `entry`, whose first bytes are `prefix`.
    package func key(of entry: Entry, prefix: [UInt8]) -> String {
        var hasher = FileDigest.Hasher()
        hasher.update(Array("layerlint \(version)\n\(entry.crc32) \(entry.uncompressedSize) ".utf8))
        hasher.update(Array("\(entry.compressedSize) \(entry.method)\n".utf8))
        hasher.update(prefix.prefix(BinaryFormat.prefixLength))
        return hasher.finalize().hex
    }

    package func load(_ key: String) -> Record? {
        let path = (folder as NSString).appendingPathComponent(key + ".json")
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: Self.entryLimit), data.count < Self.entryLimit else { return nil }
        return try? JSONDecoder().decode(Record.self, from: data)
    }

    package func store(_ record: Record, key: String) {
        guard let data = try? JSONEncoder().encode(record), data.count < Self.entryLimit else { return }
        let path = (folder as NSString).appendingPathComponent(key + ".json")
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).tmp"
        guard Descriptors.create(temporary, Array(data)) == nil else {
            try? FileManager.default.removeItem(atPath: temporary)
            return
        }
        if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }
}
