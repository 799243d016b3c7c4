/// Walks logical lines with the stack of blocks they are in.
struct BlockWalker {
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
                        ModuleScan.ImportedName(
                            name: name, alias: pieces.count == 3 && pieces[1] == "as" ? pieces[2] : nil))
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
        append(
            .assignment(targets: plain, unpacked: unpacked, value: PythonExpression.Source(tokens[start...])),
            line: line)
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
