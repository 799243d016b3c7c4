import Foundation
import LayerLint

/// The settings `check` runs with: each from the command line, else the configuration
/// file, else the default, with where it came from (`--show-config`).
struct Settings: CustomStringConvertible {
    struct Value<T> {
        let value: T
        /// `command line`, the configuration file's path, or `default`.
        let origin: String
    }

    let file: Configuration?
    let layers: Value<[String]>
    let runtime: Value<String?>
    let architecture: Value<String?>
    let functionConfig: Value<String?>
    let template: Value<String?>
    let function: Value<String?>
    let select: Value<[String]>
    let ignore: Value<[String]>
    let format: Value<ReportFormat>
    let failOn: Value<FailOn>
    let baseline: Value<String?>
    /// The options only the command line (or the environment) sets, as `--show-config` shows them.
    let command: CheckCommand

    init(command: CheckCommand, file: Configuration?) throws(ConfigurationError) {
        self.file = file
        let fromFile = file?.file ?? "default"
        func pick<T>(_ given: T?, _ configured: T?, _ fallback: T) -> Value<T> {
            if let given { return Value(value: given, origin: "command line") }
            if let configured { return Value(value: configured, origin: fromFile) }
            return Value(value: fallback, origin: "default")
        }
        func optional(_ given: String?, _ configured: String?) -> Value<String?> {
            if let given { return Value(value: given, origin: "command line") }
            if let configured { return Value(value: configured, origin: fromFile) }
            return Value(value: nil, origin: "default")
        }
        func list(_ given: [String], _ configured: [String]?) -> Value<[String]> {
            if !given.isEmpty { return Value(value: given, origin: "command line") }
            if let configured, !configured.isEmpty { return Value(value: configured, origin: fromFile) }
            return Value(value: [], origin: "default")
        }
        // The folder is walked for the globs only when no layer is named.
        layers = list(command.layers, command.layers.isEmpty ? try file?.matchingLayers().map(Settings.relative) : nil)
        runtime = optional(command.target.runtime, file?.runtime)
        architecture = optional(command.target.arch, file?.architecture)
        functionConfig = optional(command.target.functionConfig, file?.functionConfig.map(Settings.relative))
        template = optional(command.target.template, file?.template.map(Settings.relative))
        function = optional(command.target.function, file?.function)
        select = list(command.select, file?.select)
        ignore = list(command.ignore, file?.ignore)
        format = pick(command.format, file?.format.flatMap(ReportFormat.init(rawValue:)), .text)
        failOn = pick(command.failOn, file?.failOn.flatMap(FailOn.init(rawValue:)), .error)
        baseline = optional(command.baseline, file?.baseline.map(Settings.relative))
        self.command = command
    }

    /// A path from the file, relative to the working directory when inside it.
    static func relative(_ path: String) -> String {
        FindingIdentity.relativePath(path, workingDirectory: FileManager.default.currentDirectoryPath)
    }

    /// One line per setting: its key, its value and where it came from.
    var description: String {
        var lines = ["config file: " + TerminalText.escaped(file?.file ?? "none found")]
        func line(_ key: String, _ value: String, _ origin: String) {
            lines.append(
                key.padding(toLength: 18, withPad: " ", startingAt: 0) + TerminalText.escaped(value) + "  ("
                    + TerminalText.escaped(origin) + ")")
        }
        func text(_ value: String?) -> String { value ?? "(not set)" }
        func texts(_ values: [String]) -> String { values.isEmpty ? "(not set)" : values.joined(separator: ", ") }
        line("layers", texts(layers.value), layers.origin)
        line("runtime", text(runtime.value), runtime.origin)
        line("architecture", text(architecture.value), architecture.origin)
        line("function-config", text(functionConfig.value), functionConfig.origin)
        line("template", text(template.value), template.origin)
        line("function", text(function.value), function.origin)
        line("select", select.value.isEmpty ? "ALL" : texts(select.value), select.origin)
        line("ignore", texts(ignore.value), ignore.origin)
        line("format", format.value.rawValue, format.origin)
        line("fail-on", failOn.value.rawValue, failOn.origin)
        line("baseline", text(baseline.value), baseline.origin)
        let severities = (file?.severity ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value.rawValue)" }
        line("severity", texts(severities), severities.isEmpty ? "default" : file?.file ?? "default")
        let ignores = (file?.perPathIgnores ?? []).map {
            "\"\($0.glob)\" = [\($0.rules.sorted().joined(separator: ", "))]"
        }
        line("per-path-ignores", texts(ignores), ignores.isEmpty ? "default" : file?.file ?? "default")
        // What only the command line (or the environment) sets.
        func flag(_ key: String, _ on: Bool) { line(key, on ? "yes" : "no", on ? "command line" : "default") }
        func given(_ key: String, _ value: String?) {
            line(key, text(value), value == nil ? "default" : "command line")
        }
        given("function-zip", command.target.functionZip)
        let environment = ProcessInfo.processInfo.environment
        let catalogOrigin =
            command.target.catalog != nil
            ? "command line" : command.target.catalogFile != nil ? "environment LAYERLINT_CATALOG" : "default"
        line("catalog", command.target.catalogFile ?? "(compiled in)", catalogOrigin)
        // The first of these that decides where the cache is, as `TargetOptions.cacheFolder` reads them.
        let set = { (name: String) in environment[name].map { !$0.isEmpty } ?? false }
        let cacheOrigin =
            command.target.noCache
            ? "command line"
            : set("LAYERLINT_NO_CACHE") && environment["LAYERLINT_NO_CACHE"] != "0"
                ? "environment LAYERLINT_NO_CACHE"
                : set("LAYERLINT_CACHE_DIR")
                    ? "environment LAYERLINT_CACHE_DIR"
                    : environment["XDG_CACHE_HOME"]?.hasPrefix("/") == true ? "environment XDG_CACHE_HOME" : "default"
        line("cache", command.target.cacheFolder ?? "off", cacheOrigin)
        line(
            "layer-metadata", texts(command.layerMetadata),
            command.layerMetadata.isEmpty ? "default" : "command line")
        line("output", command.output ?? "standard output", command.output == nil ? "default" : "command line")
        given("write-baseline", command.writeBaseline)
        flag("hash", command.hash)
        flag("verify", command.verify)
        flag("statistics", command.statistics)
        flag("each", command.each)
        return lines.joined(separator: "\n") + "\n"
    }
}
