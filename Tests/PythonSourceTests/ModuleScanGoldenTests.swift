import Foundation
import PythonSource
import TestSupport
import Testing

/// ModuleScan and ModuleRun against Python's own `ast`
/// (Fixtures/python-source/reference_scan.py, which walks the syntax tree with the same rules):
/// each import with where it runs when every import works, and the names bound; for the
/// committed cases, and for any corpus the differential script points at.
struct ModuleScanGoldenTests {
    struct Answer: Decodable {
        let imports: [[Value]]
        let bindings: [[String]]
        let star: Bool
        let syntaxErrorLine: Int?
    }

    /// A JSON array element: a string, a number or a list of strings.
    enum Value: Decodable, Equatable, CustomStringConvertible {
        case text(String)
        case number(Int)
        case list([String])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                self = .number(number)
            } else if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .list(try container.decode([String].self))
            }
        }

        var description: String {
            switch self {
            case .text(let text): return text
            case .number(let number): return String(number)
            case .list(let list): return "[" + list.joined(separator: ",") + "]"
            }
        }
    }

    struct Golden: Decodable {
        let python: String
        let files: [String: Answer]
    }

    /// The run of a module whose every import works: where each import runs, and the names
    /// bound at its end, in the reference's shape (one line each).
    static func lines(_ scan: ModuleScan, version: [Int]) -> (imports: [String], bindings: [String], star: Bool) {
        var run = ModuleRun(
            scan: scan, module: "pkg.mod", isPackage: false, target: PythonTarget(version: version, machine: "x86_64"))
        var places: [String: String] = [:]
        while case .request(let request) = run.next() {
            var key = "\(request.statement)"
            if !request.isFrom, case .module(let name) = request.target { key += "\u{0}" + name }
            let place = (request.reach == .runs ? "runs" : "conditional") + (request.caughtIfMissing ? " guarded" : "")
            if places[key] == nil { places[key] = place }
            run.answer(.imported([:]))
        }
        let imports = scan.imports.map { item -> String in
            let key: String
            if case .importFrom = scan.statements[item.statement].kind {
                key = "\(item.statement)"
            } else {
                key = "\(item.statement)\u{0}\(item.module)"
            }
            let place = item.inFunction ? "function" : (places[key] ?? "dead")
            return "\(item.module) \(item.level) [\(item.names.joined(separator: ","))] \(item.line) \(place)"
        }
        let bindings = run.outcome.bound.map { "\($0.key) \($0.value ? "certain" : "possible")" }.sorted()
        return (imports, bindings, run.outcome.hasStarImport)
    }

    static func lines(_ answer: Answer) -> (imports: [String], bindings: [String]) {
        (
            answer.imports.map { $0.map(\.description).joined(separator: " ") },
            answer.bindings.map { $0.joined(separator: " ") }.sorted()
        )
    }

    /// Where two lists first differ, as `ours … theirs …`, or `nil` when they are equal.
    static func firstDifference(_ ours: [String], _ theirs: [String]) -> String? {
        guard ours != theirs else { return nil }
        let index =
            (0..<min(ours.count, theirs.count)).first { ours[$0] != theirs[$0] } ?? min(ours.count, theirs.count)
        let mine = index < ours.count ? ours[index] : "(end)"
        let other = index < theirs.count ? theirs[index] : "(end)"
        return "at \(index): ours \(mine), theirs \(other)"
    }

    static func mismatches(_ golden: Golden, source: (String) throws -> String) rethrows -> [String] {
        let version = golden.python.split(separator: ".").compactMap { Int($0) }
        var problems: [String] = []
        for (file, answer) in golden.files.sorted(by: { $0.key < $1.key }) {
            let scan = ModuleScan(source: try source(file))
            // ModuleScan is no full parser: where Python finds a syntax error, whatever it
            // says is accepted; where Python finds none, it must find none either.
            if answer.syntaxErrorLine != nil { continue }
            if let error = scan.syntaxError {
                problems.append("\(file): no syntax error, but ModuleScan found \(error.message) at \(error.line)")
                continue
            }
            let ours = lines(scan, version: version)
            let theirs = lines(answer)
            if let difference = Self.firstDifference(ours.imports, theirs.imports) {
                problems.append("\(file) imports: \(difference)")
            }
            if let difference = Self.firstDifference(ours.bindings, theirs.bindings) {
                problems.append("\(file) bindings: \(difference)")
            }
            if ours.star != answer.star { problems.append("\(file): star import \(ours.star)") }
        }
        return problems
    }

    @Test func committedCasesMatchPythonsAST() throws {
        let data = try Data(contentsOf: FixturePaths.pythonSource("cases/golden.json"))
        let golden = try JSONDecoder().decode(Golden.self, from: data)
        #expect(golden.files.count >= 7)
        let problems = try Self.mismatches(golden) { file in
            try String(contentsOf: FixturePaths.pythonSource("cases/\(file)"), encoding: .utf8)
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// With LAYERLINT_IMPORT_CORPUS naming a JSON file from `reference_scan.py --out`
    /// (`scripts/differential-imports` makes one over a Python's standard library).
    @Test func corpusMatchesPythonsAST() throws {
        guard let path = ProcessInfo.processInfo.environment["LAYERLINT_IMPORT_CORPUS"] else { return }
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        let problems = try Self.mismatches(golden) { file in
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
        }
        print("differential: \(golden.files.count) files, \(problems.count) differ")
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
    }
}
