/// What a Python module does when it is imported, as far as import checks need it: its
/// `import` statements with the blocks around them, and the names it binds at module level.
/// Built on `Tokenizer`'s logical lines and a stack of open blocks (no recursion).
public struct ModuleScan: Sendable {
    /// One `import` or `from … import` statement.
    public struct Import: Equatable, Sendable {
        /// The dotted module (`os.path`; for `from . import x`, empty).
        public let module: String
        /// Leading dots of a relative import (`from ..x import y` is 2); 0 when absolute.
        public let level: Int
        /// For `from` imports, the names imported (`*` for a star import); empty otherwise.
        public let names: [String]
        public let line: Int
        /// Where it runs.
        public let place: Place
    }

    public enum Place: Equatable, Sendable {
        /// When the module is imported (module level, or in a class body, an `if`, a `with`).
        case moduleLevel
        /// In a `try` whose `except` catches ImportError (or ModuleNotFoundError, Exception,
        /// BaseException, or everything).
        case guarded
        /// In an `if TYPE_CHECKING:` block: never at run time.
        case typeChecking
        /// In a branch that a `sys.version_info` test makes false for the Python given.
        case otherPython
        /// In a function body: only when the function runs.
        case function
    }

    /// How a module-level name is bound (for the handler, F001).
    public enum Binding: Equatable, Sendable {
        case function
        case asyncFunction
        case `class`
        case assignment
        case `import`
    }

    public let imports: [Import]
    /// Module-level names with how each was first bound, in source order.
    public let bindings: [(name: String, binding: Binding, line: Int)]
    /// Whether a `from … import *` at module level may bind any name.
    public let hasStarImport: Bool
    /// Why the module cannot be compiled, when the tokenizer or the block structure says so.
    public let syntaxError: Tokenizer.SyntaxError?

    /// Scans `source` for Python `pythonVersion` (`[3, 12]`; `nil` leaves version tests undecided).
    public init(source: String, pythonVersion: [Int]? = nil) {
        switch Tokenizer.logicalLines(source) {
        case .failure(let error):
            self.imports = []
            self.bindings = []
            self.hasStarImport = false
            self.syntaxError = error
        case .success(let lines):
            var walker = BlockWalker(pythonVersion: pythonVersion)
            walker.walk(lines)
            self.imports = walker.imports
            self.bindings = walker.bindings
            self.hasStarImport = walker.hasStarImport
            self.syntaxError = walker.syntaxError
        }
    }

    /// How `name` is bound at module level, if it is.
    public func binding(of name: String) -> Binding? { bindings.first { $0.name == name }?.binding }
}

extension ModuleScan.Import {
    /// The absolute module an import names, or why a relative one names none.
    public enum Target: Equatable, Sendable {
        case module(String)
        /// A relative import in a top-level module ("attempted relative import with no known
        /// parent package").
        case noParent
        /// More dots than the package has levels ("attempted relative import beyond top-level package").
        case beyondTop
    }

    /// What this import names when it is made in `module` (dotted; `isPackage` when the
    /// file is that package's `__init__`): its own module when absolute; for `from ..x import y`
    /// in `a.b.c`, `a.x`. `from . import y` names the package itself.
    public func target(from module: String, isPackage: Bool) -> Target {
        guard level > 0 else { return .module(self.module) }
        let parts = module.split(separator: ".").map(String.init)
        let package = isPackage ? parts : Array(parts.dropLast())
        guard !package.isEmpty else { return .noParent }
        guard level - 1 < package.count else { return .beyondTop }
        let base = package.dropLast(level - 1)
        return .module((base + (self.module.isEmpty ? [] : [self.module])).joined(separator: "."))
    }
}

/// Walks logical lines with the stack of blocks they are in.
private struct BlockWalker {
    enum Kind: Equatable {
        case function
        case `class`
        /// The body of a `try`, by its id.
        case tryBody(Int)
        case typeChecking
        case otherPython
        case plain
    }

    /// What an `if`/`elif` test says for the target.
    enum Test: Equatable {
        case isTrue, isFalse, typeChecking, unknown
    }

    let pythonVersion: [Int]?
    var imports: [ModuleScan.Import] = []
    var bindings: [(name: String, binding: ModuleScan.Binding, line: Int)] = []
    var hasStarImport = false
    var syntaxError: Tokenizer.SyntaxError?
    /// An open block: the indentation of its header, its kind, and what it inherits, kept
    /// with it so that asking about the current position costs nothing however deep the
    /// nesting: the kind statements in it run as, and whether a class or function is around.
    struct Block {
        let indent: Int
        let kind: Kind
        let effective: Kind
        let inClassOrFunction: Bool
    }

