import ImageModel
import LambdaPlatform
import LintRules

/// The answer of `layerlint why MODULE`: each place Python looks on the target's
/// `sys.path`, what it finds there, and whether the import works, with the findings that
/// explain why not (`why --format json`).
public struct WhyReport: Sendable {
    public static let schemaVersion = 1

    /// One folder looked in for one part of the name.
    public struct Step: Sendable, Equatable {
        /// The dotted name looked for (`google.protobuf` once `google` is found).
        public let module: String
        /// The folder (absolute), or `(built in)`.
        public let folder: String
        /// What the folder is: `the layers (a.zip)`, `the function package (fn.zip)`,
        /// `the runtime's packages`, `the standard library of Python 3.12`.
        public let source: String
        /// `package`, `module`, `extension-module`, `bytecode`, `namespace-portion`,
        /// `runtime-package`, `standard-library`, `builtin`, `nothing` or `not-given`.
        public let found: String
        public let archive: String?
        public let entry: String?
        /// The `.pth` file that added the folder to `sys.path`, when one did.
        public let addedBy: String?
    }

    /// Why the import fails, or what to look out for when it works.
    public struct Reason: Sendable, Equatable {
        /// The rule that explains it, when one does.
        public let rule: String?
        /// `error` when the import fails because of it; `warning` or `info` when it does not.
        public let severity: Severity
        public let message: String
        public let fix: String?
    }

    public let module: String
    public let target: Target
    /// Whether the architecture is Lambda's default, not given.
    public let architectureDefaulted: Bool
    public let importable: Bool
    public let searched: [Step]
    /// The archive and member Python would import, when it is a file of the image.
    public let resolved: (archive: String, entry: String)?
    /// What the module is when it is not a file: `runtime-package`, `standard-library`,
    /// `builtin`, or `namespace-package`.
    public let resolvedAs: String?
    public let reasons: [Reason]
}
