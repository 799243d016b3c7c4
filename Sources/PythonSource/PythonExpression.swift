/// A Python expression as module-level code writes it in a test or an assignment
/// (`sys.version_info >= (3, 8)`, `sys.platform.startswith("win")`, `not PY2 and HAS_X`),
/// kept in postfix order so that evaluating it is a loop over a stack, whatever its nesting.
///
/// The subset read: names, numbers, short strings, `True`/`False`/`None`, tuples and lists,
/// attribute access, calls with positional arguments, subscripts and slices, `not`, `and`,
/// `or`, comparisons (`in`, `is` and their negations included), unary and binary
/// arithmetic. Anything else (a lambda, a conditional expression, a comprehension, keyword
/// arguments, a chained comparison, a dict) makes the whole expression unknown.
public struct PythonExpression: Equatable, Sendable {
    enum Operation: Equatable, Sendable {
        case constant(PythonValue)
        case name(String)
        case attribute(String)
        /// Calls the function below its `count` arguments.
        case call(Int)
        /// Indexes the value below the index.
        case subscripted
        /// Makes a slice of the two values on top (`None` for a part left out).
        case slice
        case tuple(Int)
        case unary(UnaryOperator)
        case binary(BinaryOperator)
    }

    enum UnaryOperator: Equatable, Sendable { case not, negate, plus, invert }

    enum BinaryOperator: String, Equatable, Sendable {
        case or, and
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case `in`, notIn = "not in", `is`, isNot = "is not"
        case bitOr = "|", bitXor = "^", bitAnd = "&", shiftLeft = "<<", shiftRight = ">>"
        case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%"
        case matrixMultiply = "@", power = "**"

        var precedence: Int {
            switch self {
            case .or: return 1
            case .and: return 2
            case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in, .notIn, .is, .isNot: return 4
            case .bitOr: return 5
            case .bitXor: return 6
            case .bitAnd: return 7
            case .shiftLeft, .shiftRight: return 8
            case .add, .subtract: return 9
            case .multiply, .divide, .floorDivide, .modulo, .matrixMultiply: return 10
            case .power: return 12
            }
        }

        var isComparison: Bool { precedence == 4 }
    }

    /// An expression as the scan keeps it: its tokens, read (`parsed`) only when the
    /// statement that holds it runs (most statements of a module are in function bodies).
    public struct Source: Equatable, Sendable {
        let tokens: ArraySlice<Tokenizer.Token>

        public init(_ tokens: ArraySlice<Tokenizer.Token>) { self.tokens = tokens }

        public var parsed: PythonExpression { PythonExpression(tokens) }
        /// The source as tokens joined (`sys.platform.startswith(…)`), for messages.
        public var text: String { PythonExpression.joined(tokens) }
    }

    /// The operations in postfix order; `nil` when the expression is outside the subset.
    let operations: [Operation]?
    let tokens: ArraySlice<Tokenizer.Token>
    /// The source as tokens joined (`sys.platform.startswith(…)`), for messages.
    public var text: String { Self.joined(tokens) }

    /// Whether the expression is one the subset reads.
    public var isUnderstood: Bool { operations != nil }

    /// The name the expression is, when it is a bare name (`set`, `unicode`).
    public var bareName: String? {
        guard let operations, operations.count == 1, case .name(let name) = operations[0] else { return nil }
        return name
    }

    /// The function a call at the top of the expression calls and its one positional
    /// argument (`__import__(name)`, `importlib.import_module("x")`): the dynamic imports
    /// the model follows when the argument is known.
    public var singleArgumentCall: (function: PythonExpression, argument: PythonExpression)? {
        guard let operations, operations.count >= 3, operations.last == .call(1) else { return nil }
        // The argument is the longest suffix (before the call) that is one complete value.
        var needed = 1
        var index = operations.count - 1
        while index > 0 && needed > 0 {
            index -= 1
            needed += Self.effect(operations[index])
        }
        guard needed == 0, index > 0 else { return nil }
        let function = Array(operations[..<index])
        let argument = Array(operations[index..<(operations.count - 1)])
        return (
            PythonExpression(operations: function, tokens: tokens),
            PythonExpression(operations: argument, tokens: tokens)
        )
    }

