#!/usr/bin/env python3
"""The reference for PythonSource.ModuleScan and ModuleRun: Python's own `ast` module,
walked with the same rules for which statements run when a module is imported, with every
import taken to work (the "static" run; what the import model adds is answers to imports).

Usage:
  reference_scan.py --python 3.12 --out FILE.json SOURCE.py ...   # the answers for these files
  reference_scan.py --python 3.12 --out FILE.json --files-from LIST  # one path per line
  reference_scan.py --golden                                      # rewrite cases/golden.json

For each file: every import statement (one entry per module of `import a, b`, `from
__future__` left out) as [module, level, names, line, place], where place is `function`
(in a def body), `dead` (never runs on the target), `runs` or `conditional` (runs only under
a test whose value is not known), followed by ` guarded` when a handler around it keeps a
missing module from failing the import; and the module-level names bound when the run
ends, each `certain` or `possible`. The rules, as ModuleRun applies them:
- if-tests are evaluated for CPython X.Y on Linux x86_64: sys.version_info (a late patch
  release), sys.platform, os.name, platform.system()/machine()/python_implementation(),
  sys.implementation.name, hasattr/getattr on sys and os for a few names, TYPE_CHECKING,
  __name__, literals, not/and/or, comparisons (not chained), +-*//%<<>>&|^ on integers,
  tuples of plain values, and names bound earlier to such values; anything else is unknown
  and its branch is conditional;
- try bodies run; a handler runs when the body certainly failed with what it catches (a
  `raise` that runs, or a bare name that is no builtin and not bound, for NameError); it
  may run when the body may raise (a call or subscript in it, a raise, an assert, a del),
  else it is dead; a handler that has `raise` at its top level guards nothing;
- for over a literal tuple or list of plain values runs once per item (not inside another
  such loop); other loops, while bodies and match cases are conditional;
- a raise that runs and that no handler keeps ends the run: what follows is dead;
- a def binds its name, and the names its body declares `global` possibly (it may be called).
The tokenizer's syntax errors are compared by line only.
"""
import ast
import builtins
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATALOG = os.path.join(os.path.dirname(os.path.dirname(HERE)), "Sources", "LambdaPlatform", "Resources", "runtimes.json")
with open(CATALOG) as catalog:
    # The variables Lambda sets: any other that code reads at import is taken as unset.
    LAMBDA_ENVIRONMENT = set(json.load(catalog)["environment"]["variables"])
UNKNOWN = object()
VERSION_INFO = ("version_info",)
LATE_MICRO = 99
BUILTINS = set(dir(builtins)) | {"__name__", "__file__", "__path__", "__builtins__", "__cached__"}
FACT_MODULES = {"sys", "os", "platform", "typing", "typing_extensions", "importlib"}
KNOWN_ATTRIBUTES = {
    "sys": {"pypy_version_info": False, "getwindowsversion": False, "winver": False, "dllhandle": False,
            "frozen": False, "gettotalrefcount": False, "_emscripten_info": False, "version_info": True,
            "platform": True, "implementation": True, "maxsize": True, "getrefcount": True,
            "setrecursionlimit": True, "exc_info": True, "modules": True, "path": True},
    "os": {"add_dll_directory": False, "startfile": False, "getuid": True, "geteuid": True, "fork": True,
           "uname": True, "fspath": True, "sched_getaffinity": True},
}


class Module:
    def __init__(self, name):
        self.name = name


class Function:
    def __init__(self, name):
        self.name = name


class Method:
    def __init__(self, name, receiver):
        self.name, self.receiver = name, receiver


class Slice:
    def __init__(self, lower, upper):
        self.lower, self.upper = lower, upper


def same(a, b):
    if isinstance(a, Module) and isinstance(b, Module):
        return a.name == b.name
    if isinstance(a, Function) and isinstance(b, Function):
        return a.name == b.name
    if isinstance(a, (Module, Function, Method, Slice)) or isinstance(b, (Module, Function, Method, Slice)):
        return a is b
    return type(a) is type(b) and a == b


