@testable import BinaryFormats

// The oracle of the prefix reading, shared by BinaryFormatsTests and the libFuzzer target
// (scripts/fuzz-binary-formats compiles this file with the library's sources).

extension ELFPrefixReading {
    /// Whether a settled prefix reading of a file must give what its full read `info` gives:
    /// whether the file is what the prefix reading takes it for. A linker always writes such
    /// files; a mutated or hand-made one may break each assumption, and then the loader's
    /// view (the dynamic section) and the prefix's differ by design:
    /// - the dynamic section's version-needs table is the table the prefix found, and its
    ///   record count (`DT_VERNEEDNUM`) covers the whole chain the prefix walks;
    /// - every need's name has the hash the table records (else the loader refuses it);
    /// - read by names: the string table is where the prefix placed it; told by hashes: each
    ///   `GLIBC_` name is the one its hash stands for (no deliberate collision);
    /// - the file does not need musl's libraries while needing `GLIBC_2.` versions.
    static func readingsMustAgree(
        _ reading: (needs: ELFLoaderNeeds, byNames: Bool, table: Int?, strings: Int?), _ info: ELFDynamicInfo
    ) -> Bool {
        guard let layout = info.versionTableLayout, layout.hashesMatch, layout.walkedWholeChain,
            reading.table == layout.table
        else {
            return false
        }
        if let strings = reading.strings {
            guard strings == layout.strings else { return false }
        } else {
            let names = info.versionNeeds.values.joined()
            let byHash = names.compactMap { glibcVersionsByHash[elfHash(Array($0.utf8))] }.max {
                ($0.major, $0.minor) < ($1.major, $1.minor)
            }
            guard byHash?.major == info.glibc?.major, byHash?.minor == info.glibc?.minor else { return false }
        }
        return !ELFLoaderNeeds(info).needsMusl
    }
}