    /// How many more values an operation, read backwards, asks for: a value pushed
    /// satisfies one, an operation taking `n` values asks for `n - 1` more.
    private static func effect(_ operation: Operation) -> Int {
        switch operation {
        case .constant, .name: return -1
        case .attribute, .unary: return 0
        case .call(let count): return count
        case .subscripted, .slice, .binary: return 1
        case .tuple(let count): return count - 1
        }
    }

    init(operations: [Operation]?, tokens: ArraySlice<Tokenizer.Token>) {
        self.operations = operations
        self.tokens = tokens
    }

    /// Reads `tokens` (one expression, as a test or the right side of `=` holds it).
    public init(_ tokens: ArraySlice<Tokenizer.Token>) {
        self.tokens = tokens
        var parser = Parser()
        for token in tokens {
            parser.read(token)
            if parser.failed { break }
        }
        self.operations = parser.finish()
    }

    /// Tokens joined as Python prints them closely enough for a message, shortened.
    static func joined(_ tokens: ArraySlice<Tokenizer.Token>) -> String {
        var text = ""
        var previous: Tokenizer.Token?
        for token in tokens {
            let piece = token.kind == .string ? "\"" + (token.value ?? "…") + "\"" : token.text
            if let previous {
                let tight =
                    [".", "(", "["].contains(previous.text) || [".", "(", ")", "[", "]", ",", ":"].contains(token.text)
                    || (token.text == "(" && previous.kind == .name)
                if !tight || (token.text == ":" && previous.text == ",") { text += " " }
            }
            text += piece
            previous = token
            if text.utf8.count > 120 { return String(text.prefix(117)) + "…" }
        }
        return text
    }

    /// The value of the expression, with `lookup` giving each name's value and `attribute`
    /// the attributes of imported modules beyond the target's facts.
    public func evaluate(
        _ target: PythonTarget, lookup: (String) -> PythonValue,
        attribute: (String, String) -> ModuleAttribute = { _, _ in .unknown }
    ) -> PythonValue {
        guard let operations else { return .unknown }
        var stack: [PythonValue] = []
        stack.reserveCapacity(8)
        func pop() -> PythonValue { stack.popLast() ?? .unknown }
        for operation in operations {
            switch operation {
            case .constant(let value): stack.append(value)
            case .name(let name): stack.append(lookup(name))
            case .attribute(let name):
                let owner = pop()
                if case .module(let module) = owner, target.attribute(name, ofModule: module) == nil,
                    case .value(let value) = attribute(module, name)
                {
                    stack.append(value)
                } else {
                    stack.append(owner.attribute(name, target))
                }
            case .call(let count):
                var arguments: [PythonValue] = []
                for _ in 0..<count { arguments.append(pop()) }
                arguments.reverse()
                let function = pop()
                stack.append(Self.call(function, arguments, target, attribute: attribute))
            case .subscripted:
                let index = pop()
                stack.append(pop().subscripted(by: index, target))
            case .slice:
                let upper = pop()
                let lower = pop()
                func bound(_ value: PythonValue) -> Int?? {
                    switch value {
                    case .none: return .some(nil)
                    case .int(let number): return .some(number)
                    default: return nil
                    }
                }
                if let lower = bound(lower), let upper = bound(upper) {
                    stack.append(.slice(lower, upper))
                } else {
                    stack.append(.unknown)
                }
            case .tuple(let count):
                var items: [PythonValue] = []
                for _ in 0..<count { items.append(pop()) }
                // Only flat tuples of plain values are kept: comparing them needs no recursion.
                let flat = items.allSatisfy {
                    switch $0 {
                    case .tuple, .versionInfo, .unknown: return false
                    default: return true
                    }
                }
                stack.append(flat ? .tuple(items.reversed()) : .unknown)
            case .unary(let unary):
                let value = pop()
                switch unary {
                case .not: stack.append(value.truth.map { .bool(!$0) } ?? .unknown)
                case .negate:
                    if case .int(let number) = value, number != Int.min { stack.append(.int(-number)) } else {
                        stack.append(.unknown)
                    }
                case .plus:
                    if case .int = value { stack.append(value) } else { stack.append(.unknown) }
                case .invert:
                    if case .int(let number) = value { stack.append(.int(~number)) } else { stack.append(.unknown) }
                }
            case .binary(let binary):
                let right = pop()
                let left = pop()
                stack.append(Self.apply(binary, left, right, target))
            }
        }
        return stack.count == 1 ? stack[0] : .unknown
    }

