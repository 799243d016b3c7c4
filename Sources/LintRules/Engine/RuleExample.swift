/// A rule's example as data: a small layer (its members spelled out, or a fixture named), a
/// target, and exactly the findings the rule gives on it. Every rule has examples that fire
/// and examples that pass; one test runs them all (`RuleExampleTests`), `layerlint rules ID`
/// prints them, and docs/rules.md is generated from them.
public struct RuleExample: Sendable {
    /// One member of an example layer. Files are 0644, folders and binaries 0755, unless
    /// `mode` says otherwise.
    public struct Member: Sendable {
        public enum Content: Sendable {
            case text(String)
            /// The bytes of a file of the test fixtures' `Fixtures/binaries/` (a real ELF).
            case binary(fixture: String)
            case link(target: String)
            case folder
        }

        public let path: String
        public let content: Content
        public let mode: UInt16?

        public static func file(_ path: String, _ text: String = "", mode: UInt16? = nil) -> Member {
            Member(path: path, content: .text(text), mode: mode)
        }

        public static func binary(_ path: String, _ fixture: String, mode: UInt16? = nil) -> Member {
            Member(path: path, content: .binary(fixture: fixture), mode: mode)
        }

        public static func link(_ path: String, to target: String) -> Member {
            Member(path: path, content: .link(target: target), mode: nil)
        }

        public static func folder(_ path: String, mode: UInt16? = nil) -> Member {
            Member(path: path, content: .folder, mode: mode)
        }
    }

    /// A layer of the example: members written into a ZIP in this order, or a fixture of the
    /// test suite (`Fixtures/layers/…`).
    public enum Layer: Sendable {
        case members([Member])
        case fixture(String)
        /// Members, with the layer-metadata file of its published version (`--layer-metadata`):
        /// the runtimes and architectures it declares.
        case published([Member], runtimes: [String], architectures: [String])
    }

    /// What the example shows, in a few words.
    public let title: String
    public let layers: [Layer]
    /// The function's own package, and its handler, when the rule reads them.
    public let function: [Member]?
    public let handler: String?
    public let runtime: String?
    public let architecture: String?
    /// The rule's findings on the example, in report order, each as `severity path` (`-` for
    /// a finding about no member): empty for an example that passes.
    public let findings: [String]

    /// An example the rule fires on, with its findings.
    public static func fires(
        _ title: String, _ layers: [Layer], function: [Member]? = nil, handler: String? = nil,
        runtime: String? = "python3.12", architecture: String? = "x86_64", findings: [String]
    ) -> RuleExample {
        RuleExample(
            title: title, layers: layers, function: function, handler: handler, runtime: runtime,
            architecture: architecture, findings: findings)
    }

    /// An example the rule stays silent on.
    public static func passes(
        _ title: String, _ layers: [Layer], function: [Member]? = nil, handler: String? = nil,
        runtime: String? = "python3.12", architecture: String? = "x86_64"
    ) -> RuleExample {
        RuleExample(
            title: title, layers: layers, function: function, handler: handler, runtime: runtime,
            architecture: architecture, findings: [])
    }

    /// The example as text: the target, each layer's members, the findings.
    public var text: String {
        var lines = [
            (findings.isEmpty ? "passes: " : "fires: ") + title,
            "  target: \(runtime ?? "no runtime") on \(architecture ?? "no architecture")"
                + (handler.map { ", handler \($0)" } ?? ""),
        ]
        func describe(_ members: [Member]) -> [String] {
            members.map { member in
                let mode = member.mode.map { " (mode " + String($0, radix: 8) + ")" } ?? ""
                switch member.content {
                case .text(let text):
                    let shown = text.isEmpty ? "" : ": " + text.replacingOccurrences(of: "\n", with: "⏎")
                    return "    \(member.path)\(mode)\(shown.count > 100 ? String(shown.prefix(99)) + "…" : shown)"
                case .binary(let fixture): return "    \(member.path)\(mode) (the ELF file \(fixture))"
                case .link(let target): return "    \(member.path) -> \(target)"
                case .folder: return "    \(member.path)\(mode)"
                }
            }
        }
        for (index, layer) in layers.enumerated() {
            switch layer {
            case .members(let members): lines += ["  layer \(index + 1):"] + describe(members)
            case .fixture(let name): lines.append("  layer \(index + 1): the test fixture \(name)")
            case .published(let members, let runtimes, let architectures):
                lines.append(
                    "  layer \(index + 1), published for \(runtimes.isEmpty ? "any runtime" : runtimes.joined(separator: ", "))"
                        + " on \(architectures.isEmpty ? "any architecture" : architectures.joined(separator: ", ")):")
                lines += describe(members)
            }
        }
        if let function { lines += ["  function package:"] + describe(function) }
        lines.append(findings.isEmpty ? "  finds nothing" : "  finds: " + findings.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }
}

extension [RuleExample.Member] {
    /// An extension module (the bytes of `fixture`) and its package's `__init__.py`, which
    /// imports it: `python/pkg/_core.abi3.so` is imported by `python/pkg/__init__.py` as
    /// `from . import _core`, so it runs when the package is imported.
    public static func importedExtension(_ path: String, _ fixture: String) -> [RuleExample.Member] {
        let parts = path.split(separator: "/")
        let folder = parts.dropLast().joined(separator: "/")
        let module = parts.last.map { String($0.prefix { $0 != "." }) } ?? path
        return [.file("\(folder)/__init__.py", "from . import \(module)\n"), .binary(path, fixture)]
    }

    /// An installed distribution as pip writes it: its `.dist-info` with METADATA (name,
    /// version, Requires-Python, Requires-Dist), RECORD and the files given, under `folder`;
    /// `missing` files are listed in RECORD but not written; `code` gives some files' text.
    public static func distribution(
        _ name: String, _ version: String, in folder: String = "python", requires: [String] = [],
        requiresPython: String? = nil, files: [String] = [], missing: [String] = [],
        code: [String: String] = [:]
    ) -> [RuleExample.Member] {
        let info = "\(name.replacingOccurrences(of: "-", with: "_"))-\(version).dist-info"
        var metadata = "Metadata-Version: 2.1\nName: \(name)\nVersion: \(version)\n"
        if let requiresPython { metadata += "Requires-Python: \(requiresPython)\n" }
        for requirement in requires { metadata += "Requires-Dist: \(requirement)\n" }
        let record = (files + missing + ["\(info)/METADATA", "\(info)/RECORD"]).map { "\($0),," }.joined(
            separator: "\n")
        return files.map { .file("\(folder)/\($0)", code[$0] ?? "") } + [
            .file("\(folder)/\(info)/METADATA", metadata), .file("\(folder)/\(info)/RECORD", record + "\n"),
        ]
    }
}
