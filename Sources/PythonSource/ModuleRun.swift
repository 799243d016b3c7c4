/// What importing a module does, as far as it can be known without running it: its
/// module-level statements executed in order for a target (`PythonTarget`), with every
/// import handed to the caller to answer, so that the caller can import the module named
/// (and its parents, and what that module imports in turn) on its own stack.
///
/// It follows Python's rule for an import: the importing module fails only when a
/// statement that runs fails. So:
/// - function bodies do not run; class bodies do;
/// - an `if` test is evaluated for the target where its value is known (`sys.version_info`,
///   `sys.platform`, `os.name`, `platform.system()`, `TYPE_CHECKING`, `__name__`, literals,
///   and names bound to such values, here or in a module it imports them from); a branch
///   behind a test that is not known only *may* run: what fails there is a conditional
///   failure, never the module's;
/// - a `try` body runs; a failure in it that a handler catches (`except ImportError`
///   catches both kinds of import failure, `except ModuleNotFoundError` only a missing
///   module) skips the rest of the body and runs that handler, unless the handler re-raises
///   at its top level; a handler whose body cannot have failed does not run;
///   `with contextlib.suppress(ImportError)` guards as a handler that does nothing;
/// - `for` over a literal tuple or list runs once per item (so `for name in ("a", "b"):
///   __import__(name)` imports both); other loops may run;
/// - `__import__("x")` and `importlib.import_module("x")` with a known name import as
///   `import x` does.
///
/// Use: call `next()`; on `.request`, import what it names and give the result to
/// `answer(_:)`; repeat until `.finished`, then read `outcome`.
public struct ModuleRun: Sendable {
    /// The exception an import raises, as far as handlers tell them apart.
    public enum ExceptionKind: String, Equatable, Sendable {
        /// `ModuleNotFoundError`: nothing on the path has the name.
        case moduleNotFound
        /// Any other `ImportError` (a binary that does not load, `cannot import name`).
        case importError
        case nameError
        case syntaxError
        /// Anything else (a module raising `RuntimeError`).
        case other
    }

    /// A failure: its kind and the caller's handle for its cause (`-1` when the module's
    /// own code raised it: see `Outcome.failure`'s statement).
    public struct Failure: Equatable, Sendable {
        public let kind: ExceptionKind
        public let id: Int

        public init(kind: ExceptionKind, id: Int) {
            self.kind = kind
            self.id = id
        }
    }

    /// Whether a statement runs when the module is imported: always (given that the module
    /// got that far), or only under a condition whose value is not known.
    public enum Reach: Equatable, Sendable {
        case runs
        /// The condition, as a phrase for messages (`when has_simplejson is true`).
        case conditional(String)

        /// The phrase of a conditional reach.
        public var condition: String? {
            if case .conditional(let text) = self { return text }
            return nil
        }
    }

    /// An import the run needs answered.
    public struct Request: Equatable, Sendable {
        public let statement: Int
        public let line: Int
        /// The absolute module, or why a relative import names none.
        public let target: ModuleScan.Import.Target
        /// For `from X import a, b`: `a`, `b` (empty for a star import and for `import X`).
        public let names: [String]
        /// Whether it is `from X import …`: each name is a submodule or an attribute of X.
        public let isFrom: Bool
        public let reach: Reach
        /// Whether a handler around it catches a missing module, and any import error.
        public let caughtIfMissing: Bool
        public let caughtIfUnloadable: Bool
    }

    public enum Answer: Equatable, Sendable {
        /// The import worked; the values of the names a `from` import binds, where known.
        case imported([String: PythonValue])
        /// `import X` worked; what X's code bound, when it ran to its end (for `X.flag`,
        /// `getattr(X, "flag", False)`), else `nil`.
        case importedModule(ModuleValues?)
        case failed(Failure)
    }

    /// What a module that ran to its end bound at module level.
    public struct ModuleValues: Equatable, Sendable {
        public let values: [String: PythonValue]
        /// Whether names not in `values` may still be there (a star import, `__getattr__`).
        public let isOpen: Bool

        public init(values: [String: PythonValue], isOpen: Bool) {
            self.values = values
            self.isOpen = isOpen
        }
    }

    public enum Event: Equatable, Sendable {
        case request(Request)
        case finished
    }

