import Foundation
import TestSupport
import Testing

/// The flow of ARCHITECTURE.md, held against the package: every dependency arrow of
/// `Package.swift` has its line (and reason) there and no other exists; reporters never name a
/// rule; the rules and the commands hold no unsafe buffers or threads of their own.
@Suite struct ArchitectureTests {
    static let root = FixturePaths.packageRoot

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// `target → dependency` for every regular and executable target of `Package.swift`
    /// (test targets and system libraries left out), read from its text.
    static func manifestArrows() throws -> Set<String> {
        let manifest = try text("Package.swift")
        var arrows: Set<String> = []
        let declarations =
            manifest.components(separatedBy: ".target(").dropFirst()
            + manifest.components(separatedBy: ".executableTarget(").dropFirst()
        for declaration in declarations {
            // The declaration runs to the next target of any kind.
            let body = declaration.components(separatedBy: "Target(")[0].components(separatedBy: ".target(")[0]
            guard let name = firstQuoted(after: "name:", in: body) else { continue }
            guard let start = body.range(of: "dependencies:") else { continue }
            var list = body[start.upperBound...]
            var depth = 0
            var end = list.startIndex
            for index in list.indices {
                if list[index] == "[" { depth += 1 }
                if list[index] == "]" {
                    depth -= 1
                    if depth == 0 {
                        end = index
                        break
                    }
                }
            }
            list = list[..<end]
            // `.product(name: "X", package: ...)` names X; a bare string names a target.
            let products = list.components(separatedBy: ".product(name:").dropFirst().compactMap {
                firstQuoted(after: "", in: $0)
            }
            let withoutProducts = list.replacingOccurrences(
                of: #"\.product\(name: "[^"]*", package: "[^"]*"\)"#, with: "", options: .regularExpression)
            let targets = withoutProducts.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map {
                String($0.element)
            }
            for dependency in targets + products {
                arrows.insert("\(name) → \(dependency)")
            }
        }
        return arrows
    }

    static func firstQuoted(after marker: String, in text: some StringProtocol) -> String? {
        let text = String(text)
        guard let start = marker.isEmpty ? text.startIndex..<text.startIndex : text.range(of: marker) else {
            return nil
        }
        let rest = text[start.upperBound...]
        guard let open = rest.firstIndex(of: "\"") else { return nil }
        let after = rest[rest.index(after: open)...]
        guard let close = after.firstIndex(of: "\"") else { return nil }
        return String(after[..<close])
    }

    /// The arrows ARCHITECTURE.md gives a reason for: lines "- `A → B`: reason".
    static func documentedArrows() throws -> Set<String> {
        var arrows: Set<String> = []
        for line in try text("ARCHITECTURE.md").split(separator: "\n") where line.hasPrefix("- `") {
            let parts = line.dropFirst(3).split(separator: "`", maxSplits: 1)
            guard parts.count == 2, parts[0].contains(" → "), parts[1].hasPrefix(": "), parts[1].count > 3 else {
                continue
            }
            arrows.insert(String(parts[0]))
        }
        return arrows
    }

    @Test func everyDependencyArrowIsTheDocumentedOne() throws {
        let manifest = try Self.manifestArrows()
        let documented = try Self.documentedArrows()
        #expect(manifest.contains("LintRules → ImageModel"))
        #expect(manifest.count > 30)
        #expect(
            manifest.subtracting(documented).isEmpty,
            "arrows in Package.swift with no reason in ARCHITECTURE.md: \(manifest.subtracting(documented).sorted())")
        #expect(
            documented.subtracting(manifest).isEmpty,
            "arrows in ARCHITECTURE.md that Package.swift lacks: \(documented.subtracting(manifest).sorted())")
    }

    /// The stages in flow order; none may depend on a later one.
    @Test func theFlowGoesOneWay() throws {
        let order = ["ZipArchive", "ImageModel", "OpeningStage", "LintRules", "Repairing", "LayerLint", "layerlint"]
        for arrow in try Self.manifestArrows() {
            let parts = arrow.components(separatedBy: " → ")
            guard let from = order.firstIndex(of: parts[0]), let to = order.firstIndex(of: parts[1]) else { continue }
            #expect(to < from, "\(arrow) goes against the flow")
        }
        #expect(!(try Self.manifestArrows()).contains("LintRules → OpeningStage"))
    }

    static func swiftFiles(under folder: String) throws -> [(path: String, text: String)] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return try walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted().map {
            (folder + "/" + $0, try String(contentsOf: base.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// Code lines only: comments dropped (a doc comment may mention anything).
    static func code(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
    }

    @Test func reportersNeverNameARule() throws {
        let rules = try Self.swiftFiles(under: "Sources/LintRules/Rules").flatMap { file in
            Self.code(file.text).compactMap { line -> String? in
                guard let range = line.range(of: #"struct \w+Rule\b"#, options: .regularExpression) else { return nil }
                return String(line[range].dropFirst("struct ".count))
            }
        }
        #expect(rules.count >= 40)
        for file in try Self.swiftFiles(under: "Sources/LayerLint/Reporters") {
            for line in Self.code(file.text) {
                for rule in rules where line.range(of: "\\b\(rule)\\b", options: .regularExpression) != nil {
                    Issue.record("\(file.path) names the rule \(rule): reporters know findings and descriptions only")
                }
            }
        }
    }

    @Test func rulesAndCommandsHoldNoUnsafeCodeOrThreads() throws {
        let allowed: Set<String> = [
            // The report's in-place buffer, and the temporary file and rename of safe output.
            "Sources/LayerLint/Output/JSONWriter.swift", "Sources/LayerLint/Output/OutputFile.swift",
        ]
        let markers = [#"Unsafe"#, #"nonisolated\(unsafe\)"#, #"@unchecked Sendable"#, #"\bDispatch"#, #"\bThread\b"#]
        var checked = 0
        for folder in ["Sources/LintRules", "Sources/LayerLint", "Sources/layerlint"] {
            for file in try Self.swiftFiles(under: folder) where !allowed.contains(file.path) {
                checked += 1
                for line in Self.code(file.text) {
                    for marker in markers
                    where line.range(of: marker, options: .regularExpression) != nil && !line.contains("UnsafePath") {
                        Issue.record("\(file.path): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        #expect(checked > 80)
    }
}
