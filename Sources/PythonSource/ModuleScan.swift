/// The statements of a Python module as far as running it at import time needs them: each
/// simple statement that imports, binds, raises or may fail, and each compound statement's
/// header with the range of its body, in source order. Built from `Tokenizer`'s logical
/// lines with a stack of open blocks, in one pass and without recursion; `ModuleRun`
/// executes it for a target.
public struct ModuleScan: Sendable {
    /// One statement. A compound statement's header is followed by its body's statements;
    /// `end` is the index after the last of them.
    public struct Statement: Sendable {
        public let line: Int
        public let kind: Kind
        /// The header whose body holds the statement; `nil` at module level.
        public let parent: Int?
        /// The index after the statement's body (after itself for a simple statement).
        public internal(set) var end: Int
        /// For `elif`, `else`, `except` and `finally`: the header that starts the chain (`if`,
        /// `try`, `for`, `while`).
        public let chain: Int?
        /// Whether a `def` encloses the statement: it runs only when that function is called.
        public let inFunction: Bool
        /// Whether it may bind module-level names the model cannot see (`globals()`,
        /// `locals()[name] = …`, `vars()`, `exec`, `setattr`, `__dict__`).
        public internal(set) var bindsDynamically = false
    }

    public enum Kind: Sendable {
        /// `import a.b as c, d`.
        case `import`([ImportedName])
        /// `from .x import a as b` (`names` empty and `star` for `from x import *`).
        case importFrom(module: String, level: Int, names: [ImportedName], star: Bool)
        /// `a = b = value`: the plain names bound (a target that is not a plain name binds
        /// nothing this model follows: `x.y = v`, `d[k] = v`; names in tuple targets are in
        /// `unpacked`).
        case assignment(targets: [String], unpacked: [String], value: PythonExpression.Source)
        /// Names bound to values the model does not follow (`x += 1`, `del x` is not one).
        case binding([String])
        /// An expression used as a statement (a call, a bare name).
        case expression(PythonExpression.Source)
        /// `raise X` (`nil` for a bare `raise`).
        case raise(PythonExpression.Source?)
        /// `global a, b` (in a function: calling it may bind those module-level names).
        case global([String])
        /// `pass`, `return`, `global`, `assert`, ...: `mayFail` for those that can raise.
        case other(mayFail: Bool)
        case `if`(PythonExpression.Source)
        case elif(PythonExpression.Source)
        case `else`
        case `try`
        case except(Catch)
        case finally
        /// `for targets in iterable` or `while test`.
        case loop(targets: [String], iterable: PythonExpression.Source?, isWhile: Bool)
        /// `with a, b as c:` (`suppressing`: `contextlib.suppress(...)` is one of the items).
        case with(targets: [String], suppressing: Catch?)
        case function(name: String, isAsync: Bool)
        case `class`(name: String)
        /// `match x:` and one of its `case` clauses.
        case match
        case `case`

        /// Whether a body follows.
        public var isHeader: Bool {
            switch self {
            case .if, .elif, .else, .try, .except, .finally, .loop, .with, .function, .class, .match, .case:
                return true
            default:
                return false
            }
        }
    }

    /// A dotted module in an `import`, or a name in `from … import`, with its `as` name.
    public struct ImportedName: Equatable, Sendable {
        public let name: String
        public let alias: String?

        /// The module-level name the import binds (`os` for `import os.path`).
        public var boundName: String { alias ?? String(name.prefix { $0 != "." }) }
    }

    /// What an `except` clause (or `contextlib.suppress`) catches: the exception names, or
    /// everything (`except:`).
    public struct Catch: Equatable, Sendable {
        public let names: [String]
        public let catchesEverything: Bool

        /// Whether it catches an exception of `kind`.
        public func catches(_ kind: ModuleRun.ExceptionKind) -> Bool {
            if catchesEverything { return true }
            for name in names {
                switch name {
                case "BaseException", "Exception": return true
                case "ImportError" where kind == .moduleNotFound || kind == .importError: return true
                case "ModuleNotFoundError" where kind == .moduleNotFound: return true
                case "NameError" where kind == .nameError: return true
                case "SyntaxError" where kind == .syntaxError: return true
                default: continue
                }
            }
            return false
        }

        /// Whether it catches anything code may raise (`Exception`, `BaseException`, bare).
        var isBroad: Bool { catchesEverything || names.contains("Exception") || names.contains("BaseException") }
    }