    var blocks: [Block] = []
    /// The ids of the open try bodies, innermost last.
    var openTries: [Int] = []

    mutating func push(_ indent: Int, _ kind: Kind) {
        let outer = blocks.last
        let effective: Kind
        switch kind {
        case .function, .typeChecking, .otherPython: effective = kind
        default: effective = outer?.effective ?? .plain
        }
        let inClassOrFunction = (outer?.inClassOrFunction ?? false) || kind == .class || kind == .function
        blocks.append(Block(indent: indent, kind: kind, effective: effective, inClassOrFunction: inClassOrFunction))
        if case .tryBody(let id) = kind { openTries.append(id) }
    }

    mutating func pop() {
        guard let block = blocks.popLast() else { return }
        if case .tryBody = block.kind { openTries.removeLast() }
    }
    /// Indentation levels of CPython's tokenizer, for dedent checks.
    var indents: [Int] = [0]
    /// Imports in each try body, by try id, and the tries whose handlers catch ImportError.
    var tryImports: [Int: [Int]] = [:]
    var guardingTries = Set<Int>()
    /// The last `try` header and the tests of the current if-chain, per header indentation.
    var lastTry: [Int: Int] = [:]
    var chains: [Int: [Test]] = [:]
    var nextTry = 0
    /// A header ended with `:` and no body on its line: the next line must be indented more.
    var expectingBody: (indent: Int, line: Int)?

    init(pythonVersion: [Int]?) { self.pythonVersion = pythonVersion }

    mutating func walk(_ lines: [Tokenizer.LogicalLine]) {
        for logical in lines {
            guard syntaxError == nil else { return }
            if let expected = expectingBody {
                guard logical.indent > expected.indent else {
                    syntaxError = .init(line: logical.line, message: "expected an indented block")
                    return
                }
                expectingBody = nil
                indents.append(logical.indent)
            } else if logical.indent > (indents.last ?? 0) {
                syntaxError = .init(line: logical.line, message: "unexpected indent")
                return
            } else {
                while let last = indents.last, last > logical.indent { indents.removeLast() }
                guard indents.last == logical.indent else {
                    syntaxError = .init(
                        line: logical.line, message: "unindent does not match any outer indentation level")
                    return
                }
            }
            while let last = blocks.last, last.indent >= logical.indent { pop() }
            // A chain of if/elif/else or try/except ends at a statement of its indentation
            // that continues neither.
            statements(logical.tokens[...], indent: logical.indent)
        }
        if let expected = expectingBody {
            syntaxError = .init(line: expected.line, message: "expected an indented block")
        }
        for (id, members) in tryImports where guardingTries.contains(id) {
            for index in members where imports[index].place == .moduleLevel || imports[index].place == .function {
                let old = imports[index]
                imports[index] = ModuleScan.Import(
                    module: old.module, level: old.level, names: old.names, line: old.line,
                    place: old.place == .function ? .function : .guarded)
            }
        }
    }

    /// The simple statements of a logical line (split at `;`), or a compound header with
    /// the statements after its `:`.
    mutating func statements(_ tokens: ArraySlice<Tokenizer.Token>, indent: Int) {
        var rest = tokens
        var indent = indent
        // Headers whose body follows on the same line (`if x: import y`) open a block one
        // level in for the rest of the line: a loop, not a call per header, since a line
        // may chain any number of them.
        var inlineBlocks = 0
        defer { for _ in 0..<inlineBlocks { pop() } }
        while let first = rest.first {
            if let header = headerEnd(rest) {
                let kind = enter(rest[rest.startIndex..<header], indent: indent, line: first.line)
                let body = rest[(header + 1)...]
                guard syntaxError == nil else { return }
                push(indent, kind)
                if body.isEmpty {
                    expectingBody = (indent, first.line)
                    return
                }
                inlineBlocks += 1
                indent += 1
                rest = body
                continue
            }
            let end = rest.firstIndex { $0.kind == .op && $0.text == ";" } ?? rest.endIndex
            let statement = rest[rest.startIndex..<end]
            if !statement.isEmpty { simple(statement, indent: indent) }
            guard end < rest.endIndex else { return }
            rest = rest[(end + 1)...]
        }
    }

