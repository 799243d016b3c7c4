import LintRules

/// ANSI styling for terminal output; every method returns its text unchanged when disabled.
struct TextStyle {
    let enabled: Bool

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func green(_ text: String) -> String { wrap(text, "32") }

    /// `error` in bold red, `warning` in bold yellow, `info` in bold cyan.
    func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: return wrap(severity.rawValue, "1;31")
        case .warning: return wrap(severity.rawValue, "1;33")
        case .info: return wrap(severity.rawValue, "1;36")
        }
    }
}