    /// What the run found.
    public struct Outcome: Sendable {
        /// The failure that ends the import, and the statement that raised it.
        public internal(set) var failure: (failure: Failure, statement: Int)?
        /// With `keepsGoing`, the failures of statements after the first, which would end the
        /// import once those before them are mended.
        public internal(set) var laterFailures: [(failure: Failure, statement: Int)] = []
        /// Failures of statements that run only under a condition not known here.
        public internal(set) var conditionalFailures: [(failure: Failure, statement: Int, condition: String)] = []
        /// The module-level names' values when the run ended (`.unknown` where not known).
        public internal(set) var values: [String: PythonValue] = [:]
        /// The module-level names bound: `true` when certainly, `false` when only possibly.
        public internal(set) var bound: [String: Bool] = [:]
        public internal(set) var hasStarImport = false
        /// Whether a module-level `__getattr__` makes up attributes on demand (PEP 562).
        public internal(set) var definesGetattr = false
        /// Whether a statement that ran may bind names the model cannot see (`globals()`,
        /// `locals()[name] = …`, `exec`).
        public internal(set) var bindsDynamically = false

        /// Whether names may be bound beyond `bound`: a star import, `__getattr__`, or names
        /// bound dynamically.
        public var isOpen: Bool { hasStarImport || definesGetattr || bindsDynamically || bound["__getattr__"] != nil }
    }

    public private(set) var outcome = Outcome()

    /// The module's statements.
    public let scan: ModuleScan
    /// The module's dotted name, and whether it is a package's `__init__`.
    let name: String
    let isPackage: Bool
    let target: PythonTarget
    var cursor = 0
    var frames: [Frame] = []
    var chains: [Int: ChainState] = [:]
    var pending: Pending?
    var finished = false
    /// The `except` clauses of each `try`, in order, and those that re-raise at their top level.
    let handlers: [Int: [Int]]
    let reraising: Set<Int>
    /// Iterations of literal loops left (unrolling is bounded; later loops may run).
    var iterationsLeft = 1_024
    /// What the modules this one imported (`import X`) bound, by dotted name.
    var imported: [String: ModuleValues] = [:]

    /// Whether the run goes on after a failure that ends the import (recording the later
    /// ones), as a linter reports every problem rather than the first.
    let keepsGoing: Bool

    public init(scan: ModuleScan, module: String, isPackage: Bool, target: PythonTarget, keepsGoing: Bool = false) {
        self.scan = scan
        self.keepsGoing = keepsGoing
        self.name = module
        self.isPackage = isPackage
        self.target = target
        var handlers: [Int: [Int]] = [:]
        var reraising = Set<Int>()
        for (index, statement) in scan.statements.enumerated() {
            if case .except = statement.kind, let chain = statement.chain { handlers[chain, default: []].append(index) }
            if case .raise = statement.kind, let parent = statement.parent,
                case .except = scan.statements[parent].kind
            {
                reraising.insert(parent)
            }
        }
        self.handlers = handlers
        self.reraising = reraising
        if scan.syntaxError != nil { finished = true }
    }

    struct Frame {
        enum Kind {
            case plain
            case classBody
            case tryBody
            case handler(try: Int)
            case suppress(ModuleScan.Catch)
            /// A branch of the if-chain whose `if` is `chain`.
            case branch(chain: Int)
            /// A literal loop: its items, the next one to bind, and the targets.
            case loop(items: [PythonValue], next: Int, targets: [String])
        }

        let header: Int
        let end: Int
        let reach: Reach
        var kind: Kind
        /// For each kind of exception, the innermost frame (this one or an outer one) whose
        /// handler catches it and keeps it: kept per frame so that asking costs nothing
        /// however deep the nesting.
        var guards: [ExceptionKind: Int] = [:]
        var inClassBody = false
        var inLiteralLoop = false
        /// The innermost `try` body frame, whose handlers learn that a statement may raise.
        var innermostTry: Int?
    }

    enum Taken: Equatable {
        /// Every earlier test was false.
        case none
        /// One was true.
        case some
        /// One may have been true: its test.
        case maybe(String)
    }

    struct TryState {
        enum BodyFailure {
            case none
            case possible([ExceptionKind], String)
            case certain(Failure)
        }

        var failure: BodyFailure = .none
        /// A statement of the body may raise something this model does not follow.
        var mayRaise = false
        var caughtBy: Int?
    }

    enum ChainState {
        case conditional(Taken)
        case attempt(TryState)
        case loop
    }

