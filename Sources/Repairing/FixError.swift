/// Why `fix` could not repair a layer (exit status 2, nothing written).
public enum FixError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The layer cannot be copied faithfully: unreadable, unsafe names, encrypted or
    /// compressed in a way layerlint does not read (the findings say which).
    case cannotCopy(input: String, reason: String)
    /// The plan needs a Python runtime (to choose wheels) and the inputs do not tell one.
    case needsRuntime
    /// A file operation of a step failed.
    case step(number: Int, what: String, reason: String)
    /// pip is missing, or could not install (its own message, shortened).
    case pip(python: String, reason: String)
    /// The repaired layer could not be zipped.
    case cannotZip(reason: String)
    /// A step of the plan failed (`step` is empty when none had started: pip is missing);
    /// `plan` lists every step, as the report writes them. Nothing was written.
    indirect case notRepaired(step: String, cause: FixError, plan: [String])

    public var description: String {
        switch self {
        case .cannotCopy(let input, let reason):
            return "\(input): cannot make a private copy to repair: \(reason)"
        case .needsRuntime:
            return "fix needs the function's runtime to choose wheels: give --runtime (for example python3.12), "
                + "--function-config or --template"
        case .step(let number, let what, let reason):
            return "step \(number) (\(what)) failed: \(reason)"
        case .pip(let python, let reason):
            return "pip (\(python) -m pip) could not install: \(reason)"
        case .cannotZip(let reason):
            return "the repaired layer could not be zipped: \(reason)"
        case .notRepaired(let step, let cause, _):
            return (step.isEmpty ? "" : "step \(step) failed: ") + cause.description + "; nothing was written"
        }
    }
}

extension FixError: LocalizedError {
    public var errorDescription: String? { description }
}

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
