/// A report format of `check`: turns a finished report into the bytes written to standard
/// output or `--output`. One format per file in this folder (SwiftLint's reporters, ruff's
/// emitters); each has its own golden-output test.
public protocol Reporter: Sendable {
    func render(_ report: CheckReport) -> [UInt8]
}

/// `check --format`: the formats there are reporters for.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json

    /// The reporter for this format.
    ///
    /// - Parameter colour: whether a text report may colour severities.
    public func reporter(colour: Bool = false) -> any Reporter {
        switch self {
        case .text: return TextReporter(colour: colour)
        case .json: return JSONReporter()
        }
    }
}