    /// One import statement, for what reads imports without running the module (F002's
    /// imports inside functions).
    public struct Import: Equatable, Sendable {
        /// The dotted module (`os.path`; for `from . import x`, empty).
        public let module: String
        /// Leading dots of a relative import (`from ..x import y` is 2); 0 when absolute.
        public let level: Int
        /// For `from` imports, the names imported (`*` for a star import); empty otherwise.
        public let names: [String]
        public let line: Int
        /// The statement's index.
        public let statement: Int
        /// Whether it is inside a function body.
        public let inFunction: Bool
    }

    public let statements: [Statement]
    /// Why the module cannot be compiled, when the tokenizer or the block structure says so.
    public let syntaxError: Tokenizer.SyntaxError?

    /// Scans `source`.
    public init(source: String) {
        switch Tokenizer.logicalLines(source) {
        case .failure(let error):
            statements = []
            syntaxError = error
        case .success(let lines):
            var walker = BlockWalker()
            walker.walk(lines)
            statements = walker.statements
            syntaxError = walker.syntaxError
        }
    }

    /// Every import statement, in source order, one per module of `import a, b` (`from
    /// __future__` left out: it imports nothing).
    public var imports: [Import] {
        statements.indices.flatMap { index -> [Import] in
            let statement = statements[index]
            switch statement.kind {
            case .import(let names):
                return names.map {
                    Import(
                        module: $0.name, level: 0, names: [], line: statement.line, statement: index,
                        inFunction: statement.inFunction)
                }
            case .importFrom(let module, let level, let names, let star):
                guard !(level == 0 && module == "__future__") else { return [] }
                return [
                    Import(
                        module: module, level: level, names: names.map(\.name) + (star ? ["*"] : []),
                        line: statement.line, statement: index, inFunction: statement.inFunction)
                ]
            default:
                return []
            }
        }
    }
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

    /// What this import names when it is made in `module` (see `ModuleScan.target`).
    public func target(from module: String, isPackage: Bool) -> Target {
        ModuleScan.target(self.module, level: level, from: module, isPackage: isPackage)
    }
}

extension ModuleScan {
    /// What `from <dots><module> import …` names when made in `importer` (dotted;
    /// `isPackage` when the file is that package's `__init__`): `module` itself when
    /// absolute; for `from ..x import y` in `a.b.c`, `a.x`. `from . import y` names the
    /// package itself.
    public static func target(_ module: String, level: Int, from importer: String, isPackage: Bool)
        -> Import.Target
    {
        guard level > 0 else { return .module(module) }
        let parts = importer.split(separator: ".").map(String.init)
        let package = isPackage ? parts : Array(parts.dropLast())
        guard !package.isEmpty else { return .noParent }
        guard level - 1 < package.count else { return .beyondTop }
        let base = package.dropLast(level - 1)
        return .module((base + (module.isEmpty ? [] : [module])).joined(separator: "."))
    }
}

/// Walks logical lines with the stack of blocks they are in.
private struct BlockWalker {
    var statements: [ModuleScan.Statement] = []
    var syntaxError: Tokenizer.SyntaxError?

    /// An open block: the indentation of its header's line and the header's index.
    struct Block {
        let indent: Int
        let header: Int
        let inFunction: Bool
    }

    var blocks: [Block] = []
    /// Indentation levels of CPython's tokenizer, for dedent checks.
    var indents: [Int] = [0]
    /// The chains (`if` or `try` or loop) a continuation header may continue, one per
    /// indentation, deepest last: a stack, so that closing a block drops the chains opened
    /// in it in time proportional to their number.
    var chains: [(indent: Int, head: Int)] = []

    func chain(at indent: Int) -> Int? { chains.last.flatMap { $0.indent == indent ? $0.head : nil } }