    /// A call, with `hasattr` and `getattr` on an imported module answered from what the
    /// model knows of it.
    static func call(
        _ function: PythonValue, _ arguments: [PythonValue], _ target: PythonTarget,
        attribute: (String, String) -> ModuleAttribute
    ) -> PythonValue {
        if function == .function("getattr") || function == .function("hasattr"),
            arguments.count == (function == .function("getattr") ? 3 : 2),
            case .module(let module) = arguments[0], case .string(let name) = arguments[1],
            PythonTarget.knownAttributes[module]?[name] == nil, target.attribute(name, ofModule: module) == nil
        {
            switch attribute(module, name) {
            case .value(let value): return function == .function("getattr") ? value : .bool(true)
            case .absent: return function == .function("getattr") ? arguments[2] : .bool(false)
            case .unknown: return .unknown
            }
        }
        return function.call(arguments, target)
    }

    static func apply(_ binary: BinaryOperator, _ left: PythonValue, _ right: PythonValue, _ target: PythonTarget)
        -> PythonValue
    {
        func bool(_ value: Bool?) -> PythonValue { value.map { .bool($0) } ?? .unknown }
        switch binary {
        case .and:
            switch left.truth {
            case false?: return left
            case true?: return right
            case nil: return right.truth == false ? .bool(false) : .unknown
            }
        case .or:
            switch left.truth {
            case true?: return left
            case false?: return right
            case nil: return right.truth == true ? .bool(true) : .unknown
            }
        case .equal: return bool(left.equals(right, target))
        case .notEqual: return bool(left.equals(right, target).map { !$0 })
        case .less: return bool(left.less(than: right, target))
        case .greater: return bool(right.less(than: left, target))
        case .lessOrEqual: return bool(right.less(than: left, target).map { !$0 })
        case .greaterOrEqual: return bool(left.less(than: right, target).map { !$0 })
        case .in: return bool(left.isContained(in: right, target))
        case .notIn: return bool(left.isContained(in: right, target).map { !$0 })
        case .is: return bool(left.isIdentical(to: right))
        case .isNot: return bool(left.isIdentical(to: right).map { !$0 })
        case .add:
            if case .string(let a) = left, case .string(let b) = right { return .string(a + b) }
            return arithmetic(left, right) { $0.addingReportingOverflow($1) }
        case .subtract: return arithmetic(left, right) { $0.subtractingReportingOverflow($1) }
        case .multiply: return arithmetic(left, right) { $0.multipliedReportingOverflow(by: $1) }
        case .floorDivide:
            guard case .int(let a) = left, case .int(let b) = right, b > 0, a >= 0 else { return .unknown }
            return .int(a / b)
        case .modulo:
            guard case .int(let a) = left, case .int(let b) = right, b > 0, a >= 0 else { return .unknown }
            return .int(a % b)
        case .shiftLeft:
            guard case .int(let a) = left, case .int(let b) = right, a >= 0, b >= 0, b < 62,
                a <= Int.max >> b
            else { return .unknown }
            return .int(a << b)
        case .shiftRight:
            guard case .int(let a) = left, case .int(let b) = right, b >= 0, b < 64 else { return .unknown }
            return .int(a >> b)
        case .bitOr, .bitAnd, .bitXor:
            guard case .int(let a) = left, case .int(let b) = right else { return .unknown }
            return .int(binary == .bitOr ? a | b : binary == .bitAnd ? a & b : a ^ b)
        case .divide, .matrixMultiply, .power:
            return .unknown
        }
    }

    private static func arithmetic(
        _ left: PythonValue, _ right: PythonValue, _ operation: (Int, Int) -> (partialValue: Int, overflow: Bool)
    ) -> PythonValue {
        guard case .int(let a) = left, case .int(let b) = right else { return .unknown }
        let (value, overflow) = operation(a, b)
        return overflow ? .unknown : .int(value)
    }
}

/// The shunting-yard reading of one expression: operands go to the output as they come,
/// operators wait on a stack until one of lower precedence (or a closing bracket) comes.
private struct Parser {
    enum Bracket { case group, call, list, subscripted }

    enum Pending {
        case binary(PythonExpression.BinaryOperator)
        case unary(PythonExpression.UnaryOperator)
        /// An open bracket with the commas and colons seen at its level, and whether an item
        /// follows the last of them.
        case open(Bracket, commas: Int, colons: Int, hasItem: Bool)
    }

