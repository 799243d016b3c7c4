import ZipArchive

extension Archive {
    /// Opens an archive that a report is about.
    ///
    /// A file that cannot be read at all stops the command (exit 2); an archive that is not
    /// a readable ZIP is something to report, so it comes back as a failure.
    ///
    /// - Parameter readingLocalHeaders: `false` to read only the central directory now
    ///   (see `Archive.init(centralDirectoryAt:)`).
    /// - Throws: `ArchiveError.cannotOpen` only.
    static func openForReport(path: String, readingLocalHeaders: Bool = true) throws(ArchiveError)
        -> Result<Archive, ArchiveError>
    {
        do {
            return .success(
                readingLocalHeaders ? try Archive(path: path) : try Archive(centralDirectoryAt: path))
        } catch {
            if case .cannotOpen = error { throw error }
            return .failure(error)
        }
    }
}