class Target:
    def __init__(self, version):
        self.version = version

    def version_tuple(self):
        return (self.version[0], self.version[1], LATE_MICRO, "final", 0)

    def attribute(self, module, name):
        facts = {
            ("sys", "version_info"): VERSION_INFO, ("sys", "platform"): "linux",
            ("sys", "implementation"): Module("sys.implementation"), ("sys.implementation", "name"): "cpython",
            ("sys", "maxsize"): sys.maxsize, ("sys", "byteorder"): "little",
            ("sys", "hexversion"): self.version[0] << 24 | self.version[1] << 16 | LATE_MICRO << 8 | 0xF0,
            ("os", "name"): "posix", ("os", "sep"): "/", ("os", "environ"): Module("os.environ"),
            ("os", "getenv"): Function("os.getenv"), ("os.environ", "get"): Function("os.environ.get"),
            ("typing", "TYPE_CHECKING"): False, ("typing_extensions", "TYPE_CHECKING"): False,
            ("importlib", "import_module"): Function("importlib.import_module"),
        }
        if (module, name) in facts:
            return facts[(module, name)]
        if module == "platform" and name in ("system", "machine", "python_implementation"):
            return Function("platform." + name)
        return None


def elements(value, target):
    if isinstance(value, tuple) and value is not VERSION_INFO:
        return list(value)
    if value is VERSION_INFO:
        return list(target.version_tuple())
    return None


def truth(value):
    if value is UNKNOWN or isinstance(value, Slice):
        return None
    if isinstance(value, (Module, Function, Method)) or value is VERSION_INFO:
        return True
    return bool(value)


def equals(a, b, target):
    if a is UNKNOWN or b is UNKNOWN or isinstance(a, Slice) or isinstance(b, Slice):
        return None
    if isinstance(a, (Function, Method, Module)) or isinstance(b, (Function, Method, Module)):
        if isinstance(a, Module) and isinstance(b, Module):
            return a.name == b.name
        return None
    la, lb = elements(a, target), elements(b, target)
    if la is not None and lb is not None:
        if len(la) != len(lb):
            return False
        for x, y in zip(la, lb):
            e = equals(x, y, target)
            if e is None:
                return None
            if not e:
                return False
        return True
    if la is not None or lb is not None:
        return False
    if isinstance(a, bool) or isinstance(b, bool):
        if isinstance(a, (bool, int)) and isinstance(b, (bool, int)):
            return int(a) == int(b)
        return False
    if type(a) is not type(b):
        return False
    return a == b


def less(a, b, target):
    if isinstance(a, bool) or isinstance(b, bool):
        if isinstance(a, (bool, int)) and isinstance(b, (bool, int)) and not isinstance(a, Slice):
            return int(a) < int(b)
        return None
    if isinstance(a, int) and isinstance(b, int):
        return a < b
    if isinstance(a, str) and isinstance(b, str):
        return a < b
    la, lb = elements(a, target), elements(b, target)
    if la is None or lb is None:
        return None
    for x, y in zip(la, lb):
        e = equals(x, y, target)
        if e is None:
            return None
        if not e:
            return less(x, y, target)
    return len(la) < len(lb)


def contained(needle, haystack, target):
    if isinstance(haystack, Module) and haystack.name == "os.environ":
        return needle in LAMBDA_ENVIRONMENT if isinstance(needle, str) else None
    if isinstance(haystack, str):
        if not isinstance(needle, str):
            return None
        return needle in haystack
    items = elements(haystack, target)
    if items is None:
        return None
    undecided = False
    for item in items:
        e = equals(needle, item, target)
        if e:
            return True
        if e is None:
            undecided = True
    return None if undecided else False


def identical(a, b):
    if a is None and b is None:
        return True
    if isinstance(a, bool) and isinstance(b, bool):
        return a == b
    if (a is None and isinstance(b, bool)) or (b is None and isinstance(a, bool)):
        return False
    if a is UNKNOWN or b is UNKNOWN:
        return None
    if a is None or b is None:
        return False
    return None


