import Foundation
import ImageModel
import LambdaPlatform
import LintRules
import OpeningStage
import TOMLKit
import ZipArchive

/// Settings read from `.layerlint.toml`, or from `[tool.layerlint]` in `pyproject.toml`, with
/// ruff's kebab-case keys. Paths in it are relative to the file's folder.
public struct Configuration: Sendable, Equatable {
    /// The keys a file may hold, in the order `--show-config` prints them.
    public static let keys = [
        "runtime", "architecture", "function-config", "template", "function", "layers", "select", "ignore",
        "fail-on", "format", "baseline", "severity", "per-path-ignores",
    ]

    /// The file read, and the folder its paths are relative to.
    public let file: String
    public let folder: String
    public var runtime: String?
    public var architecture: String?
    public var functionConfig: String?
    public var template: String?
    public var function: String?
    /// Globs of layer ZIPs, for hooks that pass no file names.
    public var layers: [String] = []
    public var select: [String] = []
    public var ignore: [String] = []
    public var failOn: String?
    public var format: String?
    public var baseline: String?
    /// Rule id → the severity its findings get.
    public var severity: [String: Severity] = [:]
    /// Globs over entry paths → the rule ids not reported for members matching them.
    public var perPathIgnores: [PathIgnore] = []
    /// Where each key is written, for messages about its value.
    var keyLines = KeyLines("")
    /// The key's prefix in the file (`tool.layerlint.` in a pyproject.toml).
    var keyPrefix = ""

    /// `FILE:LINE` of a key (`runtime`), or the file alone when the line is not known: where
    /// an error about the key's value points.
    public func place(of key: String) -> String {
        let line = keyLines.line(of: keyPrefix + key)
        return line > 0 ? "\(file):\(line)" : file
    }

    public struct PathIgnore: Sendable, Equatable {
        public let glob: String
        public let rules: Set<String>
        /// The glob compiled once; nil (matching nothing) past `Glob.maximumLength`, which a
        /// configuration file cannot give.
        let matcher: Glob?

        public init(glob: String, rules: Set<String>) {
            self.glob = glob
            self.rules = rules
            matcher = Glob(glob)
        }

        public func matches(_ path: String) -> Bool { matcher?.matches(path) ?? false }
    }

    /// The most globs in `layers` or `per-path-ignores` (real files have a handful).
    public static let maximumGlobs = 64

    init(file: String) {
        self.file = file
        self.folder = (file as NSString).deletingLastPathComponent
    }

    /// The configuration that applies in `directory`: the first `.layerlint.toml`, or
    /// `pyproject.toml` with a `[tool.layerlint]` table, from it upwards (a folder's
    /// `.layerlint.toml` first); `nil` when there is none.
    ///
    /// - Throws: `ConfigurationError` naming the file.
    public static func discover(from directory: String) throws(ConfigurationError) -> Configuration? {
        var folder = URL(fileURLWithPath: directory).standardizedFileURL.path
        // The depth is the path's, which the file system bounds; a loop, not recursion.
        while true {
            let own = (folder as NSString).appendingPathComponent(".layerlint.toml")
            if FileManager.default.fileExists(atPath: own) { return try load(file: own) }
            let pyproject = (folder as NSString).appendingPathComponent("pyproject.toml")
            if FileManager.default.fileExists(atPath: pyproject),
                let found = try parse(text: try read(pyproject), file: pyproject, pyproject: true)
            {
                return found
            }
            let parent = (folder as NSString).deletingLastPathComponent
            if parent == folder || parent.isEmpty { return nil }
            folder = parent
        }
    }

    /// The configuration in `file`: `[tool.layerlint]` for a `pyproject.toml`, else the
    /// whole file.
    public static func load(file: String) throws(ConfigurationError) -> Configuration {
        let isPyproject = (file as NSString).lastPathComponent == "pyproject.toml"
        guard let found = try parse(text: try read(file), file: file, pyproject: isPyproject) else {
            throw .noSettings(file: file)
        }
        return found
    }

    /// The most a configuration file may hold: far beyond any real one.
    static let sizeLimit = Limits.configurationFileBytes