    /// The branches of an if-chain that may run, and which of them fail: when every one
    /// fails and one of them must run (an `else`, or a test known true), the chain fails
    /// whatever the tests say (openpyxl imports `lxml` or else `et_xmlfile`: with neither
    /// there, the import fails).
    struct Branches {
        /// The reach at the `if`.
        let reach: Reach
        /// Where the chain's conditional failures start in `outcome.conditionalFailures`.
        let conditionalStart: Int
        var hasElse = false
        var entered = 0
        var failed = 0
        var currentFailed = false
        var first: (failure: Failure, statement: Int)?
    }

    var branches: [Int: Branches] = [:]

    /// An import waiting for its answer.
    struct Pending {
        let request: Request
        enum Binding {
            /// `import a.b as c`: the names of the statement, this one's position.
            case module(ModuleScan.ImportedName, position: Int, count: Int)
            case from(ModuleScan.ImportedName?, names: [ModuleScan.ImportedName], star: Bool, module: String)
            /// `x = __import__("y")`: the targets bound to the module.
            case dynamic(targets: [String])
        }

        let binding: Binding
    }

    /// The module-level code's reach at the cursor.
    var reach: Reach { frames.last?.reach ?? .runs }

    /// Runs to the next import (or to the end).
    public mutating func next() -> Event {
        if let pending { return .request(pending.request) }
        while !finished {
            closeFrames()
            if finished { break }
            guard cursor < scan.statements.count else {
                finished = true
                break
            }
            if let request = execute(cursor) { return .request(request) }
        }
        return .finished
    }

    /// Gives the answer to the last request.
    public mutating func answer(_ answer: Answer) {
        guard let waiting = pending else { return }
        pending = nil
        let statement = waiting.request.statement
        let reach = waiting.request.reach
        switch answer {
        case .failed(let failure):
            if fail(failure, at: statement, reach: reach) { return }
        case .importedModule(let values):
            if case .module(let imported, _, _) = waiting.binding, let values { self.imported[imported.name] = values }
            if bindImported(waiting.binding, values: [:], statement: statement, reach: reach) { return }
        case .imported(let values):
            if bindImported(waiting.binding, values: values, statement: statement, reach: reach) { return }
        }
        cursor = statement + 1
    }

    /// Binds what an import that worked binds.
    ///
    /// - Returns: whether it asked for the next module of the statement (`import a, b`).
    private mutating func bindImported(
        _ binding: Pending.Binding, values: [String: PythonValue], statement: Int, reach: Reach
    ) -> Bool {
        switch binding {
        case .module(let imported, let position, let count):
            let top = String(imported.name.prefix { $0 != "." })
            bind(imported.boundName, .module(imported.alias == nil ? top : imported.name), reach)
            if position + 1 < count, case .import(let names) = scan.statements[statement].kind {
                request(importing: names, at: position + 1, statement: statement, reach: reach)
                return true
            }
        case .from(_, let names, let star, let module):
            for imported in names {
                let value =
                    PythonTarget.factModules.contains(module)
                    ? (target.attribute(imported.name, ofModule: module) ?? values[imported.name] ?? .unknown)
                    : (values[imported.name] ?? .unknown)
                bind(imported.alias ?? imported.name, value, reach)
            }
            if star { outcome.hasStarImport = true }
        case .dynamic(let targets):
            for target in targets { bind(target, .unknown, reach) }
        }
        return false
    }

    mutating func closeFrames() {
        while !finished, let frame = frames.last, frame.end <= cursor {
            if case .loop(let items, let next, let targets) = frame.kind, next < items.count {
                frames[frames.count - 1].kind = .loop(items: items, next: next + 1, targets: targets)
                bindLoop(targets, items[next], frame.reach)
                cursor = frame.header + 1
                continue
            }
            frames.removeLast()
            if case .branch(let chain) = frame.kind { closeBranch(of: chain, at: frame.end, entered: true) }
        }
    }

