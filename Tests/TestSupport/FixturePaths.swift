import Foundation

/// Paths of the committed fixtures and of the optional shared corpus.
public enum FixturePaths {
    /// The package's root folder, found from this file's location.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Fixtures/zip/<name>` as an absolute path.
    public static func zip(_ name: String) -> String {
        packageRoot.appendingPathComponent("Fixtures/zip/\(name)").path
    }

    /// `Fixtures/layers/<name>` as an absolute path.
    public static func layer(_ name: String) -> String {
        packageRoot.appendingPathComponent("Fixtures/layers/\(name)").path
    }

    /// `Fixtures/binaries/<name>` as a file URL.
    public static func binary(_ name: String) -> URL {
        packageRoot.appendingPathComponent("Fixtures/binaries/\(name)")
    }

    /// `Fixtures/aws/<name>` as an absolute path.
    public static func aws(_ name: String) -> String {
        packageRoot.appendingPathComponent("Fixtures/aws/\(name)").path
    }

    /// `Fixtures/templates/<name>` as an absolute path.
    public static func template(_ name: String) -> String {
        packageRoot.appendingPathComponent("Fixtures/templates/\(name)").path
    }

    /// `Fixtures/functions/<name>` as an absolute path.
    public static func function(_ name: String) -> String {
        packageRoot.appendingPathComponent("Fixtures/functions/\(name)").path
    }

    /// `Fixtures/python-source/<name>` as a file URL.
    public static func pythonSource(_ name: String) -> URL {
        packageRoot.appendingPathComponent("Fixtures/python-source/\(name)")
    }

    /// `Fixtures/golden/<name>` as a file URL.
    public static func golden(_ name: String) -> URL {
        packageRoot.appendingPathComponent("Fixtures/golden/\(name)")
    }

    /// `../shared/corpus/zip` beside the checkout, when it is there.
    public static var sharedCorpus: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/zip")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.json").path) ? url : nil
    }
}
