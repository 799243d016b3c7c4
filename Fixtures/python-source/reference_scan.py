#!/usr/bin/env python3
"""The reference for PythonSource.ModuleScan: Python's own `ast` module, asked the same
questions (each import with the place it runs in, and the names bound at module level).

Usage:
  reference_scan.py --python 3.12 --out FILE.json SOURCE.py ...   # the answers for these files
  reference_scan.py --python 3.12 --out FILE.json --files-from LIST  # one path per line
  reference_scan.py --golden                                      # rewrite cases/golden.json

The places, as ModuleScan names them: moduleLevel; guarded (in a `try` whose handlers catch
ImportError, ModuleNotFoundError, Exception, BaseException, or everything); typeChecking
(`if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:`); otherPython (a branch that a comparison
of `sys.version_info` makes false for --python); function (a def body). The innermost of
function, typeChecking and otherPython wins; guarded applies to what is otherwise module level.
Bindings: module-level def, async def, class, assignment targets (names, and names in tuples
and lists), annotated names, `type` aliases, for-targets, with-as names, and import bindings, the first of
each name, outside classes, functions and branches that never run. The tokenizer's
syntax errors are compared by line only.
"""
import ast
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATCHING = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


def catches_import_error(handler):
    if handler.type is None:
        return True
    nodes = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(n, ast.Name) and n.id in CATCHING for n in nodes)


def version_test(test, version):
    """True/False for a sys.version_info comparison ModuleScan understands, else None."""
    if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
        return "typeChecking"
    if isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING" and isinstance(test.value, ast.Name):
        return "typeChecking"
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left, op, right = test.left, test.ops[0], test.comparators[0]
    single = None
    if isinstance(left, ast.Subscript):
        index = left.slice
        if isinstance(index, ast.Constant) and isinstance(index.value, int):
            single = index.value
        elif not (isinstance(index, ast.Slice) and index.step is None
                  and (index.lower is None or (isinstance(index.lower, ast.Constant) and index.lower.value == 0))):
            return None
        left = left.value
    names = (isinstance(left, ast.Attribute) and left.attr == "version_info" and isinstance(left.value, ast.Name)
             and left.value.id == "sys") or (isinstance(left, ast.Name) and left.id == "version_info")
    if not names:
        return None
    if isinstance(right, ast.Tuple) and all(isinstance(e, ast.Constant) and type(e.value) is int for e in right.elts):
        numbers = [e.value for e in right.elts]
    elif isinstance(right, ast.Constant) and type(right.value) is int:
        numbers = [right.value]
    else:
        return None
    if not numbers:
        return None
    if single is not None:
        if single >= len(version) or len(numbers) != 1:
            return None
        lhs = [version[single]]
    else:
        lhs = (version + [99, 99])[: len(numbers)]
    ops = {ast.GtE: lambda a, b: a >= b, ast.Gt: lambda a, b: a > b, ast.Lt: lambda a, b: a < b,
           ast.LtE: lambda a, b: a <= b, ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b}
    fn = ops.get(type(op))
    return None if fn is None else fn(lhs, numbers)


def target_names(node):
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, (ast.Tuple, ast.List)):
        return [n for e in node.elts for n in target_names(e)]
    if isinstance(node, ast.Starred):
        return target_names(node.value)
    return []


def scan(source, version):
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return {"imports": [], "bindings": [], "star": False, "syntaxErrorLine": error.lineno}
    imports, bindings, seen = [], [], set()
    star = False
    # (statements, place, guarded, binds): an explicit stack, in source order.
    stack = [(list(reversed(tree.body)), "moduleLevel", False, True)]

    def bind(name, kind, line):
        if name not in seen:
            seen.add(name)
            bindings.append([name, kind, line])

    while stack:
        statements, place, guarded, binds = stack[-1]
        if not statements:
            stack.pop()
            continue
        node = statements.pop()
        effective = "guarded" if guarded and place == "moduleLevel" else place

        def push(body, new_place=place, new_guarded=guarded, new_binds=binds):
            stack.append((list(reversed(body)), new_place, new_guarded, new_binds))

        if isinstance(node, ast.Import):
            for alias in node.names:
                imports.append([alias.name, 0, [], node.lineno, effective])
                if binds and place == "moduleLevel":
                    bind(alias.asname or alias.name.split(".")[0], "import", node.lineno)
        elif isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names]
            if binds and place == "moduleLevel":
                for alias in node.names:
                    if alias.name == "*":
                        star = True
                    else:
                        bind(alias.asname or alias.name, "import", node.lineno)
            if node.module != "__future__":
                imports.append([node.module or "", node.level, names, node.lineno, effective])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if binds and place == "moduleLevel":
                bind(node.name, "function" if isinstance(node, ast.FunctionDef) else "asyncFunction", node.lineno)
            push(node.body, "function", guarded, False)
        elif isinstance(node, ast.ClassDef):
            if binds and place == "moduleLevel":
                bind(node.name, "class", node.lineno)
            push(node.body, place, guarded, False)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            # Pushed last-first: the finally runs after the else, after the handlers, after the body.
            push(node.finalbody)
            push(node.orelse)
            for handler in reversed(node.handlers):
                push(handler.body)
            push(node.body, place, guarded or any(catches_import_error(h) for h in node.handlers))
        elif isinstance(node, ast.If):
            test = version_test(node.test, version)
            if test == "typeChecking":
                push(node.orelse)
                push(node.body, "typeChecking", guarded, False)
            else:
                push(node.orelse, "otherPython" if test is True else place, guarded,
                     binds and test is not True)
                push(node.body, "otherPython" if test is False else place, guarded,
                     binds and test is not False)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            if binds and place == "moduleLevel" and isinstance(node, ast.For):
                for name in target_names(node.target):
                    bind(name, "assignment", node.lineno)
            push(node.orelse)
            push(node.body)
        elif isinstance(node, ast.While):
            push(node.orelse)
            push(node.body)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            if binds and place == "moduleLevel" and isinstance(node, ast.With):
                for item in node.items:
                    if item.optional_vars is not None:
                        for name in target_names(item.optional_vars):
                            bind(name, "assignment", node.lineno)
            push(node.body)
        elif type(node).__name__ == "Match":
            for case in reversed(node.cases):
                push(case.body)
        elif isinstance(node, ast.Assign):
            if binds and place == "moduleLevel":
                for target in node.targets:
                    for name in target_names(target):
                        bind(name, "assignment", node.lineno)
        elif type(node).__name__ == "TypeAlias":
            if binds and place == "moduleLevel":
                bind(node.name.id, "assignment", node.lineno)
        elif isinstance(node, ast.AnnAssign):
            if binds and place == "moduleLevel" and isinstance(node.target, ast.Name):
                bind(node.target.id, "assignment", node.lineno)
    return {"imports": imports, "bindings": bindings, "star": star, "syntaxErrorLine": None}


def main():
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
                result[path] = scan(source.read(), version)
        except (UnicodeDecodeError, ValueError, OSError, RecursionError):
            continue
    with open(out, "w") as handle:
        json.dump({"python": ".".join(map(str, version)), "files": result}, handle, sort_keys=True)


if __name__ == "__main__":
    main()