    /// A branch of an if-chain ended at `end`; after the chain's last, a chain whose every
    /// branch that may run fails, and one of which must run, fails as its first failure did.
    mutating func closeBranch(of chain: Int, at end: Int, entered: Bool) {
        guard var record = branches[chain] else { return }
        if entered { record.entered += 1 }
        if record.currentFailed { record.failed += 1 }
        record.currentFailed = false
        branches[chain] = record
        let continues = end < scan.statements.count && scan.statements[end].chain == chain
        guard !continues else { return }
        branches[chain] = nil
        var exhaustive = record.hasElse
        if case .conditional(.some)? = chains[chain] { exhaustive = true }
        guard exhaustive, record.entered > 0, record.failed == record.entered, let first = record.first else { return }
        // Its branches' failures were conditional: now they are the chain's, at its reach.
        if outcome.conditionalFailures.count > record.conditionalStart {
            outcome.conditionalFailures.removeSubrange(record.conditionalStart...)
        }
        let resume = cursor
        if !fail(first.failure, at: first.statement, reach: record.reach) { cursor = resume }
    }

    /// Executes one statement; a request when it imports.
    mutating func execute(_ index: Int) -> Request? {
        let statement = scan.statements[index]
        let reach = self.reach
        cursor = index + 1
        if statement.bindsDynamically && frames.allSatisfy({ !$0.inClassBody }) { outcome.bindsDynamically = true }
        switch statement.kind {
        case .function(let name, _):
            if frames.isEmpty && name == "__getattr__" { outcome.definesGetattr = true }
            bind(name, .function(name), reach)
            // A function that declares module-level names global may bind them when it is
            // called (psycopg.pq binds its classes from a function it calls at import).
            if !statement.inFunction {
                for inner in scan.statements[(index + 1)..<statement.end] {
                    guard case .global(let names) = inner.kind else { continue }
                    for global in names { bind(global, .unknown, .conditional("when \(name)() runs")) }
                }
            }
            cursor = statement.end
        case .class(let name):
            bind(name, .unknown, reach)
            push(index, .classBody, reach)
        case .if(let source):
            let test = source.parsed
            let truth = value(of: test).truth
            let (branch, taken) = decide(truth, after: .none, test: test.text, reach: reach)
            chains[index] = .conditional(taken)
            branches[index] = Branches(reach: reach, conditionalStart: outcome.conditionalFailures.count)
            enter(index, branch, kind: .branch(chain: index))
        case .elif(let source):
            let test = source.parsed
            guard let head = statement.chain, case .conditional(let prior)? = chains[head] else {
                cursor = statement.end
                break
            }
            let truth = value(of: test).truth
            let (branch, taken) = decide(truth, after: prior, test: test.text, reach: reach)
            chains[head] = .conditional(taken)
            enter(index, branch, kind: .branch(chain: head))
        case .else:
            if let head = statement.chain, case .conditional? = chains[head] {
                branches[head]?.hasElse = true
                enter(index, elseReach(statement, reach: reach), kind: .branch(chain: head))
            } else {
                enter(index, elseReach(statement, reach: reach))
            }
        case .try:
            chains[index] = .attempt(TryState())
            push(index, .tryBody, reach)
        case .except(let caught):
            enter(index, handlerReach(index, statement, caught, reach: reach), kind: .handler(try: statement.chain ?? index))
        case .finally:
            push(index, .plain, reach)
        case .loop(let targets, let iterable, let isWhile):
            chains[index] = .loop
            loop(index, targets: targets, iterable: iterable?.parsed, isWhile: isWhile, reach: reach)
        case .with(let targets, let suppressing):
            for name in targets { bind(name, .unknown, reach) }
            push(index, suppressing.map { .suppress($0) } ?? .plain, reach)
        case .match:
            push(index, .plain, reach)
        case .case:
            enter(index, combine(reach, .conditional("in a case of a match statement")))
        case .import(let names):
            guard !names.isEmpty else { break }
            return request(importing: names, at: 0, statement: index, reach: reach)
        case .importFrom(let module, let level, let names, let star):
            if level == 0 && module == "__future__" { break }
            let target = ModuleScan.target(module, level: level, from: name, isPackage: isPackage)
            var absolute = ""
            if case .module(let found) = target { absolute = found }
            return issue(
                Request(
                    statement: index, line: statement.line, target: target, names: names.map(\.name), isFrom: true,
                    reach: reach, caughtIfMissing: isCaught(.moduleNotFound), caughtIfUnloadable: isCaught(.importError)),
                .from(nil, names: names, star: star, module: absolute))
        case .assignment(let targets, let unpacked, let source):
            let value = source.parsed
            if let dynamic = dynamicImport(value, at: index, reach: reach, binding: targets + unpacked) {
                return dynamic
            }
            let result = self.value(of: value)
            for name in targets { bind(name, result, reach) }
            for name in unpacked { bind(name, .unknown, reach) }
            if !Self.isPlain(value) { markMayRaise() }
        case .binding(let names):
            for name in names { bind(name, .unknown, reach) }
        case .expression(let source):
            let expression = source.parsed
            if let dynamic = dynamicImport(expression, at: index, reach: reach, binding: []) { return dynamic }
            if let name = expression.bareName, lookup(name) == .unknown, outcome.values[name] == nil,
                !outcome.hasStarImport, !PythonNames.builtins.contains(name), isCaught(.nameError)
            {
                // `try: unicode except NameError: unicode = str`: the name is not there.
                _ = fail(Failure(kind: .nameError, id: -1), at: index, reach: reach)
            } else if !Self.isPlain(expression) {
                markMayRaise()
            }
        case .raise(let source):
            markMayRaise()
            let failure = raised(source?.parsed)
            _ = fail(failure, at: index, reach: reach)
        case .other(let mayFail):
            if mayFail { markMayRaise() }
        case .global:
            break
        }
        return nil
    }

