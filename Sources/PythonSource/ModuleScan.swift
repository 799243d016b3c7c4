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