    var output: [PythonExpression.Operation] = []
    var pending: [Pending] = []
    var expectingOperand = true
    var failed = false
    /// Commas outside any bracket: `a, b` is a tuple.
    var topCommas = 0
    var topHasItem = false
    /// `not` read where an operator is expected: `not in` follows.
    var sawNotOperator = false
    /// `is` read: `is not` may follow.
    var sawIs = false

    static let binaryOperators: [String: PythonExpression.BinaryOperator] = [
        "or": .or, "and": .and, "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater,
        ">=": .greaterOrEqual, "in": .in, "|": .bitOr, "^": .bitXor, "&": .bitAnd, "<<": .shiftLeft,
        ">>": .shiftRight, "+": .add, "-": .subtract, "*": .multiply, "/": .divide, "//": .floorDivide,
        "%": .modulo, "@": .matrixMultiply, "**": .power,
    ]

    mutating func read(_ token: Tokenizer.Token) {
        if pendingAttribute {
            pendingAttribute = false
            guard token.kind == .name, PythonNames.isIdentifier(token.text) else { return fail() }
            output.append(.attribute(token.text))
            return
        }
        if sawIs {
            sawIs = false
            if token.kind == .name && token.text == "not" {
                pushBinary(.isNot)
                return
            }
            pushBinary(.is)
        }
        if sawNotOperator {
            sawNotOperator = false
            guard token.kind == .name && token.text == "in" else { return fail() }
            pushBinary(.notIn)
            return
        }
        switch token.kind {
        case .number:
            guard expectingOperand else { return fail() }
            operand(.constant(Self.number(token.text)))
        case .string:
            // Adjacent literals concatenate: `"a" "b"`.
            if !expectingOperand, case .constant(let previous)? = output.last {
                if case .string(let left) = previous, let right = token.value {
                    output[output.count - 1] = .constant(.string(left + right))
                } else {
                    output[output.count - 1] = .constant(.unknown)
                }
                return
            }
            guard expectingOperand else { return fail() }
            operand(.constant(token.value.map { .string($0) } ?? .unknown))
        case .name:
            name(token.text)
        case .op:
            symbol(token.text)
        }
    }

    mutating func name(_ word: String) {
        if expectingOperand {
            switch word {
            case "True": operand(.constant(.bool(true)))
            case "False": operand(.constant(.bool(false)))
            case "None": operand(.constant(.none))
            case "not": pending.append(.unary(.not))
            case "lambda", "yield", "await", "if", "for", "async": fail()
            default:
                guard PythonNames.isIdentifier(word) else { return fail() }
                operand(.name(word))
            }
            return
        }
        switch word {
        case "not": sawNotOperator = true
        case "is": sawIs = true
        case "and", "or", "in":
            if let binary = Self.binaryOperators[word] { pushBinary(binary) }
        default: fail()  // `if`/`else` (a conditional expression), `for` (a comprehension), ...
        }
    }

    mutating func symbol(_ text: String) {
        switch text {
        case "(", "[":
            let bracket: Bracket =
                text == "(" ? (expectingOperand ? .group : .call) : (expectingOperand ? .list : .subscripted)
            pending.append(.open(bracket, commas: 0, colons: 0, hasItem: false))
            expectingOperand = true
        case ")", "]":
            close(text == ")" ? [.group, .call] : [.list, .subscripted])
        case ",":
            guard let open = flushToBracket() else {
                guard !expectingOperand else { return fail() }
                topCommas += 1
                expectingOperand = true
                return
            }
            guard case .open(let bracket, let commas, let colons, _) = pending[open], colons == 0, !expectingOperand
            else { return fail() }
            pending[open] = .open(bracket, commas: commas + 1, colons: 0, hasItem: false)
            expectingOperand = true
        case ":":
            guard let open = flushToBracket(), case .open(.subscripted, let commas, let colons, _) = pending[open],
                commas == 0, colons == 0
            else { return fail() }
            if expectingOperand { output.append(.constant(.none)) }
            pending[open] = .open(.subscripted, commas: 0, colons: 1, hasItem: false)
            expectingOperand = true
        case ".":
            guard !expectingOperand else { return fail() }
            pendingAttribute = true
        case "-", "+", "~":
            if expectingOperand {
                pending.append(.unary(text == "-" ? .negate : text == "+" ? .plus : .invert))
            } else if let binary = Self.binaryOperators[text] {
                pushBinary(binary)
            } else {
                fail()
            }
        case "...":
            guard expectingOperand else { return fail() }
            operand(.constant(.unknown))
        default:
            guard !expectingOperand, let binary = Self.binaryOperators[text] else { return fail() }
            pushBinary(binary)
        }
    }