    // MARK: Blocks

    mutating func push(_ header: Int, _ kind: Frame.Kind, _ reach: Reach) {
        var frame = Frame(header: header, end: scan.statements[header].end, reach: reach, kind: kind)
        if let outer = frames.last {
            frame.guards = outer.guards
            frame.inClassBody = outer.inClassBody
            frame.inLiteralLoop = outer.inLiteralLoop
            frame.innermostTry = outer.innermostTry
        }
        let position = frames.count
        for exception in [ExceptionKind.moduleNotFound, .importError, .nameError, .syntaxError, .other] {
            switch kind {
            case .tryBody:
                if let handler = handler(of: header, catching: exception), !reraising.contains(handler) {
                    frame.guards[exception] = position
                }
            case .suppress(let caught) where caught.catches(exception):
                frame.guards[exception] = position
            default:
                break
            }
        }
        if case .classBody = kind { frame.inClassBody = true }
        if case .tryBody = kind { frame.innermostTry = position }
        if case .loop = kind { frame.inLiteralLoop = true }
        frames.append(frame)
    }

    /// Enters a body that runs with `reach`, or skips it (`nil`: it never runs).
    mutating func enter(_ header: Int, _ reach: Reach?, kind: Frame.Kind = .plain) {
        guard let reach else {
            cursor = scan.statements[header].end
            // A branch that never runs may be the chain's last.
            if case .branch(let chain) = kind { closeBranch(of: chain, at: cursor, entered: false) }
            return
        }
        push(header, kind, reach)
    }

    /// The reach of a block inside one that runs with `outer`.
    func combine(_ outer: Reach, _ inner: Reach) -> Reach {
        if case .conditional = inner { return inner }
        return outer
    }

    /// The branch of an if-chain with a test of `truth`, after the earlier tests.
    func decide(_ truth: Bool?, after prior: Taken, test: @autoclosure () -> String, reach: Reach) -> (Reach?, Taken) {
        switch prior {
        case .some:
            return (nil, .some)
        case .none:
            switch truth {
            case true?: return (reach, .some)
            case false?: return (nil, .none)
            case nil:
                let text = test()
                return (combine(reach, .conditional("when \(text) is true")), .maybe(text))
            }
        case .maybe(let earlier):
            switch truth {
            case false?: return (nil, prior)
            case true?: return (combine(reach, .conditional("when \(earlier) is false")), .some)
            case nil: return (combine(reach, .conditional("when \(test()) is true")), prior)
            }
        }
    }

    func elseReach(_ statement: ModuleScan.Statement, reach: Reach) -> Reach? {
        guard let head = statement.chain else { return reach }
        switch chains[head] {
        case .conditional(let taken)?:
            switch taken {
            case .none: return reach
            case .some: return nil
            case .maybe(let test): return combine(reach, .conditional("when \(test) is false"))
            }
        case .attempt(let state)?:
            switch state.failure {
            case .none: return state.mayRaise ? combine(reach, .conditional("when the try body raises nothing")) : reach
            case .certain: return nil
            case .possible(_, let what): return combine(reach, .conditional("unless \(what)"))
            }
        case .loop?, nil:
            return reach
        }
    }

