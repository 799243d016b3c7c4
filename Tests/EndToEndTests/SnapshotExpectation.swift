import TestSupport
import Testing

extension CommandRunner {
    /// Records an issue when `text` differs from the golden file `name` beside the test file.
    func expectSnapshot(_ text: String, _ name: String, testFile: String = #filePath) {
        if let problem = Snapshot.mismatch(text, named: name, testFile: testFile) {
            Issue.record(Comment(rawValue: problem))
        }
    }
}