    /// Set by `.`: the next name is an attribute.
    var pendingAttribute = false

    mutating func operand(_ operation: PythonExpression.Operation) {
        output.append(operation)
        expectingOperand = false
        markItem()
    }

    mutating func markItem() {
        if let index = pending.lastIndex(where: { if case .open = $0 { return true } else { return false } }),
            case .open(let bracket, let commas, let colons, _) = pending[index]
        {
            pending[index] = .open(bracket, commas: commas, colons: colons, hasItem: true)
        } else {
            topHasItem = true
        }
    }

    mutating func pushBinary(_ binary: PythonExpression.BinaryOperator) {
        guard !expectingOperand else { return fail() }
        // `**` is right-associative and binds tighter than a unary operator on its left.
        popping: while let top = pending.last {
            switch top {
            case .binary(let waiting):
                let pops =
                    binary == .power ? waiting.precedence > binary.precedence : waiting.precedence >= binary.precedence
                guard pops else { break popping }
                if waiting.isComparison && binary.isComparison { return fail() }  // a chained comparison
                output.append(.binary(waiting))
            case .unary(let unary):
                let precedence = unary == .not ? 3 : 11
                guard precedence >= binary.precedence && binary != .power else { break popping }
                output.append(.unary(unary))
            case .open:
                break popping
            }
            pending.removeLast()
        }
        pending.append(.binary(binary))
        expectingOperand = true
    }

    /// Moves the waiting operators down to the innermost open bracket to the output; the
    /// bracket's index, or `nil` when none is open.
    mutating func flushToBracket() -> Int? {
        while let top = pending.last {
            switch top {
            case .binary(let binary):
                output.append(.binary(binary))
                pending.removeLast()
            case .unary(let unary):
                output.append(.unary(unary))
                pending.removeLast()
            case .open:
                return pending.count - 1
            }
        }
        return nil
    }

    mutating func close(_ brackets: [Bracket]) {
        guard let open = flushToBracket(), case .open(let bracket, let commas, let colons, let hasItem) = pending[open],
            brackets.contains(bracket)
        else { return fail() }
        pending.removeLast()
        let items = commas + (hasItem ? 1 : 0)
        switch bracket {
        case .group:
            if commas > 0 || !hasItem { output.append(.tuple(items)) }
        case .list:
            output.append(.tuple(items))
        case .call:
            output.append(.call(items))
        case .subscripted:
            if colons > 0 {
                if expectingOperand { output.append(.constant(.none)) }
                output.append(.slice)
            } else if !hasItem || commas > 0 {
                return fail()
            }
            output.append(.subscripted)
        }
        expectingOperand = false
        // The bracket is one operand of the level around it.
        if bracket == .group || bracket == .list { markItem() }
    }

    mutating func fail() { failed = true }

    mutating func finish() -> [PythonExpression.Operation]? {
        guard !failed, !sawNotOperator, !pendingAttribute else { return nil }
        if sawIs { return nil }
        guard flushToBracket() == nil else { return nil }
        if topCommas > 0 {
            guard !expectingOperand || topHasItem else { return nil }
            output.append(.tuple(topCommas + (expectingOperand ? 0 : 1)))
            expectingOperand = false
        }
        guard !expectingOperand, !output.isEmpty else { return nil }
        return output
    }

    static func number(_ text: String) -> PythonValue {
        let digits = String(text.filter { $0 != "_" }).lowercased()
        if digits.hasPrefix("0x") { return Int(digits.dropFirst(2), radix: 16).map { .int($0) } ?? .unknown }
        if digits.hasPrefix("0o") { return Int(digits.dropFirst(2), radix: 8).map { .int($0) } ?? .unknown }
        if digits.hasPrefix("0b") { return Int(digits.dropFirst(2), radix: 2).map { .int($0) } ?? .unknown }
        return Int(digits).map { .int($0) } ?? .unknown
    }
}