    /// Whether an `except` clause runs: when the body certainly failed with what it
    /// catches (and no earlier clause took it); maybe when the body may have failed so;
    /// never when the body cannot have raised.
    mutating func handlerReach(_ index: Int, _ statement: ModuleScan.Statement, _ caught: ModuleScan.Catch, reach: Reach)
        -> Reach?
    {
        guard let head = statement.chain, case .attempt(var state)? = chains[head] else { return nil }
        defer { chains[head] = .attempt(state) }
        if state.caughtBy != nil { return nil }
        switch state.failure {
        case .certain(let failure) where caught.catches(failure.kind):
            state.caughtBy = index
            return reach
        case .possible(let kinds, let what) where kinds.contains(where: caught.catches):
            return combine(reach, .conditional("when \(what)"))
        default:
            return state.mayRaise ? combine(reach, .conditional("when the try body raises")) : nil
        }
    }

    mutating func loop(_ index: Int, targets: [String], iterable: PythonExpression?, isWhile: Bool, reach: Reach) {
        if isWhile {
            let truth = iterable.map(value(of:))?.truth
            enter(index, truth == false ? nil : combine(reach, .conditional("in a while loop")))
            return
        }
        let value = iterable.map(value(of:)) ?? .unknown
        let insideLiteralLoop = frames.last?.inLiteralLoop ?? false
        if case .tuple(let items) = value, items.count <= 64, !insideLiteralLoop, iterationsLeft >= items.count {
            guard let first = items.first else {
                cursor = scan.statements[index].end
                return
            }
            iterationsLeft -= items.count
            push(index, .loop(items: items, next: 1, targets: targets), reach)
            bindLoop(targets, first, reach)
            return
        }
        for name in targets { bind(name, .unknown, reach) }
        push(index, .plain, combine(reach, .conditional("in a for loop")))
    }

    mutating func bindLoop(_ targets: [String], _ item: PythonValue, _ reach: Reach) {
        for name in targets { bind(name, targets.count == 1 ? item : .unknown, reach) }
    }

    // MARK: Names

    /// An attribute of a module this one imported: what its code bound, or absent when it
    /// ran to its end without binding it.
    func moduleAttribute(_ module: String, _ name: String) -> ModuleAttribute {
        guard let values = imported[module] else { return .unknown }
        if let value = values.values[name] { return .value(value) }
        return values.isOpen ? .unknown : .absent
    }

    /// The value of an expression at the cursor, for the target.
    func value(of expression: PythonExpression) -> PythonValue {
        expression.evaluate(target, lookup: lookup, attribute: moduleAttribute)
    }

    func lookup(_ name: String) -> PythonValue {
        if let value = outcome.values[name] { return value }
        switch name {
        case "__name__": return .string(self.name)
        case "__debug__": return .bool(true)
        // Unbound, a name some modules test without importing it: false at run time.
        case "TYPE_CHECKING": return .bool(false)
        default: return PythonNames.builtins.contains(name) ? .function(name) : .unknown
        }
    }

    var inClassBody: Bool { frames.last?.inClassBody ?? false }

    mutating func bind(_ name: String, _ value: PythonValue, _ reach: Reach) {
        guard !inClassBody else { return }
        if reach == .runs {
            outcome.values[name] = value
            outcome.bound[name] = true
        } else {
            outcome.values[name] = outcome.values[name].map { $0.merged(with: value) } ?? .unknown
            if outcome.bound[name] == nil { outcome.bound[name] = false }
        }
    }

    /// Whether an expression can raise nothing this model cares about: no calls, no subscripts.
    static func isPlain(_ expression: PythonExpression) -> Bool {
        guard let operations = expression.operations else { return false }
        return operations.allSatisfy {
            switch $0 {
            case .call, .subscripted: return false
            default: return true
            }
        }
    }

    // MARK: Imports and failures

    @discardableResult
    mutating func request(importing names: [ModuleScan.ImportedName], at position: Int, statement: Int, reach: Reach)
        -> Request
    {
        let imported = names[position]
        return issue(
            Request(
                statement: statement, line: scan.statements[statement].line, target: .module(imported.name), names: [],
                isFrom: false, reach: reach, caughtIfMissing: isCaught(.moduleNotFound),
                caughtIfUnloadable: isCaught(.importError)),
            .module(imported, position: position, count: names.count))
    }

