import Foundation

/// Golden-file comparison for whole outputs (reports, command output).
///
/// Snapshots live in a `Snapshots/` folder beside the test file that names them. Run the
/// tests with `RECORD_SNAPSHOTS=1` to (re)write them, then review the diff before committing.
public enum Snapshot {
    public static var isRecording: Bool {
        ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"].map { !$0.isEmpty && $0 != "0" } ?? false
    }

    /// Compares `actual` with the snapshot `name`, or records it.
    ///
    /// - Returns: `nil` when they match (or it was recorded), otherwise a message with the
    ///   first differing line, for the caller to report as a test failure.
    public static func mismatch(_ actual: String, named name: String, testFile: String = #filePath) -> String? {
        let folder = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let url = folder.appendingPathComponent(name)
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
                return nil
            } catch {
                return "could not record snapshot \(name): \(error)"
            }
        }
        guard let data = try? Data(contentsOf: url) else {
            return "snapshot \(name) is missing; run the tests with RECORD_SNAPSHOTS=1 to record it"
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return nil }
        let expectedLines = expected.components(separatedBy: "\n")
        let actualLines = actual.components(separatedBy: "\n")
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let want = index < expectedLines.count ? expectedLines[index] : "<end>"
            let got = index < actualLines.count ? actualLines[index] : "<end>"
            if want != got {
                return "snapshot \(name) differs at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)\n"
                    + "(re-record with RECORD_SNAPSHOTS=1 if the change is intended)"
            }
        }
        return "snapshot \(name) differs"
    }
}