    static func read(_ file: String) throws(ConfigurationError) -> String {
        let data: Data
        switch BoundedFile.read(file, limit: sizeLimit) {
        case .success(let bytes): data = bytes
        case .failure(let error): throw .unreadable(file: file, reason: error.reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: file, reason: "it is not UTF-8 text")
        }
        return text
    }

    /// The settings in `text`; `nil` for a `pyproject.toml` without `[tool.layerlint]`.
    static func parse(text: String, file: String, pyproject: Bool) throws(ConfigurationError) -> Configuration? {
        let root = try tomlRoot(of: text, file: file)
        var table = root
        var prefix = ""
        if pyproject {
            guard let tool = root["tool"]?.table, let own = tool["layerlint"] else { return nil }
            guard let ownTable = own.table else {
                throw .wrongType(file: file, key: "tool.layerlint", expected: "a table")
            }
            table = ownTable
            prefix = "tool.layerlint."
        }
        var configuration = Configuration(file: file)
        configuration.keyLines = KeyLines(text)
        configuration.keyPrefix = prefix
        do {
            for key in table.keys {
                guard let value = table[key] else { continue }
                try configuration.read(key, value, name: prefix + key)
            }
        } catch {
            throw error.located(in: configuration.keyLines)
        }
        return configuration
    }

