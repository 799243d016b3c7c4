import ZipArchive

extension Archive {
    /// Opens an archive that a report is about.
    ///
    /// A file that cannot be read at all stops the command (exit 2); an archive that is not
    /// a readable ZIP is something to report, so it comes back as a failure.
    ///
    /// - Throws: `ArchiveError.cannotOpen` only.
    static func openForReport(path: String) throws(ArchiveError) -> Result<Archive, ArchiveError> {
        do {
            return .success(try Archive(path: path))
        } catch {
            if case .cannotOpen = error { throw error }
            return .failure(error)
        }
    }
}