    mutating func issue(_ request: Request, _ binding: Pending.Binding) -> Request {
        pending = Pending(request: request, binding: binding)
        return request
    }

    /// `__import__("x")` or `importlib.import_module("x")` with a known absolute name.
    mutating func dynamicImport(_ expression: PythonExpression, at index: Int, reach: Reach, binding: [String])
        -> Request?
    {
        guard let (function, argument) = expression.singleArgumentCall else { return nil }
        let called = value(of: function)
        guard called == .function("__import__") || called == .function("importlib.import_module"),
            case .string(let module) = value(of: argument), !module.isEmpty,
            module.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({
                PythonNames.isIdentifier(String($0))
            })
        else { return nil }
        return issue(
            Request(
                statement: index, line: scan.statements[index].line, target: .module(module), names: [], isFrom: false,
                reach: reach, caughtIfMissing: isCaught(.moduleNotFound), caughtIfUnloadable: isCaught(.importError)),
            .dynamic(targets: binding))
    }

    /// The exception a `raise` statement raises.
    func raised(_ expression: PythonExpression?) -> Failure {
        guard let expression else {
            // A bare `raise` in a handler raises again what the handler caught.
            for frame in frames.reversed() {
                guard case .handler(let head) = frame.kind else { continue }
                if case .attempt(let state)? = chains[head], case .certain(let failure) = state.failure {
                    return failure
                }
                break
            }
            return Failure(kind: .other, id: -1)
        }
        let first: String? = expression.operations?.first.flatMap {
            if case .name(let name) = $0 { return name }
            return nil
        }
        switch first {
        case "ImportError": return Failure(kind: .importError, id: -1)
        case "ModuleNotFoundError": return Failure(kind: .moduleNotFound, id: -1)
        case "NameError": return Failure(kind: .nameError, id: -1)
        default: return Failure(kind: .other, id: -1)
        }
    }

    /// Whether a handler or `suppress` around the cursor catches `kind` (and keeps it).
    func isCaught(_ kind: ExceptionKind) -> Bool { frames.last?.guards[kind] != nil }

    func handler(of tryHeader: Int, catching kind: ExceptionKind) -> Int? {
        handlers[tryHeader]?.first { index in
            guard case .except(let caught) = scan.statements[index].kind else { return false }
            return caught.catches(kind)
        }
    }

    mutating func markMayRaise() {
        guard let index = frames.last?.innermostTry else { return }
        let head = frames[index].header
        if case .attempt(var state)? = chains[head] {
            state.mayRaise = true
            chains[head] = .attempt(state)
        }
    }

    /// Raises `failure` at `statement`: the innermost handler that catches it takes it
    /// (skipping the rest of its `try` body when the statement certainly ran there);
    /// otherwise it ends the import (or, under a condition, is a conditional failure).
    ///
    /// - Returns: whether the cursor moved (a caught failure, or the end of the run).
    mutating func fail(_ failure: Failure, at statement: Int, reach: Reach) -> Bool {
        if let index = frames.last?.guards[failure.kind] {
            let frame = frames[index]
            let certain = reach == frame.reach
            if case .tryBody = frame.kind, case .attempt(var state)? = chains[frame.header] {
                if certain {
                    state.failure = .certain(failure)
                } else if case .possible(let earlier, let what) = state.failure {
                    state.failure = .possible(earlier + [failure.kind], what)
                } else if case .none = state.failure {
                    let line = scan.statements[statement].line
                    state.failure = .possible([failure.kind], "the import at line \(line) fails")
                }
                chains[frame.header] = .attempt(state)
            }
            guard certain else { return false }
            cursor = frame.end
            frames.removeSubrange(index...)
            return true
        }
        switch reach {
        case .runs:
            if keepsGoing {
                if outcome.failure == nil {
                    outcome.failure = (failure, statement)
                } else {
                    outcome.laterFailures.append((failure, statement))
                }
                return false
            }
            outcome.failure = (failure, statement)
            finished = true
            return true
        case .conditional(let condition):
            outcome.conditionalFailures.append((failure, statement, condition))
            // Directly in a branch of an if-chain: that branch fails.
            if let frame = frames.last, case .branch(let chain) = frame.kind, frame.reach == reach,
                branches[chain] != nil
            {
                branches[chain]?.currentFailed = true
                if branches[chain]?.first == nil { branches[chain]?.first = (failure, statement) }
            }
            return false
        }
    }
}
