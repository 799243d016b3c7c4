import Foundation

/// The function a layer is checked against: its runtime and architecture, and where each
/// came from.
public struct Target: Sendable {
    public let runtime: RuntimeCatalog.Runtime?
    public let architecture: Architecture?
    /// Where the values came from, most important first: `command-line`, `function-config`.
    public let sources: [String]

    public init(runtime: RuntimeCatalog.Runtime?, architecture: Architecture?, sources: [String]) {
        self.runtime = runtime
        self.architecture = architecture
        self.sources = sources
    }

    /// No runtime and no architecture: rules that need a target are skipped.
    public static let none = Target(runtime: nil, architecture: nil, sources: [])

    /// `"command-line"`, `"function-config"`, `"template"`, joined by `+` when they were mixed;
    /// `nil` without a target.
    public var source: String? { sources.isEmpty ? nil : sources.joined(separator: "+") }
}

/// Resolves a target from what the user gave: the command line wins over a function
/// configuration, which wins over a template. `--runtime python3.12` checks
/// against python3.12 even when the function's configuration says python3.11.
public enum TargetResolution {
    /// - Parameters:
    ///   - runtimeOption: `--runtime`, as typed.
    ///   - architectureOption: `--arch`, as typed (`arm64`, `aarch64`, `x86_64`, `amd64`).
    ///   - functionConfiguration: a decoded `--function-config`, and the file it came from.
    ///   - templateFunction: the function of `--template`, and the template's file.
    ///   - runtimeFile, architectureFile: the configuration file the runtime or the
    ///     architecture option came from, when not the command line (source `config`).
    /// - Throws: `TargetError` for an unknown runtime or architecture, naming where it came from.
    public static func resolve(
        runtimeOption: String?, architectureOption: String?,
        functionConfiguration: (configuration: FunctionConfiguration, file: String)?,
        templateFunction: (function: TemplateFunction, file: String)? = nil,
        runtimeFile: String? = nil, architectureFile: String? = nil,
        catalog: RuntimeCatalog
    ) throws(TargetError) -> Target {
        var sources: [String] = []
        func note(_ source: String) { if !sources.contains(source) { sources.append(source) } }

        var runtime: RuntimeCatalog.Runtime?
        if let runtimeOption {
            runtime = try lookUp(
                runtimeOption, origin: runtimeFile.map { "\($0): runtime" } ?? "--runtime", catalog: catalog)
            note(runtimeFile == nil ? "command-line" : "config")
        } else if let (configuration, file) = functionConfiguration {
            runtime = try lookUp(configuration.runtime, origin: file, catalog: catalog)
            note("function-config")
        } else if let (function, file) = templateFunction, let identifier = function.runtime {
            runtime = try lookUp(identifier, origin: file, catalog: catalog)
            note("template")
        }

        var architecture: Architecture?
        if let architectureOption {
            guard let parsed = Architecture(spelling: architectureOption.strippingBlanks()) else {
                throw .unknownArchitecture(
                    architectureOption, origin: architectureFile.map { "\($0): architecture" } ?? "--arch")
            }
            architecture = parsed
            note(architectureFile == nil ? "command-line" : "config")
        } else if let (configuration, _) = functionConfiguration {
            architecture = configuration.architectures.first
            note("function-config")
        } else if let (function, _) = templateFunction {
            architecture = function.architectures.first
            note("template")
        }
        return Target(runtime: runtime, architecture: architecture, sources: sources)
    }

    private static func lookUp(_ identifier: String, origin: String, catalog: RuntimeCatalog) throws(TargetError)
        -> RuntimeCatalog.Runtime
    {
        // A value copied from a console often keeps a space at either end.
        guard let runtime = catalog.runtime(identifier.strippingBlanks()) else {
            throw .unknownRuntime(
                identifier, origin: origin, known: catalog.runtimes.map(\.identifier), catalogAsOf: catalog.asOf)
        }
        return runtime
    }
}

public enum TargetError: LocalizedError, Equatable, Sendable, CustomStringConvertible {
    /// The runtime, where it was given, the catalog's runtimes and its date (a runtime newer
    /// than that date needs a newer catalog: `--catalog`).
    case unknownRuntime(String, origin: String, known: [String], catalogAsOf: String)
    case unknownArchitecture(String, origin: String)

    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case .unknownRuntime(let identifier, let origin, let known, let asOf):
            let guess = NearestNames.suggestion(identifier, among: known, versioned: true).map { " \($0)" } ?? ""
            return "\(origin): unknown runtime \"\(identifier)\";\(guess) known runtimes: " + known.joined(separator: ", ")
                + " (the runtime catalog is as of \(asOf); for a runtime added since, give a newer one with --catalog FILE)"
        case .unknownArchitecture(let value, let origin):
            let guess =
                NearestNames.suggestion(value, among: ["x86_64", "amd64", "arm64", "aarch64"]).map { " \($0)" } ?? ""
            return "\(origin): unknown architecture \"\(value)\";\(guess) use x86_64 (or amd64) or arm64 (or aarch64)"
        }
    }
}