    /// The TOML document, bounded before the parser sees it: deep keys and nesting would
    /// overflow its stack.
    private static func tomlRoot(of text: String, file: String) throws(ConfigurationError) -> TOMLTable {
        if let violation = TOMLBounds.violation(in: text) {
            throw .syntax(file: file, line: violation.line, detail: violation.detail)
        }
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .syntax(file: file, line: error.source.begin.line, detail: error.description)
        } catch {
            throw .syntax(file: file, line: 0, detail: "\(error)")
        }
    }

    /// Reads one setting, `key` of the file's table, written `name` in messages.
    private mutating func read(_ key: String, _ value: any TOMLValueConvertible, name: String)
        throws(ConfigurationError)
    {
        switch key {
        case "runtime": runtime = try Self.string(value, name: name, file: file)
        case "architecture": architecture = try Self.string(value, name: name, file: file)
        case "function-config": functionConfig = path(try Self.string(value, name: name, file: file))
        case "template": template = path(try Self.string(value, name: name, file: file))
        case "function": function = try Self.string(value, name: name, file: file)
        case "layers":
            layers = try Self.strings(value, name: name, file: file)
            guard layers.count <= Self.maximumGlobs else {
                throw .badValue(file: file, key: name, detail: "more than \(Self.maximumGlobs) globs")
            }
            if let long = layers.first(where: { Glob($0) == nil }) {
                throw .badValue(
                    file: file, key: name,
                    detail: "\"\(long.prefix(40))...\" is a glob of more than \(Glob.maximumLength) characters")
            }
        case "select": select = try Self.selectors(value, name: name, file: file)
        case "ignore": ignore = try Self.selectors(value, name: name, file: file)
        case "baseline": baseline = path(try Self.string(value, name: name, file: file))
        case "fail-on":
            let text = try Self.string(value, name: name, file: file)
            guard ["error", "warning", "info", "never"].contains(text) else {
                throw .badValue(file: file, key: name, detail: "\"\(text)\" is not error, warning, info or never")
            }
            failOn = text
        case "format":
            let text = try Self.string(value, name: name, file: file)
            guard ReportFormat(rawValue: text) != nil else {
                let known = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw .badValue(file: file, key: name, detail: "\"\(text)\" is not one of \(known)")
            }
            format = text
        case "severity": try readSeverities(value, name: name)
        case "per-path-ignores": try readPerPathIgnores(value, name: name)
        default:
            throw .unknownKey(file: file, key: name, known: Self.keys)
        }
    }

    private static func string(_ value: any TOMLValueConvertible, name: String, file: String)
        throws(ConfigurationError) -> String
    {
        guard let text = value.string else { throw .wrongType(file: file, key: name, expected: "a string") }
        return text
    }

    /// A string, or an array of strings.
    private static func strings(_ value: any TOMLValueConvertible, name: String, file: String)
        throws(ConfigurationError) -> [String]
    {
        if let text = value.string { return [text] }
        return try stringArray(value, key: name, file: file, expected: "an array of strings")
    }

    /// Rule selectors (`select`, `ignore`), each naming at least one rule: a typo is an error
    /// about this file and key, not about an option the user never gave.
    private static func selectors(_ value: any TOMLValueConvertible, name: String, file: String)
        throws(ConfigurationError) -> [String]
    {
        let selectors = try strings(value, name: name, file: file)
        if let selector = RuleSelection.unknownSelector(in: selectors) {
            let guess = RuleRegistry.suggestion(for: selector).map { " \($0)" } ?? ""
            throw .badValue(
                file: file, key: name,
                detail: "\"\(selector)\" matches no rule;\(guess) give ids (D001), id prefixes (D, C00) or names "
                    + "(missing-dependency); `layerlint rules` lists them")
        }
        return selectors
    }

    /// An array of strings; anything else is the wrong type, described as `expected`.
    private static func stringArray(
        _ value: (any TOMLValueConvertible)?, key: String, file: String, expected: String
    ) throws(ConfigurationError) -> [String] {
        guard let array = value?.array else { throw .wrongType(file: file, key: key, expected: expected) }
        var result: [String] = []
        for item in array {
            guard let text = item.string else { throw .wrongType(file: file, key: key, expected: expected) }
            result.append(text)
        }
        return result
    }

    /// `[severity]`: rule id or name → `error`, `warning` or `info`.
    private mutating func readSeverities(_ value: any TOMLValueConvertible, name: String) throws(ConfigurationError) {
        guard let severities = value.table else { throw .wrongType(file: file, key: name, expected: "a table") }
        for rule in severities.keys {
            guard let description = RuleRegistry.description(for: rule) else {
                let guess = RuleRegistry.suggestion(for: rule).map { "; \($0)" } ?? ""
                throw .badValue(file: file, key: "\(name).\(rule)", detail: "no rule is called \(rule)\(guess)")
            }
            guard let text = severities[rule]?.string, let level = Severity(rawValue: text) else {
                throw .wrongType(
                    file: file, key: "\(name).\(rule)", expected: "\"error\", \"warning\" or \"info\"")
            }
            severity[description.id] = level
        }
    }

    /// `[per-path-ignores]`: glob → the rule selectors not reported for members matching it.
    private mutating func readPerPathIgnores(_ value: any TOMLValueConvertible, name: String)
        throws(ConfigurationError)
    {
        guard let ignores = value.table else { throw .wrongType(file: file, key: name, expected: "a table") }
        guard ignores.count <= Self.maximumGlobs else {
            throw .badValue(file: file, key: name, detail: "more than \(Self.maximumGlobs) globs")
        }
        for glob in ignores.keys.sorted() {
            guard Glob(glob) != nil else {
                throw .badValue(
                    file: file, key: "\(name).\"\(glob.prefix(40))...\"",
                    detail: "a glob of more than \(Glob.maximumLength) characters")
            }
            let key = "\(name).\"\(glob)\""
            let selectors = try Self.stringArray(
                ignores[glob], key: key, file: file, expected: "an array of rule selectors")
            let rules: [any Rule]
            do {
                rules = try RuleSelection(select: selectors).rules()
            } catch {
                throw .badValue(file: file, key: key, detail: error.description)
            }
            perPathIgnores.append(PathIgnore(glob: glob, rules: Set(rules.map { type(of: $0).description.id })))
        }
    }

    /// A path from the file, made relative to the working directory's view: absolute as
    /// written, else joined to the file's folder.
    func path(_ value: String) -> String {
        value.hasPrefix("/") || folder.isEmpty ? value : (folder as NSString).appendingPathComponent(value)
    }

    /// The layer ZIPs the `layers` globs match under the file's folder, sorted.
    ///
    /// - Throws: `ConfigurationError.badValue` when the folder holds more files than any
    ///   project (`FolderListing.entryLimit`): the walk stops rather than list a whole disk.
    public func matchingLayers() throws(ConfigurationError) -> [String] {
        guard !layers.isEmpty else { return [] }
        let base = folder.isEmpty ? "." : folder
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        let globs = layers.compactMap { Glob($0) }
        var found: [String] = []
        var visited = 0
        while let relative = walker.nextObject() as? String {
            visited += 1
            guard visited <= FolderListing.entryLimit else {
                throw .badValue(
                    file: file, key: "layers",
                    detail: "the globs are matched under \(base), which holds more than \(FolderListing.entryLimit) "
                        + "files and folders: name the layers on the command line")
            }
            if relative.hasPrefix(".build") || relative.hasPrefix(".git/") || relative == ".git" {
                walker.skipDescendants()
                continue
            }
            if globs.contains(where: { $0.matches(relative) }) {
                found.append(path(relative))
            }
        }
        return found.sorted()
    }
}