class Evaluator:
    def __init__(self, source, target, lookup):
        self.source, self.target, self.lookup = source, target, lookup

    def value(self, node):
        try:
            return self.evaluate(node)
        except RecursionError:
            return UNKNOWN

    def evaluate(self, node):
        target = self.target
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or node.value is None:
                return node.value
            if isinstance(node.value, int):
                return node.value
            if isinstance(node.value, (str, bytes)):
                segment = ast.get_source_segment(self.source, node) or ""
                if "\\" in segment or len(segment.encode()) > 300 or segment.lstrip("rRbBuU")[:1] not in "'\"":
                    # Escapes, long literals and implicit concatenations of such: unknown.
                    if "\\" in segment or len(segment.encode()) > 300:
                        return UNKNOWN
                value = node.value
                return value.decode("latin-1") if isinstance(value, bytes) else value
            return UNKNOWN
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            owner = self.evaluate(node.value)
            if isinstance(owner, Module):
                found = target.attribute(owner.name, node.attr)
                return UNKNOWN if found is None else found
            if owner is VERSION_INFO:
                return {"major": target.version[0], "minor": target.version[1], "micro": LATE_MICRO}.get(
                    node.attr, UNKNOWN)
            if isinstance(owner, str) and node.attr in ("startswith", "endswith", "lower", "upper", "strip", "casefold"):
                return Method(node.attr, owner)
            return UNKNOWN
        if isinstance(node, ast.Call):
            if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
                return UNKNOWN
            function = self.evaluate(node.func)
            arguments = [self.evaluate(a) for a in node.args]
            return self.call(function, arguments)
        if isinstance(node, ast.Subscript):
            container = self.evaluate(node.value)
            index = node.slice
            if isinstance(index, ast.Slice):
                if index.step is not None:
                    return UNKNOWN
                bounds = []
                for part in (index.lower, index.upper):
                    if part is None:
                        bounds.append(None)
                        continue
                    v = self.evaluate(part)
                    if v is None:
                        bounds.append(None)
                    elif isinstance(v, int) and not isinstance(v, bool):
                        bounds.append(v)
                    else:
                        return UNKNOWN
                key = Slice(*bounds)
            elif isinstance(index, ast.Tuple):
                return UNKNOWN
            else:
                key = self.evaluate(index)
            items = elements(container, target)
            if items is None:
                if isinstance(container, str) and isinstance(key, Slice):
                    return container[key.lower:key.upper]
                return UNKNOWN
            if isinstance(key, int) and not isinstance(key, bool):
                position = len(items) + key if key < 0 else key
                return items[position] if 0 <= position < len(items) else UNKNOWN
            if isinstance(key, Slice):
                return tuple(items[key.lower:key.upper])
            return UNKNOWN
        if isinstance(node, (ast.Tuple, ast.List)):
            if any(isinstance(e, ast.Starred) for e in node.elts):
                return UNKNOWN
            items = [self.evaluate(e) for e in node.elts]
            if any(i is UNKNOWN or i is VERSION_INFO or isinstance(i, tuple) for i in items):
                return UNKNOWN
            return tuple(items)
        if isinstance(node, ast.UnaryOp):
            value = self.evaluate(node.operand)
            if isinstance(node.op, ast.Not):
                t = truth(value)
                return UNKNOWN if t is None else (not t)
            if isinstance(value, int) and not isinstance(value, bool):
                if isinstance(node.op, ast.USub):
                    return -value
                if isinstance(node.op, ast.UAdd):
                    return value
                if isinstance(node.op, ast.Invert):
                    return ~value
            return UNKNOWN
        if isinstance(node, ast.BoolOp):
            result = self.evaluate(node.values[0])
            for other in node.values[1:]:
                right = self.evaluate(other)
                t = truth(result)
                if isinstance(node.op, ast.And):
                    result = result if t is False else right if t is True else (False if truth(right) is False else UNKNOWN)
                else:
                    result = result if t is True else right if t is False else (True if truth(right) is True else UNKNOWN)
            return result
        if isinstance(node, ast.Compare):
            if len(node.ops) != 1:
                return UNKNOWN
            left, right, op = self.evaluate(node.left), self.evaluate(node.comparators[0]), node.ops[0]
            # Each comparison as one of four questions, and whether its answer is negated.
            questions = {
                ast.Eq: (lambda: equals(left, right, target), False),
                ast.NotEq: (lambda: equals(left, right, target), True),
                ast.Lt: (lambda: less(left, right, target), False),
                ast.Gt: (lambda: less(right, left, target), False),
                ast.LtE: (lambda: less(right, left, target), True),
                ast.GtE: (lambda: less(left, right, target), True),
                ast.In: (lambda: contained(left, right, target), False),
                ast.NotIn: (lambda: contained(left, right, target), True),
                ast.Is: (lambda: identical(left, right), False),
                ast.IsNot: (lambda: identical(left, right), True),
            }
            ask, negated = questions.get(type(op), (lambda: None, False))
            r = ask()
            if r is not None and negated:
                r = not r
            return UNKNOWN if r is None else r
        if isinstance(node, ast.BinOp):
            left, right = self.evaluate(node.left), self.evaluate(node.right)
            if isinstance(node.op, ast.Add) and isinstance(left, str) and isinstance(right, str):
                return left + right
            if not (isinstance(left, int) and isinstance(right, int)) or isinstance(left, bool) or isinstance(right, bool):
                return UNKNOWN
            op = node.op
            limit = 2 ** 63
            result = UNKNOWN
            if isinstance(op, ast.Add):
                result = left + right
            elif isinstance(op, ast.Sub):
                result = left - right
            elif isinstance(op, ast.Mult):
                result = left * right
            elif isinstance(op, ast.FloorDiv) and right > 0 and left >= 0:
                result = left // right
            elif isinstance(op, ast.Mod) and right > 0 and left >= 0:
                result = left % right
            elif isinstance(op, ast.LShift) and left >= 0 and 0 <= right < 62 and left <= (limit - 1) >> right:
                result = left << right
            elif isinstance(op, ast.RShift) and 0 <= right < 64:
                result = left >> right
            elif isinstance(op, ast.BitOr):
                result = left | right
            elif isinstance(op, ast.BitAnd):
                result = left & right
            elif isinstance(op, ast.BitXor):
                result = left ^ right
            if result is not UNKNOWN and not (-limit <= result < limit):
                return UNKNOWN
            return result
        if isinstance(node, ast.JoinedStr):
            return UNKNOWN
        return UNKNOWN

    def call(self, function, arguments):
        target = self.target
        if isinstance(function, Function):
            name = function.name
            if name == "platform.system" and not arguments:
                return "Linux"
            if name == "platform.machine" and not arguments:
                return "x86_64"
            if name == "platform.python_implementation" and not arguments:
                return "CPython"
            if name in ("os.getenv", "os.environ.get") and 1 <= len(arguments) <= 2 and isinstance(arguments[0], str):
                if arguments[0] in LAMBDA_ENVIRONMENT:
                    return UNKNOWN
                return arguments[1] if len(arguments) == 2 else None
            if name in ("hasattr", "getattr") and len(arguments) == (2 if name == "hasattr" else 3):
                module, attribute = arguments[0], arguments[1]
                if not isinstance(module, Module) or not isinstance(attribute, str):
                    return UNKNOWN
                known = KNOWN_ATTRIBUTES.get(module.name, {}).get(attribute)
                if name == "hasattr":
                    if known is not None:
                        return known
                    return UNKNOWN if target.attribute(module.name, attribute) is None else True
                if known is False:
                    return arguments[2]
                found = target.attribute(module.name, attribute)
                return UNKNOWN if found is None else found
            return UNKNOWN
        if isinstance(function, Method) and isinstance(function.receiver, str):
            text, name = function.receiver, function.name
            if name in ("lower", "casefold"):
                return text.lower() if not arguments else UNKNOWN
            if name == "upper":
                return text.upper() if not arguments else UNKNOWN
            if name == "strip":
                return text.strip() if not arguments else UNKNOWN
            if name in ("startswith", "endswith") and len(arguments) == 1:
                candidates = list(arguments[0]) if isinstance(arguments[0], tuple) else arguments
                if not all(isinstance(c, str) for c in candidates):
                    return UNKNOWN
                return any(text.startswith(c) if name == "startswith" else text.endswith(c) for c in candidates)
        return UNKNOWN


