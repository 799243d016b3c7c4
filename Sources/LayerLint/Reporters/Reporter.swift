import LintRules

/// A report format: writes a finished report (`check`'s, `why`'s or `inspect`'s), piece by
/// piece, to standard output or `--output`. One format per file in this folder (SwiftLint's
/// reporters, ruff's emitters); each has its own golden-output test.
public protocol Reporter<Report>: Sendable {
    associatedtype Report
    func write(_ report: Report, to stream: ReportStream)
}

/// `check --format`: the formats there are reporters for.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
    case sarif
    case github
    case junit
    case gitlab

    /// The reporter for this format.
    ///
    /// - Parameters:
    ///   - colour: whether a text report may colour severities.
    ///   - workingDirectory: the folder archive paths are made relative to (SARIF, GitHub, GitLab).
    ///   - failOn: the least severity that fails the gate (JUnit marks only those as failures).
    public func reporter(colour: Bool = false, workingDirectory: String = "/", failOn: Severity? = .error)
        -> any Reporter<CheckReport>
    {
        switch self {
        case .text: return TextReporter(colour: colour)
        case .json: return JSONReporter()
        case .sarif: return SARIFReporter(workingDirectory: workingDirectory)
        case .github: return GitHubReporter(workingDirectory: workingDirectory)
        case .junit: return JUnitReporter(failOn: failOn)
        case .gitlab: return GitLabReporter(workingDirectory: workingDirectory)
        }
    }
}

/// `why --format`: the formats there are reporters for.
public enum WhyFormat: String, Sendable, CaseIterable {
    case text
    case json

    public func reporter() -> any Reporter<WhyReport> {
        switch self {
        case .text: return WhyTextReporter()
        case .json: return WhyJSONReporter()
        }
    }
}

/// `inspect --format`: the formats there are reporters for.
public enum InspectFormat: String, Sendable, CaseIterable {
    case text
    case json

    public func reporter() -> any Reporter<InspectReports> {
        switch self {
        case .text: return InspectTextReporter()
        case .json: return InspectJSONReporter()
        }
    }
}