    /// Ends the chains at `indent` and deeper; with `head`, starts one there.
    mutating func setChain(at indent: Int, _ head: Int?) {
        while let last = chains.last, last.indent >= indent { chains.removeLast() }
        if let head { chains.append((indent, head)) }
    }
    /// A header ended with `:` and no body on its line: the next line must be indented more.
    var expectingBody: (indent: Int, line: Int)?

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
            while let last = blocks.last, last.indent >= logical.indent { close() }
            statements(logical.tokens[...], indent: logical.indent)
        }
        if let expected = expectingBody {
            syntaxError = .init(line: expected.line, message: "expected an indented block")
        }
        while !blocks.isEmpty { close() }
    }

    mutating func close() {
        guard let block = blocks.popLast() else { return }
        statements[block.header].end = statements.count
        // Chains opened inside the block end with it.
        while let last = chains.last, last.indent > block.indent { chains.removeLast() }
    }

    var parent: Int? { blocks.last?.header }
    var inFunction: Bool { blocks.last?.inFunction ?? false }

    mutating func append(_ kind: ModuleScan.Kind, line: Int, chain: Int? = nil) {
        statements.append(
            ModuleScan.Statement(
                line: line, kind: kind, parent: parent, end: statements.count + 1, chain: chain,
                inFunction: inFunction))
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
        defer { for _ in 0..<inlineBlocks { close() } }
        while let first = rest.first {
            if let header = headerEnd(rest) {
                enter(rest[rest.startIndex..<header], indent: indent, line: first.line)
                guard syntaxError == nil else { return }
                let body = rest[(header + 1)...]
                if body.isEmpty {
                    expectingBody = (indent, first.line)
                    return
                }
                inlineBlocks += 1
                indent += 1
                rest = body
                continue
            }
            setChain(at: indent, nil)
            let end = rest.firstIndex { $0.kind == .op && $0.text == ";" } ?? rest.endIndex
            let statement = rest[rest.startIndex..<end]
            if !statement.isEmpty { simple(statement) }
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
            // A header's `:` comes before any `;` of its line: stopping here scans each
            // simple statement once (`else;` x 200,000 used to rescan the line's rest each time).
            case ";" where depth == 0: return nil
            default: break
            }
        }
        return nil
    }

    /// Appends a compound header (`tokens` without its `:`) and opens its block.
    mutating func enter(_ tokens: ArraySlice<Tokenizer.Token>, indent: Int, line: Int) {
        let words = tokens.map(\.text)
        var keyword = words.first ?? ""
        var rest = tokens.dropFirst()
        // `async for` and `async with` are their plain forms here; `async def` a function.
        if keyword == "async", let next = rest.first?.text, ["def", "for", "with"].contains(next) {
            keyword = next
            rest = rest.dropFirst()
        }
        let continues = ["elif", "else", "except", "finally"].contains(keyword)
        let chain = continues ? self.chain(at: indent) : nil
        if continues && chain == nil {
            syntaxError = .init(line: line, message: "invalid syntax ('\(keyword)' without the statement it continues)")
            return
        }
        var opensFunction = false
        let kind: ModuleScan.Kind
        switch keyword {
        case "def":
            let name = rest.first.map(\.text) ?? ""
            kind = .function(name: name, isAsync: words.first == "async")
            opensFunction = true
        case "class":
            kind = .class(name: rest.first.map(\.text) ?? "")
        case "try": kind = .try
        case "except":
            // `except* E` (exception groups) catches like `except E` here.
            if rest.first?.text == "*" { rest = rest.dropFirst() }
            kind = .except(Self.caught(rest))
        case "finally": kind = .finally
        case "if": kind = .if(PythonExpression.Source(rest))
        case "elif": kind = .elif(PythonExpression.Source(rest))
        case "else": kind = .else
        case "for":
            let inIndex = rest.firstIndex { $0.kind == .name && $0.text == "in" } ?? rest.endIndex
            let iterable = inIndex < rest.endIndex ? PythonExpression.Source(rest[(inIndex + 1)...]) : nil
            kind = .loop(targets: Self.names(rest[rest.startIndex..<inIndex]), iterable: iterable, isWhile: false)
        case "while": kind = .loop(targets: [], iterable: PythonExpression.Source(rest), isWhile: true)
        case "with": kind = Self.with(rest)
        case "match": kind = .match
        case "case": kind = .case
        default:
            syntaxError = .init(line: line, message: "invalid syntax")
            return
        }
        let index = statements.count
        statements.append(
            ModuleScan.Statement(
                line: line, kind: kind, parent: parent, end: index + 1, chain: chain, inFunction: inFunction))
        switch keyword {
        case "if", "try", "for", "while": setChain(at: indent, index)
        case "elif", "except", "else", "finally": break
        default: setChain(at: indent, nil)
        }
        blocks.append(Block(indent: indent, header: index, inFunction: inFunction || opensFunction))
    }

    /// The exceptions an `except` clause names: `except (A, b.B) as e` → `A`, `B`.
    static func caught(_ tokens: ArraySlice<Tokenizer.Token>) -> ModuleScan.Catch {
        var names: [String] = []
        var previous: Tokenizer.Token?
        for token in tokens {
            if token.kind == .name && token.text == "as" { break }
            if token.kind == .name {
                // `module.Error`: the last part names the class.
                if previous?.text == ".", !names.isEmpty { names.removeLast() }
                names.append(token.text)
            }
            previous = token
        }
        return ModuleScan.Catch(names: names, catchesEverything: tokens.isEmpty)
    }

    /// A `with` header: the `as` targets, and the exceptions a `suppress(...)` item swallows.
    static func with(_ tokens: ArraySlice<Tokenizer.Token>) -> ModuleScan.Kind {
        var targets: [String] = []
        var suppressed: [String] = []
        var suppressing = false
        var depth = 0
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            if token.kind == .op && ["(", "[", "{"].contains(token.text) { depth += 1 }
            if token.kind == .op && [")", "]", "}"].contains(token.text) { depth -= 1 }
            if token.kind == .name && token.text == "suppress", index + 1 < tokens.endIndex,
                tokens[index + 1].text == "("
            {
                // `suppress(A, B)` or `contextlib.suppress(A, B)`: the names up to its `)`.
                suppressing = true
                var inner = index + 2
                var level = 0
                while inner < tokens.endIndex {
                    let item = tokens[inner]
                    if item.text == "(" { level += 1 }
                    if item.text == ")" {
                        if level == 0 { break }
                        level -= 1
                    }
                    if item.kind == .name, inner + 1 >= tokens.endIndex || tokens[inner + 1].text != "." {
                        suppressed.append(item.text)
                    }
                    inner += 1
                }
                index = inner
                continue
            }
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
                targets += names(tokens[(index + 1)..<end])
                index = end
                continue
            }
            index += 1
        }
        return .with(
            targets: targets,
            suppressing: suppressing ? ModuleScan.Catch(names: suppressed, catchesEverything: false) : nil)
    }

    static let dynamicNames: Set<String> = ["globals", "locals", "vars", "exec", "setattr", "__dict__"]

    /// A simple statement.
    mutating func simple(_ tokens: ArraySlice<Tokenizer.Token>) {
        guard let first = tokens.first else { return }
        defer {
            if tokens.contains(where: { $0.kind == .name && Self.dynamicNames.contains($0.text) }),
                !statements.isEmpty
            {
                statements[statements.count - 1].bindsDynamically = true
            }
        }
        let line = first.line
        let words = tokens.map(\.text)
        if first.kind == .name {
            switch first.text {
            case "import":
                var names: [ModuleScan.ImportedName] = []
                for part in Self.split(words.dropFirst(), at: ",") {
                    let pieces = Array(part)
                    let asIndex = pieces.firstIndex(of: "as") ?? pieces.endIndex
                    let module = pieces[..<asIndex].joined()
                    guard !module.isEmpty else { continue }
                    let alias = asIndex + 1 < pieces.endIndex ? pieces[asIndex + 1] : nil
                    names.append(ModuleScan.ImportedName(name: module, alias: alias))
                }
                append(.import(names), line: line)
                return
            case "from":
                guard let importIndex = words.firstIndex(of: "import") else { break }
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
                var names: [ModuleScan.ImportedName] = []
                var star = false
                for part in Self.split(listed[...], at: ",") {
                    let pieces = Array(part)
                    guard let name = pieces.first else { continue }
                    if name == "*" {
                        star = true
                        continue
                    }
                    names.append(
                        ModuleScan.ImportedName(name: name, alias: pieces.count == 3 && pieces[1] == "as" ? pieces[2] : nil))
                }
                append(.importFrom(module: module.joined(), level: level, names: names, star: star), line: line)
                return
            case "raise":
                let rest = tokens.dropFirst()
                let cause = rest.firstIndex { $0.kind == .name && $0.text == "from" } ?? rest.endIndex
                append(.raise(rest.isEmpty ? nil : PythonExpression.Source(rest[rest.startIndex..<cause])), line: line)
                return
            case "global":
                append(.global(words.dropFirst().filter { PythonNames.isIdentifier($0) }), line: line)
                return
            case "pass", "break", "continue", "return", "nonlocal":
                append(.other(mayFail: false), line: line)
                return
            case "del", "assert":
                append(.other(mayFail: true), line: line)
                return
            case "type":
                // `type Alias = int` (Python 3.12) binds the alias only.
                if tokens.count > 2, tokens[tokens.startIndex + 1].kind == .name,
                    ["=", "["].contains(tokens[tokens.startIndex + 2].text)
                {
                    append(.binding([tokens[tokens.startIndex + 1].text]), line: line)
                    return
                }
            default:
                break
            }
        }
        assignment(tokens, line: line)
    }

    static let augmented: Set<String> = [
        "+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**=",
    ]

    /// `a = b = value`, `a, b = value`, `a: int = value`, `x += 1`, or an expression.
    mutating func assignment(_ tokens: ArraySlice<Tokenizer.Token>, line: Int) {
        var depth = 0
        var pieces: [ArraySlice<Tokenizer.Token>] = []
        var start = tokens.startIndex
        var annotation: Int?
        for index in tokens.indices {
            let token = tokens[index]
            // What follows a lambda is its body (`f = lambda x=1: x` binds only f).
            if token.kind == .name && token.text == "lambda" && depth == 0 { break }
            guard token.kind == .op else { continue }
            switch token.text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case "=" where depth == 0:
                pieces.append(tokens[start..<(annotation ?? index)])
                annotation = nil
                start = index + 1
            case ":" where depth == 0 && pieces.isEmpty && annotation == nil:
                annotation = index
            case let text where depth == 0 && Self.augmented.contains(text) && pieces.isEmpty:
                let (plain, _) = Self.targets(tokens[tokens.startIndex..<index])
                append(.binding(plain), line: line)
                return
            default: break
            }
        }
        if pieces.isEmpty {
            if annotation != nil {
                // `name: int` annotates and binds nothing.
                append(.other(mayFail: false), line: line)
            } else {
                append(.expression(PythonExpression.Source(tokens)), line: line)
            }
            return
        }
        var plain: [String] = []
        var unpacked: [String] = []
        for piece in pieces {
            let (names, isPlain) = Self.targets(piece)
            if isPlain { plain += names } else { unpacked += names }
        }
        append(.assignment(targets: plain, unpacked: unpacked, value: PythonExpression.Source(tokens[start...])), line: line)
    }

    /// The names an assignment target binds, and whether it is one plain name.
    static func targets(_ tokens: ArraySlice<Tokenizer.Token>) -> (names: [String], isPlain: Bool) {
        if tokens.count == 1, let only = tokens.first, only.kind == .name, PythonNames.isIdentifier(only.text) {
            return ([only.text], true)
        }
        return (names(tokens), false)
    }

    /// The plain names of a target list (names, and names in tuples and lists of names):
    /// `x.y`, `x[i]` and `f(a).b` bind none, nor anything inside their subscripts and calls.
    static func names(_ tokens: ArraySlice<Tokenizer.Token>) -> [String] {
        var found: [String] = []
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
                found.append(token.text)
            }
        }
        return found
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
        guard let first = word.utf8.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else {
            return false
        }
        // ASCII names (nearly all) without asking Unicode's tables.
        var ascii = true
        for byte in word.utf8 {
            if byte >= 0x80 {
                ascii = false
                break
            }
            let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            guard letter || byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) else {
                return false
            }
        }
        if ascii { return true }
        return word.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// The names of Python 3's builtins module (as in 3.8-3.14): a bare name among them is
    /// never a NameError. Python 2's (`unicode`, `basestring`, `long`, `xrange`) are not here.
    public static let builtins: Set<String> = [
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup",
        "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
        "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
        "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception",
        "ExceptionGroup", "False", "FileExistsError", "FileNotFoundError", "FloatingPointError", "FutureWarning",
        "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError", "IndexError",
        "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError",
        "ModuleNotFoundError", "NameError", "None", "NotADirectoryError", "NotImplemented", "NotImplementedError",
        "OSError", "OverflowError", "PendingDeprecationWarning", "PermissionError", "ProcessLookupError",
        "RecursionError", "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning",
        "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit",
        "TabError", "TimeoutError", "True", "TypeError", "UnboundLocalError", "UnicodeDecodeError",
        "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning",
        "ValueError", "Warning", "ZeroDivisionError", "__build_class__", "__debug__", "__doc__", "__import__",
        "__loader__", "__name__", "__package__", "__spec__", "__file__", "__path__", "__builtins__", "__cached__",
        "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes",
        "callable", "chr", "classmethod", "compile", "complex", "copyright", "credits", "delattr", "dict", "dir",
        "divmod", "enumerate", "eval", "exec", "exit", "filter", "float", "format", "frozenset", "getattr",
        "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance", "issubclass", "iter",
        "len", "license", "list", "locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open",
        "ord", "pow", "print", "property", "quit", "range", "repr", "reversed", "round", "set", "setattr", "slice",
        "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
    ]
}