def plain(node):
    """No calls and no subscripts, and inside the subset the Swift parser reads."""
    if node is None:
        return True
    for child in ast.walk(node):
        if isinstance(child, (ast.Call, ast.Subscript, ast.Lambda, ast.IfExp, ast.ListComp, ast.SetComp, ast.DictComp,
                              ast.GeneratorExp, ast.Dict, ast.Set, ast.Starred, ast.Await, ast.Yield, ast.YieldFrom,
                              ast.NamedExpr)):
            return False
        if isinstance(child, ast.Compare) and len(child.ops) > 1:
            return False
    return True


def catches(handler, kind):
    if handler.type is None:
        return True
    nodes = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    names = []
    for n in nodes:
        if isinstance(n, ast.Name):
            names.append(n.id)
        elif isinstance(n, ast.Attribute):
            names.append(n.attr)
    for name in names:
        if name in ("BaseException", "Exception"):
            return True
        if name == "ImportError" and kind in ("moduleNotFound", "importError"):
            return True
        if name == "ModuleNotFoundError" and kind == "moduleNotFound":
            return True
        if name == "NameError" and kind == "nameError":
            return True
        if name == "SyntaxError" and kind == "syntaxError":
            return True
    return False


def reraises(handler):
    return any(isinstance(s, ast.Raise) for s in handler.body)


