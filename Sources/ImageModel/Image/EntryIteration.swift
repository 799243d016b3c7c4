import ZipArchive

/// An entry tested where it lies in its archive's entry array, lent for the length of one
/// call (`forEachInPlace`, `indices(where:)`) and never kept.
///
/// Passing an `Entry` itself to a closure copies all of it, retaining and releasing its four
/// buffers, even when the closure only reads its mode; over the tens of thousands of entries
/// of a large layer, once per rule, that cost more than the tests. Reading a field through
/// this view reads that field alone.
///
/// Its reads are `@inlinable`: the rules and the reporters that call them per entry live in
/// other modules, and a call per field read costs what the view saves.
@usableFromInline package struct EntryInPlace {
    @usableFromInline let pointer: UnsafePointer<Entry>

    @usableFromInline init(_ pointer: UnsafePointer<Entry>) { self.pointer = pointer }

    @inlinable package var index: Int { pointer.pointee.index }
    @inlinable package var name: String { pointer.pointee.name }
    @inlinable package var rawName: [UInt8] { pointer.pointee.rawName }
    // Computed from the stored fields here: calling `Entry`'s own getters on `pointee`
    // copies the entry first.
    @inlinable package var fileType: FileType {
        Entry.fileType(
            versionMadeBy: pointer.pointee.versionMadeBy, externalAttributes: pointer.pointee.externalAttributes,
            nameEndsInSlash: pointer.pointee.rawName.last == UInt8(ascii: "/"))
    }
    @inlinable package var isDirectory: Bool { fileType == .directory }
    @inlinable package var unixMode: UInt16? {
        Entry.unixMode(
            versionMadeBy: pointer.pointee.versionMadeBy, externalAttributes: pointer.pointee.externalAttributes)
    }
    @inlinable package var uncompressedSize: UInt64 { pointer.pointee.uncompressedSize }
    @inlinable package var compressedSize: UInt64 { pointer.pointee.compressedSize }
    @inlinable package var crc32: UInt32 { pointer.pointee.crc32 }
    @inlinable package var method: UInt16 { pointer.pointee.method }
    @inlinable package var isEncrypted: Bool { pointer.pointee.flags & 0x0001 != 0 }
    @inlinable package var modified: DOSDateTime { pointer.pointee.modified }
    @inlinable package var hostSystem: HostSystem { HostSystem(rawValue: UInt8(pointer.pointee.versionMadeBy >> 8)) }
}

extension Array where Element == Entry {
    /// Calls `body` with each entry in order, in place.
    @inlinable
    package func forEachInPlace(_ body: (EntryInPlace) -> Void) {
        withUnsafeBufferPointer { buffer in
            guard let first = buffer.baseAddress else { return }
            for index in buffer.indices { body(EntryInPlace(first + index)) }
        }
    }

    /// The indexes of the entries for which `isIncluded` holds, each tested in place.
    @inlinable
    package func indices(where isIncluded: (EntryInPlace) -> Bool) -> [Int] {
        withUnsafeBufferPointer { buffer in
            guard let first = buffer.baseAddress else { return [] }
            return buffer.indices.filter { isIncluded(EntryInPlace(first + $0)) }
        }
    }
}

extension Entry {
    /// Whether a file with Unix mode `mode` is unreadable by the function's user, who owns
    /// none of the files (no read bit for others); an archive without modes is readable.
    /// P001 and the import model ask the same question.
    package static func othersCannotRead(mode: UInt16?) -> Bool { (mode ?? 0o644) & 0o004 == 0 }
}