/// Why a configuration file cannot be used; each names the file, and the key or line.
public enum ConfigurationError: LocalizedError, Equatable, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case syntax(file: String, line: Int, detail: String)
    /// `line` is the key's line in the file (0: not known).
    case unknownKey(file: String, key: String, known: [String], line: Int = 0)
    case wrongType(file: String, key: String, expected: String, line: Int = 0)
    case badValue(file: String, key: String, detail: String, line: Int = 0)
    case noSettings(file: String)

    public var description: String {
        func place(_ file: String, _ line: Int) -> String { line > 0 ? "\(file):\(line)" : file }
        switch self {
        case .unreadable(let file, let reason): return "cannot read \(file): \(reason)"
        case .syntax(let file, let line, let detail): return "\(place(file, line)): not valid TOML: \(detail)"
        case .unknownKey(let file, let key, let known, let line):
            let last = key.split(separator: ".").last.map(String.init) ?? key
            let guess = NearestNames.suggestion(last, among: known).map { "; \($0)" } ?? ""
            return "\(place(file, line)): unknown key \(key)\(guess) (the keys are \(known.joined(separator: ", ")))"
        case .wrongType(let file, let key, let expected, let line):
            return "\(place(file, line)): \(key) must be \(expected)"
        case .badValue(let file, let key, let detail, let line): return "\(place(file, line)): \(key): \(detail)"
        case .noSettings(let file): return "\(file) has no [tool.layerlint] table"
        }
    }

    public var errorDescription: String? { description }

    /// The same error with the line of its key in the file's text, where it can be found.
    func located(in lines: KeyLines) -> ConfigurationError {
        switch self {
        case .unknownKey(let file, let key, let known, 0):
            return .unknownKey(file: file, key: key, known: known, line: lines.line(of: key))
        case .wrongType(let file, let key, let expected, 0):
            return .wrongType(file: file, key: key, expected: expected, line: lines.line(of: key))
        case .badValue(let file, let key, let detail, 0):
            return .badValue(file: file, key: key, detail: detail, line: lines.line(of: key))
        default: return self
        }
    }
}

/// Where each key of a TOML file is written: a line-by-line reading of headers (`[a.b]`) and
/// `key = value` lines, enough to point at a setting in an error (the parser itself keeps
/// no positions). A line inside a multi-line string can be taken for a key; the first line
/// that writes a key wins.
struct KeyLines: Sendable, Equatable {
    private var lines: [String: Int] = [:]

    init(_ text: String) {
        var table = ""
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = String(raw).strippingBlanks()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let header = line.drop { $0 == "[" }.prefix { $0 != "]" }
                table = String(header).strippingBlanks()
                if lines[table] == nil { lines[table] = number }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).strippingBlanks()
            let full = table.isEmpty ? key : table + "." + key
            if lines[full] == nil { lines[full] = number }
        }
    }

    /// The line of `key` (`select`, `tool.layerlint.select`, `severity.D003`), else of the
    /// nearest table that holds it; 0 when none is written.
    func line(of key: String) -> Int {
        var parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        while !parts.isEmpty {
            if let line = lines[parts.joined(separator: ".")] { return line }
            parts.removeLast()
        }
        return 0
    }
}