class Stop(Exception):
    """A failure that no handler keeps ends the run."""


class Caught(Exception):
    def __init__(self, frame):
        self.frame = frame


def target_names(node):
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, (ast.Tuple, ast.List)):
        return [n for e in node.elts for n in target_names(e)]
    if isinstance(node, ast.Starred):
        return target_names(node.value)
    return []


class Run:
    def __init__(self, source, tree, module, version):
        self.source, self.module = source, module
        self.target = Target(version)
        self.values, self.bound = {}, {}
        self.star = False
        self.places = {}
        self.frames = []  # (kind, data, reach)
        self.iterations = 1024
        self.evaluator = Evaluator(source, self.target, self.lookup)
        self.tree = tree

    def lookup(self, name):
        if name in self.values:
            return self.values[name]
        if name == "__name__":
            return self.module
        if name == "__debug__":
            return True
        if name == "TYPE_CHECKING":
            return False
        return Function(name) if name in BUILTINS else UNKNOWN

    def in_class(self):
        return any(kind == "class" for kind, _, _ in self.frames)

    def bind(self, name, value, reach):
        if self.in_class():
            return
        if reach == "runs":
            self.values[name] = value
            self.bound[name] = "certain"
        else:
            old = self.values.get(name, UNKNOWN)
            self.values[name] = old if name in self.values and same(old, value) else UNKNOWN
            self.bound.setdefault(name, "possible")

    def guard(self, kind):
        """The innermost frame whose handler keeps a failure of `kind`."""
        for index in range(len(self.frames) - 1, -1, -1):
            frame_kind, data, _ = self.frames[index]
            if frame_kind == "try":
                handler = next((h for h in data["node"].handlers if catches(h, kind)), None)
                if handler is not None and not reraises(handler):
                    return index
            elif frame_kind == "suppress" and data(kind):
                return index
        return None

    def note(self, node, reach):
        guarded = self.guard("moduleNotFound") is not None
        place = ("runs" if reach == "runs" else "conditional") + (" guarded" if guarded else "")
        self.places.setdefault(id(node), place)

    def mark_may_raise(self):
        for index in range(len(self.frames) - 1, -1, -1):
            if self.frames[index][0] == "try":
                self.frames[index][1]["mayRaise"] = True
                return

    def fail(self, kind, reach):
        index = self.guard(kind)
        if index is not None:
            frame_kind, data, frame_reach = self.frames[index]
            certain = reach is frame_reach
            if frame_kind == "try":
                if certain:
                    data["failure"] = ("certain", kind)
                elif data["failure"][0] == "possible":
                    data["failure"] = ("possible", data["failure"][1] + [kind])
                elif data["failure"][0] == "none":
                    data["failure"] = ("possible", [kind])
            if certain:
                raise Caught(index)
            return
        if reach == "runs":
            raise Stop()
        # Directly in a branch of an if-chain: that branch fails.
        if self.frames and self.frames[-1][0] == "branch" and self.frames[-1][2] is reach:
            record = self.frames[-1][1]
            record["failed"] = True
            record.setdefault("kind", kind)

    def run(self):
        try:
            self.block(self.tree.body, "runs")
        except Stop:
            pass

    def block(self, statements, reach):
        for statement in statements:
            self.statement(statement, reach)

    def enter(self, kind, data, reach, body):
        self.frames.append((kind, data, reach))
        position = len(self.frames) - 1
        try:
            self.block(body, reach)
        except Caught as caught:
            if caught.frame != position:
                raise
        finally:
            del self.frames[position:]

    def conditional(self, reach, text):
        return text  # any non-"runs" object; identity tells frames apart

    def statement(self, node, reach):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.bind(node.name, Function(node.name), reach)
            # Names a function declares global may be bound when it is called.
            for inner in ast.walk(node):
                if isinstance(inner, ast.Global):
                    for name in inner.names:
                        self.bind(name, UNKNOWN, object())
            return
        if isinstance(node, ast.ClassDef):
            self.bind(node.name, UNKNOWN, reach)
            self.enter("class", None, reach, node.body)
            return
        if isinstance(node, ast.If):
            self.if_chain(node, reach)
            return
        if isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            self.try_statement(node, reach)
            return
        if isinstance(node, (ast.For, ast.AsyncFor)):
            self.for_statement(node, reach)
            return
        if isinstance(node, ast.While):
            t = truth(self.evaluator.value(node.test))
            if t is not False:
                self.enter("plain", None, object(), node.body)
            self.enter("plain", None, reach, node.orelse)
            return
        if isinstance(node, (ast.With, ast.AsyncWith)):
            suppress = None
            for item in node.items:
                if item.optional_vars is not None:
                    for name in target_names(item.optional_vars):
                        self.bind(name, UNKNOWN, reach)
                call = item.context_expr
                if isinstance(call, ast.Call):
                    func = call.func
                    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
                    if name == "suppress":
                        names = [a.id if isinstance(a, ast.Name) else a.attr if isinstance(a, ast.Attribute) else None
                                 for a in call.args]

                        def suppress(kind, names=names):
                            fake = ast.ExceptHandler(type=ast.Tuple(elts=[ast.Name(id=n) for n in names if n]))
                            return bool(names) and catches(fake, kind)
            if suppress is not None:
                self.enter("suppress", suppress, reach, node.body)
            else:
                self.enter("plain", None, reach, node.body)
            return
        if type(node).__name__ == "Match":
            for case in node.cases:
                self.enter("plain", None, object(), case.body)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.note(alias, reach)
                self.bind(alias.asname or alias.name.split(".")[0],
                          Module(alias.name if alias.asname else alias.name.split(".")[0]), reach)
            return
        if isinstance(node, ast.ImportFrom):
            if node.module == "__future__" and node.level == 0:
                return
            self.note(node, reach)
            module = node.module if node.level == 0 else None
            for alias in node.names:
                if alias.name == "*":
                    self.star = True
                    continue
                value = UNKNOWN
                if module in FACT_MODULES:
                    found = self.target.attribute(module, alias.name)
                    value = UNKNOWN if found is None else found
                self.bind(alias.asname or alias.name, value, reach)
            return
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            self.assignment(node, reach)
            return
        if type(node).__name__ == "TypeAlias":
            self.bind(node.name.id, UNKNOWN, reach)
            return
        if isinstance(node, ast.Expr):
            value = node.value
            if self.dynamic(value, reach):
                return
            if isinstance(value, ast.Name) and value.id not in self.values and not self.star \
                    and value.id not in BUILTINS and value.id not in ("TYPE_CHECKING",) \
                    and self.guard("nameError") is not None:
                self.fail("nameError", reach)
            elif not plain(value):
                self.mark_may_raise()
            return
        if isinstance(node, ast.Raise):
            self.mark_may_raise()
            self.fail(self.raised(node.exc), reach)
            return
        if isinstance(node, (ast.Delete, ast.Assert)):
            self.mark_may_raise()
            return

    def raised(self, exception):
        if exception is None:
            for kind, data, _ in reversed(self.frames):
                if kind == "handler":
                    return data or "other"
            return "other"
        first = exception.func if isinstance(exception, ast.Call) else exception
        if isinstance(first, ast.Name):
            return {"ImportError": "importError", "ModuleNotFoundError": "moduleNotFound",
                    "NameError": "nameError"}.get(first.id, "other")
        return "other"

    def dynamic(self, value, reach):
        if not isinstance(value, ast.Call) or len(value.args) != 1 or value.keywords \
                or isinstance(value.args[0], ast.Starred):
            return False
        function = self.evaluator.value(value.func)
        if not (isinstance(function, Function) and function.name in ("__import__", "importlib.import_module")):
            return False
        name = self.evaluator.value(value.args[0])
        if not isinstance(name, str) or not name or not all(p.isidentifier() for p in name.split(".")):
            return False
        return True

    def assignment(self, node, reach):
        if isinstance(node, ast.AugAssign):
            for name in target_names(node.target):
                self.bind(name, UNKNOWN, reach)
            return
        if isinstance(node, ast.AnnAssign):
            if node.value is None:
                return
            targets = [node.target]
        else:
            targets = node.targets
        if self.dynamic(node.value, reach):
            for target in targets:
                for name in target_names(target):
                    self.bind(name, UNKNOWN, reach)
            return
        value = self.evaluator.value(node.value)
        for target in targets:
            if isinstance(target, ast.Name):
                self.bind(target.id, value, reach)
            else:
                for name in target_names(target):
                    self.bind(name, UNKNOWN, reach)
        if not plain(node.value):
            self.mark_may_raise()

    def if_chain(self, node, reach):
        taken = "none"
        entered, failed, kinds, has_else = 0, 0, [], False

        def run_branch(body, branch_reach):
            nonlocal entered, failed
            record = {"failed": False}
            self.enter("branch", record, branch_reach, body)
            entered += 1
            if record["failed"]:
                failed += 1
                kinds.append(record["kind"])

        while True:
            t = truth(self.evaluator.value(node.test))
            branch = None
            if taken == "some":
                branch = None
            elif taken == "none":
                if t is True:
                    branch, taken = reach, "some"
                elif t is None:
                    branch, taken = object(), "maybe"
            else:
                if t is True:
                    branch, taken = object(), "some"
                elif t is None:
                    branch = object()
            if branch is not None:
                run_branch(node.body, branch)
            orelse = node.orelse
            if len(orelse) == 1 and isinstance(orelse[0], ast.If) and self.is_elif(node, orelse[0]):
                node = orelse[0]
                continue
            if orelse:
                has_else = True
                if taken == "none":
                    run_branch(orelse, reach)
                elif taken == "maybe":
                    run_branch(orelse, object())
            break
        # Every branch that may run fails, and one must run: the chain fails.
        if (has_else or taken == "some") and entered and failed == entered:
            self.fail(kinds[0], reach)

    def is_elif(self, node, inner):
        segment = self.source.splitlines()[inner.lineno - 1][inner.col_offset:] if inner.lineno else ""
        return segment.startswith("elif")

    def try_statement(self, node, reach):
        data = {"node": node, "failure": ("none",), "mayRaise": False, "caughtBy": None}
        self.enter("try", data, reach, node.body)
        for handler in node.handlers:
            run = None
            failure = data["failure"]
            if data["caughtBy"] is not None:
                run = None
            elif failure[0] == "certain" and catches(handler, failure[1]):
                data["caughtBy"] = handler
                run = reach
            elif failure[0] == "possible" and any(catches(handler, k) for k in failure[1]):
                run = object()
            elif data["mayRaise"]:
                run = object()
            if run is not None:
                kind = failure[1] if failure[0] == "certain" else None
                self.enter("handler", kind, run, handler.body)
        if node.orelse:
            failure = data["failure"]
            if failure[0] == "none":
                self.enter("plain", None, object() if data["mayRaise"] else reach, node.orelse)
            elif failure[0] == "possible":
                self.enter("plain", None, object(), node.orelse)
        if node.finalbody:
            self.enter("plain", None, reach, node.finalbody)

    def for_statement(self, node, reach):
        names = target_names(node.target) if isinstance(node, ast.For) else target_names(node.target)
        value = self.evaluator.value(node.iter)
        inside = any(kind == "loop" for kind, _, _ in self.frames)
        if isinstance(value, tuple) and value is not VERSION_INFO and len(value) <= 64 and not inside \
                and self.iterations >= len(value):
            if not value:
                self.enter("plain", None, reach, node.orelse)
                return
            self.iterations -= len(value)
            for item in value:
                for name in names:
                    self.bind(name, item if len(names) == 1 else UNKNOWN, reach)
                self.enter("loop", None, reach, node.body)
            self.enter("plain", None, reach, node.orelse)
            return
        for name in names:
            self.bind(name, UNKNOWN, reach)
        self.enter("plain", None, object(), node.body)
        self.enter("plain", None, reach, node.orelse)