    static let compoundKeywords: Set<String> = [
        "if", "elif", "else", "for", "while", "try", "except", "finally", "with", "def", "class", "async",
    ]

    /// The index of the `:` that ends a compound statement's header, when `tokens` start one.
    func headerEnd(_ tokens: ArraySlice<Tokenizer.Token>) -> Int? {
        guard let first = tokens.first, first.kind == .name else { return nil }
        let soft = first.text == "match" || first.text == "case"
        guard Self.compoundKeywords.contains(first.text) || soft else { return nil }
        var depth = 0
        var lambdas = 0
        for index in tokens.indices {
            let token = tokens[index]
            guard token.kind == .op || token.text == "lambda" else { continue }
            switch token.text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case "lambda" where depth == 0: lambdas += 1
            case ":" where depth == 0:
                if lambdas > 0 {
                    lambdas -= 1
                } else {
                    return index
                }
            case "=" where soft && depth == 0: return nil  // `match = 3`
            default: break
            }
        }
        return nil
    }

    /// Opens the block of a compound header (`tokens` without its `:`).
    mutating func enter(_ tokens: ArraySlice<Tokenizer.Token>, indent: Int, line: Int) -> Kind {
        let words = tokens.map(\.text)
        let keyword = words.first ?? ""
        let inner = currentKind
        if keyword != "elif" && keyword != "else" { chains[indent] = nil }
        switch keyword {
        case "def", "async":
            // `async for` and `async with` are plain blocks.
            guard keyword == "def" || words.dropFirst().first == "def" else { return inner }
            let nameIndex = keyword == "def" ? 1 : 2
            if nameIndex < words.count { bind(words[nameIndex], keyword == "def" ? .function : .asyncFunction, line) }
            return .function
        case "class":
            if words.count > 1 { bind(words[1], .class, line) }
            return inner == .plain ? .class : inner
        case "try":
            nextTry += 1
            lastTry[indent] = nextTry
            return .tryBody(nextTry)
        case "except":
            if let id = lastTry[indent], Self.catchesImportError(words.dropFirst()) { guardingTries.insert(id) }
            return inner
        case "finally":
            return inner
        case "if":
            let test = evaluate(tokens.dropFirst())
            chains[indent] = [test]
            return kind(for: test, inner: inner)
        case "elif":
            let earlier = chains[indent] ?? []
            let test = evaluate(tokens.dropFirst())
            chains[indent] = earlier + [test]
            // After a true test the branch never runs; `elif TYPE_CHECKING:` is the innermost reason then.
            if earlier.contains(.isTrue) { return test == .typeChecking ? .typeChecking : .otherPython }
            return kind(for: test, inner: inner)
        case "else":
            // The else of an if-chain runs when every test was false; a try's or loop's else is plain.
            if let earlier = chains[indent] {
                chains[indent] = nil
                if earlier.contains(.isTrue) { return .otherPython }
            }
            return inner
        case "for", "while", "with":
            if keyword == "with" || keyword == "for" { bindTargets(tokens, line: line) }
            return inner
        default:
            return inner
        }
    }

    func kind(for test: Test, inner: Kind) -> Kind {
        switch test {
        case .isFalse: return .otherPython
        case .typeChecking: return .typeChecking
        case .isTrue, .unknown: return inner
        }
    }

    /// The kind statements at the current position run in: that of the innermost block
    /// that changes it (a function, a type-checking or other-Python branch), else plain.
    var currentKind: Kind { blocks.last?.effective ?? .plain }

    static func catchesImportError(_ words: ArraySlice<String>) -> Bool {
        if words.isEmpty || words.first == "*" && words.count == 1 { return true }  // a bare `except:`
        let catching: Set<String> = ["ImportError", "ModuleNotFoundError", "Exception", "BaseException"]
        for word in words {
            if word == "as" { break }
            if catching.contains(word) { return true }
        }
        return false
    }

    /// What a test says for the target: `TYPE_CHECKING` (alone or as `typing.TYPE_CHECKING`),
    /// or a comparison of `sys.version_info` (or `sys.version_info[:2]`, `[0]`) with a tuple.
    func evaluate(_ tokens: ArraySlice<Tokenizer.Token>) -> Test {
        let words = tokens.map(\.text)
        if words == ["TYPE_CHECKING"] || (words.count == 3 && words[1] == "." && words[2] == "TYPE_CHECKING") {
            return .typeChecking
        }
        guard let version = pythonVersion else { return .unknown }
        var index = 0
        if words.count > 2 && words[0] == "sys" && words[1] == "." { index = 2 }
        guard index < words.count, words[index] == "version_info" else { return .unknown }
        index += 1
        var single: Int?
        // [:2] or [0]
        if index < words.count, words[index] == "[" {
            guard let close = words[index...].firstIndex(of: "]") else { return .unknown }
            let inside = Array(words[(index + 1)..<close])
            if inside.count == 1, let number = Int(inside[0]) {
                single = number
            } else if !(inside.count == 2 && inside[0] == ":"
                || inside.count == 3 && inside[0] == "0" && inside[1] == ":")
            {
                return .unknown  // only [k], [:n] and [0:n] are understood
            }
            index = close + 1
        }
        guard index < words.count else { return .unknown }
        let op = words[index]
        let rest = words[(index + 1)...].filter { $0 != "(" && $0 != ")" && $0 != "," }
        let numbers = rest.compactMap { Int($0) }
        guard numbers.count == rest.count, !numbers.isEmpty else { return .unknown }
        // Lambda runs a late patch release: compare as if every part after the given ones were large.
        let left: [Int]
        let right: [Int]
        if let single {
            guard single < version.count, numbers.count == 1 else { return .unknown }
            left = [version[single]]
            right = numbers
        } else {
            left = Array((version + [99, 99]).prefix(numbers.count))
            right = numbers
        }
        let less = left.lexicographicallyPrecedes(right)
        let equal = left == right
        let result: Bool
        switch op {
        case ">=": result = !less
        case ">": result = !less && !equal
        case "<": result = less
        case "<=": result = less || equal
        case "==": result = equal
        case "!=": result = !equal
        default: return .unknown
        }
        return result ? .isTrue : .isFalse
    }

    /// A simple statement: an import, or an assignment that binds names.
    mutating func simple(_ tokens: ArraySlice<Tokenizer.Token>, indent: Int) {
        guard let first = tokens.first else { return }
        let line = first.line
        let place: ModuleScan.Place
        switch currentKind {
        case .function: place = .function
        case .typeChecking: place = .typeChecking
        case .otherPython: place = .otherPython
        default: place = .moduleLevel
        }
        let atModuleLevel = place == .moduleLevel && !(blocks.last?.inClassOrFunction ?? false)
        let words = tokens.map(\.text)
        if first.text == "import" {
            for part in Self.split(words.dropFirst(), at: ",") {
                let names = Array(part)
                guard let asIndex = names.firstIndex(of: "as") ?? Optional(names.endIndex) else { continue }
                let module = names[..<asIndex].joined()
                guard !module.isEmpty else { continue }
                record(ModuleScan.Import(module: module, level: 0, names: [], line: line, place: place))
                if atModuleLevel {
                    let bound = asIndex < names.endIndex - 1 ? names[asIndex + 1] : String(module.prefix { $0 != "." })
                    bind(bound, .import, line)
                }
            }
            return
        }
        if first.text == "from", let importIndex = words.firstIndex(of: "import") {
            var level = 0
            var module: [String] = []
            for word in words[1..<importIndex] {
                // Leading dots are the level; later ones join the dotted name.
                if module.isEmpty && word == "." {
                    level += 1
                } else if module.isEmpty && word == "..." {
                    level += 3
                } else {
                    module.append(word)
                }
            }
            let listed = words[(importIndex + 1)...].filter { $0 != "(" && $0 != ")" }
            var names: [String] = []
            for part in Self.split(listed[...], at: ",") {
                let pieces = Array(part)
                guard let name = pieces.first else { continue }
                names.append(name)
                if atModuleLevel {
                    if name == "*" {
                        hasStarImport = true
                    } else {
                        bind(pieces.count == 3 && pieces[1] == "as" ? pieces[2] : name, .import, line)
                    }
                }
            }
            let dotted = module.joined()
            if dotted == "__future__" { return }
            record(ModuleScan.Import(module: dotted, level: level, names: names, line: line, place: place))
            return
        }
        guard atModuleLevel else { return }
        // `type Alias = int` (Python 3.12) binds the alias only.
        if first.text == "type", tokens.count > 2, tokens[tokens.startIndex + 1].kind == .name,
            ["=", "["].contains(tokens[tokens.startIndex + 2].text)
        {
            bind(tokens[tokens.startIndex + 1].text, .assignment, line)
            return
        }
        bindAssignment(tokens, line: line)
    }

    mutating func record(_ item: ModuleScan.Import) {
        let index = imports.count
        imports.append(item)
        for id in openTries { tryImports[id, default: []].append(index) }
    }

    /// `a = b = value`, `a, b = value`, `a: int = value`: the names left of each `=`.
    mutating func bindAssignment(_ tokens: ArraySlice<Tokenizer.Token>, line: Int) {
        var depth = 0
        var start = tokens.startIndex
        var sawAssignment = false
        for index in tokens.indices {
            let token = tokens[index]
            // What follows a lambda is its body (`f = lambda x=1: x` binds only f).
            if token.kind == .name && token.text == "lambda" && depth == 0 { return }
            guard token.kind == .op else { continue }
            switch token.text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case "=" where depth == 0:
                bindNames(tokens[start..<index], line: line)
                start = index + 1
                sawAssignment = true
            case ":" where depth == 0 && !sawAssignment:
                // An annotated target: `handler: Callable = make()`, `(name): int`; the
                // annotation and the value bind nothing.
                bindNames(tokens[tokens.startIndex..<index], line: line)
                return
            default: break
            }
        }
    }

    mutating func bindNames(_ tokens: ArraySlice<Tokenizer.Token>, line: Int) {
        // Only plain names (and tuples and lists of them) bind: `x.y = 1`, `x[i] = 1` and
        // `f(a).b = 1` do not, nor anything inside their subscripts and calls.
        var previous: Tokenizer.Token?
        var skipping = 0
        for (offset, token) in tokens.enumerated() {
            let next = tokens.dropFirst(offset + 1).first
            defer { previous = token }
            if token.kind == .op && (token.text == "[" || token.text == "(") {
                let follows = previous.map { $0.kind == .name || $0.text == ")" || $0.text == "]" } ?? false
                if skipping > 0 || follows { skipping += 1 }
                continue
            }
            if token.kind == .op && (token.text == "]" || token.text == ")") {
                if skipping > 0 { skipping -= 1 }
                continue
            }
            guard skipping == 0 else { continue }
            if token.kind == .name, previous?.text != ".", next?.text != ".", next?.text != "[", next?.text != "(",
                PythonNames.isIdentifier(token.text)
            {
                bind(token.text, .assignment, line)
            }
        }
    }

    /// `with open(x) as f, g() as (a, b)`, `for x, y in z`: the target names.
    mutating func bindTargets(_ tokens: ArraySlice<Tokenizer.Token>, line: Int) {
        guard currentKind == .plain, let first = tokens.first else { return }
        if first.text == "for" {
            let inIndex = tokens.firstIndex { $0.kind == .name && $0.text == "in" } ?? tokens.endIndex
            bindNames(tokens[(tokens.startIndex + 1)..<inIndex], line: line)
            return
        }
        // Each `as` target runs to the next `,` or `)` at its depth.
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            if token.kind == .name && token.text == "as" {
                var end = index + 1
                var inner = 0
                while end < tokens.endIndex {
                    let next = tokens[end]
                    if next.kind == .op && ["(", "["].contains(next.text) { inner += 1 }
                    if next.kind == .op && [")", "]"].contains(next.text) {
                        if inner == 0 { break }
                        inner -= 1
                    }
                    if inner == 0 && next.kind == .op && next.text == "," { break }
                    end += 1
                }
                bindNames(tokens[(index + 1)..<end], line: line)
                index = end
                continue
            }
            index += 1
        }
    }

    mutating func bind(_ name: String, _ binding: ModuleScan.Binding, _ line: Int) {
        guard currentKind == .plain || currentKind == .class && binding != .import else { return }
        guard !(blocks.last?.inClassOrFunction ?? false) else { return }
        guard !bindings.contains(where: { $0.name == name }) else { return }
        bindings.append((name, binding, line))
    }

    static func split(_ words: ArraySlice<String>, at separator: String) -> [ArraySlice<String>] {
        words.split(separator: separator, omittingEmptySubsequences: true)
    }
}

/// Python's names.
public enum PythonNames {
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
        "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// An identifier that is not a keyword.
    public static func isIdentifier(_ word: String) -> Bool { !keywords.contains(word) && isName(word) }

    /// A name by the syntax of identifiers alone: ASCII letters, digits and `_`, not starting
    /// with a digit; other Unicode letters as Python allows them. File and folder names
    /// (import names of a layer) are checked this way.
    public static func isName(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return word.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
