/// A Lambda instruction set architecture, as `Architectures` in the Lambda API names it.
public enum Architecture: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case x86_64
    case arm64

    /// Accepts the spellings people use: `x86_64`, `amd64`, `x64`; `arm64`, `aarch64`.
    public init?(spelling: String) {
        switch spelling.lowercased() {
        case "x86_64", "x86-64", "amd64", "x64": self = .x86_64
        case "arm64", "aarch64": self = .arm64
        default: return nil
        }
    }

    /// What `platform.machine()` (and the `platform_machine` marker) says on this architecture.
    public var machine: String {
        switch self {
        case .x86_64: return "x86_64"
        case .arm64: return "aarch64"
        }
    }

    public var description: String { rawValue }
}