def import_entries(tree):
    """Every import statement in source order, with whether a def encloses it."""
    entries = []
    stack = [(list(reversed(tree.body)), False)]
    while stack:
        statements, in_function = stack[-1]
        if not statements:
            stack.pop()
            continue
        node = statements.pop()
        if isinstance(node, ast.Import):
            for alias in node.names:
                entries.append((alias, [alias.name, 0, [], node.lineno], in_function))
        elif isinstance(node, ast.ImportFrom):
            if not (node.module == "__future__" and node.level == 0):
                names = [a.name for a in node.names]
                entries.append((node, [node.module or "", node.level, names, node.lineno], in_function))
        children = []
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            value = getattr(node, field, None)
            if isinstance(value, list):
                for child in value:
                    if isinstance(child, (ast.ExceptHandler,)) or type(child).__name__ == "match_case":
                        children.extend(child.body)
                    else:
                        children.append(child)
        nested = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        if children:
            # Source order: a statement's children in the order they appear.
            children.sort(key=lambda c: (c.lineno, c.col_offset))
            stack.append((list(reversed(children)), nested))
    entries.sort(key=lambda e: e[1][3])
    return entries


def scan(source, version, module="pkg.mod"):
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError) as error:
        return {"imports": [], "bindings": [], "star": False, "syntaxErrorLine": getattr(error, "lineno", 0)}
    run = Run(source, tree, module, version)
    try:
        run.run()
    except RecursionError:
        return None
    imports = []
    for node, entry, in_function in import_entries(tree):
        place = "function" if in_function else run.places.get(id(node), "dead")
        imports.append(entry + [place])
    bindings = sorted([name, how] for name, how in run.bound.items())
    return {"imports": imports, "bindings": bindings, "star": run.star, "syntaxErrorLine": None}


def main():
    sys.setrecursionlimit(10000)
    args = sys.argv[1:]
    if args == ["--golden"]:
        cases = sorted(f for f in os.listdir(os.path.join(HERE, "cases")) if f.endswith(".py"))
        result = {}
        for name in cases:
            with open(os.path.join(HERE, "cases", name), encoding="utf-8") as source:
                result[name] = scan(source.read(), [3, 12])
        with open(os.path.join(HERE, "cases", "golden.json"), "w") as out:
            json.dump({"python": "3.12", "reference": f"ast of CPython {sys.version.split()[0]}", "files": result},
                      out, indent=1, sort_keys=True)
            out.write("\n")
        print(f"wrote cases/golden.json: {len(result)} files")
        return
    version = [3, 12]
    out = None
    files = []
    while args:
        arg = args.pop(0)
        if arg == "--python":
            version = [int(p) for p in args.pop(0).split(".")]
        elif arg == "--out":
            out = args.pop(0)
        elif arg == "--files-from":
            with open(args.pop(0), encoding="utf-8", errors="surrogateescape") as listing:
                files.extend(line.rstrip("\n") for line in listing if line.strip())
        else:
            files.append(arg)
    result = {}
    for path in files:
        try:
            with open(path, encoding="utf-8") as source:
                answer = scan(source.read(), version)
        except (UnicodeDecodeError, ValueError, OSError, RecursionError):
            continue
        if answer is not None:
            result[path] = answer
    with open(out, "w") as handle:
        json.dump({"python": ".".join(map(str, version)), "files": result}, handle, sort_keys=True)


if __name__ == "__main__":
    main()
