#!/usr/bin/env python3
"""Golden data for `layerlint why`: for each case below, Python itself is asked whether the
module imports on a Lambda-like sys.path, and the answer is written to why-reference.json.

Usage: python3 Fixtures/layers/make_why_reference.py   (needs pyenv's 3.11, 3.12, 3.13)

Also writes why-unreadable.zip (Python's zipfile): a package whose __init__.py has mode 0600.

How one case is run:
1. Each layer is extracted in order into a temporary `opt/` with Python's zipfile, as Lambda
   extracts layers into /opt: a later layer's file replaces an earlier one's, names are
   taken as they are (a name with backslashes is one file), and the Unix mode of each member
   is applied. A function package goes into `var/task/` the same way.
2. A stand-in for the runtime's own packages folder holds stub copies (with .dist-info) of
   the distributions the catalog says the runtime provides (boto3, botocore, ...).
3. The interpreter of the runtime's Python version (the system's, else pyenv's) runs
   isolated (-I -S), as the user `nobody` when this script runs as root and nobody can run
   that interpreter (Lambda runs functions as a non-root user; each case records which),
   with sys.path set to the runtime's order: var/task, opt/python/lib/pythonX.Y/site-packages,
   opt/python, the runtime packages, then the interpreter's own standard library; the two
   opt/python folders are then processed as site folders (`site.addsitedir`), so that
   their .pth files add folders at the end, as layerlint takes Lambda to do.
4. It imports the module, and that is the answer. The fixtures' stub modules make the
   top-level imports of the real releases (make_dependency_fixtures.py writes them), so
   `requests` without `idna` fails there as the real one does on Lambda.
5. Extension modules in the fixtures are small ELF or Mach-O stubs with no PyInit_
   function: "dynamic module does not define module export function" means the loader
   accepted the file, so it counts as a load; any other ImportError is a failure.

What this machine cannot show is recorded, not guessed: a case whose failure depends on
Lambda's older glibc is marked `"emulated": false` (this machine's glibc is newer).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CATALOG = os.path.join(ROOT, "Sources", "LambdaPlatform", "Resources", "runtimes.json")
OUT = os.path.join(HERE, "why-reference.json")

# (layers, module, runtime, function package or None, note when this machine cannot emulate it)
CASES = [
    (["deps-requests-nodeps.zip"], "requests", "python3.12", None, None),
    (["deps-requests-nodeps.zip"], "idna", "python3.12", None, None),
    (["deps-requests-complete.zip"], "requests", "python3.12", None, None),
    (["deps-requests-nodeps.zip"], "boto3", "python3.12", None, None),
    (["deps-requests-nodeps.zip"], "json", "python3.12", None, None),
    (["deps-requests-nodeps.zip"], "distutils", "python3.12", None, None),
    (["deps-requests-nodeps.zip"], "distutils", "python3.11", None, None),
    (["layout-root.zip"], "requests", "python3.11", None, None),
    (["layout-site-packages-root.zip"], "requests", "python3.11", None, None),
    (["layout-build-python.zip"], "requests", "python3.11", None, None),
    (["layout-python-python.zip"], "requests", "python3.11", None, None),
    (["layout-venv.zip"], "requests", "python3.11", None, None),
    (["layout-lib64.zip"], "requests", "python3.11", None, None),
    (["layout-versioned-311.zip"], "requests", "python3.12", None, None),
    (["layout-versioned-311.zip"], "requests", "python3.11", None, None),
    (["layout-python-root.zip"], "requests", "python3.11", None, None),
    (["group-backslash.zip"], "requests", "python3.11", None, None),
    (["group-backslash.zip"], "six", "python3.11", None, None),
    (["group-sourceless.zip"], "pkg", "python3.11", None, None),
    (["group-sourceless.zip"], "pkg", "python3.12", None, None),
    (["deps-bytecode.zip"], "compiled", "python3.12", None, None),
    (["deps-bytecode.zip"], "legacy", "python3.12", None,
     "the fixture's .pyc is a 3.12 header over stub bytes, not marshalled code: only its magic number is real"),
    (["native-x86_64.zip"], "fastmath._core", "python3.11", None, None),
    (["native-abi3.zip"], "fastmath._core", "python3.11", None, None),
    (["native-aarch64.zip"], "fastmath._core", "python3.11", None, None),
    (["native-aarch64.zip"], "fastmath", "python3.11", None, None),
    (["native-cp312.zip"], "fastmath._core", "python3.11", None, None),
    (["native-macos.zip"], "fastmath._core", "python3.11", None, None),
    (["native-windows.zip"], "fastmath._core", "python3.11", None, None),
    (["native-musl.zip"], "fastmath._core", "python3.11", None, None),
    (["native-glibc236.zip"], "fastmath._core", "python3.12", None,
     "needs glibc 2.36; Lambda's python3.12 has 2.34, this machine has a newer one"),
    (["why-unreadable.zip"], "private_pkg", "python3.11", None, None),
    (["deps-split-requests.zip", "deps-split-urllib3.zip"], "requests", "python3.12", None, None),
    (["deps-split-requests.zip"], "requests", "python3.12", None, None),
    (["layout-relative-pth.zip"], "tool", "python3.11", None, None),
    # The import model's statements and follows (make_import_fixtures.py).
    (["import-statements.zip"], "guards", "python3.12", None, None),
    (["import-statements.zip"], "guards", "python3.11", None, None),
    (["import-statements.zip"], "flags", "python3.12", None, None),
    (["import-statements.zip"], "maybe", "python3.12", None, None),
    (["import-statements.zip"], "exhausted", "python3.12", None, None),
    (["import-follow.zip"], "app", "python3.12", None, None),
    (["import-follow.zip"], "engine.core", "python3.12", None, None),
    (["import-follow.zip"], "deep.b.c", "python3.12", None, None),
    (["import-follow.zip"], "uses_vianame", "python3.12", None, None),
    (["import-kinds.zip"], "strict", "python3.12", None, None),
    (["import-kinds.zip"], "lenient", "python3.12", None, None),
    (["import-kinds.zip"], "twin._core", "python3.12", None, None),
    (["import-kinds.zip"], "twinok._core", "python3.12", None, None),
    (["import-namespace.zip"], "nscore", "python3.12", None, None),
    (["import-namespace.zip"], "nscore", "python3.11", None, None),
    (["import-hooks.zip"], "uses_six", "python3.12", None, None),
]

PROBE = r"""
import importlib, json, sys
paths, module, sites = json.loads(sys.argv[1])
sys.path[:] = paths + [p for p in sys.path if p.startswith(sys.base_prefix) and "site-packages" not in p]
# The layers' site folders: their .pth files add folders at the end of sys.path.
import site
for folder in sites:
    site.addsitedir(folder)
LOADER_ACCEPTED = "dynamic module does not define module export function"

def load(name):
    try:
        importlib.import_module(name)
        return None
    except ImportError as error:
        text = f"{type(error).__name__}: {error}"
        return None if LOADER_ACCEPTED in text else text
    except Exception as error:
        return f"{type(error).__name__}: {error}"

error = load(module)
print(json.dumps({"importable": error is None, "error": error}))
"""


def write_unreadable():
    path = os.path.join(HERE, "why-unreadable.zip")
    with zipfile.ZipFile(path, "w") as archive:
        for name, mode, data in [
            ("python/private_pkg/__init__.py", 0o600, b"# stub\n"),
            ("python/private_pkg/util.py", 0o644, b"# stub\n"),
        ]:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = (0o100000 | mode) << 16
            archive.writestr(info, data)


def extract(archive_path, into):
    with zipfile.ZipFile(archive_path) as archive:
        for info in archive.infolist():
            target = os.path.join(into, info.filename)
            if info.is_dir():
                os.makedirs(target, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.exists(target):
                os.chmod(target, 0o644)
            with open(target, "wb") as out:
                out.write(archive.read(info))
            mode = (info.external_attr >> 16) & 0o777
            if info.create_system == 3 and mode:
                os.chmod(target, mode)


def runtime_packages(folder, python):
    for name in python["providedDistributions"]:
        module = {"python-dateutil": "dateutil"}.get(name, name.replace("-", "_"))
        os.makedirs(os.path.join(folder, module), exist_ok=True)
        with open(os.path.join(folder, module, "__init__.py"), "w") as out:
            out.write("# stub of the runtime's copy\n")
        info = os.path.join(folder, f"{name.replace('-', '_')}-0.dist-info")
        os.makedirs(info, exist_ok=True)
        with open(os.path.join(info, "METADATA"), "w") as out:
            out.write(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0\n")
        with open(os.path.join(info, "top_level.txt"), "w") as out:
            out.write(module + "\n")


def interpreter(version):
    """The system's interpreter for `version` when it has one (any user can run it), else pyenv's."""
    system = shutil.which(f"python{version}", path="/usr/bin:/usr/local/bin")
    if system:
        return system
    folder = os.path.expanduser("~/.pyenv/versions")
    matches = sorted(v for v in os.listdir(folder) if v.startswith(version + "."))
    return os.path.join(folder, matches[-1], "bin", "python3") if matches else None


def main():
    write_unreadable()
    catalog = {r["identifier"]: r for r in json.load(open(CATALOG))["runtimes"]}
    results = []
    for layers, module, runtime, function, note in CASES:
        python = catalog[runtime]["python"]
        version = python["version"]
        executable = interpreter(version)
        scratch = tempfile.mkdtemp(prefix="why-reference-")
        os.chmod(scratch, 0o755)
        try:
            opt = os.path.join(scratch, "opt")
            os.makedirs(opt)
            for layer in layers:
                extract(os.path.join(HERE, layer), opt)
            task = os.path.join(scratch, "var", "task")
            os.makedirs(task)
            if function:
                extract(os.path.join(HERE, function), task)
            packages = os.path.join(scratch, "runtime-packages")
            runtime_packages(packages, python)
            for folder, _, files in os.walk(scratch):
                os.chmod(folder, os.stat(folder).st_mode | 0o755)
            paths = [task, os.path.join(opt, "python", "lib", f"python{version}", "site-packages"),
                     os.path.join(opt, "python"), packages]
            sites = [os.path.join(opt, "python", "lib", f"python{version}", "site-packages"), os.path.join(opt, "python")]
            command = [executable, "-I", "-S", "-c", PROBE, json.dumps([paths, module, sites])]
            # As nobody when root, where nobody can run the interpreter (pyenv's under a
            # private home cannot be): Lambda runs the function as a non-root user.
            as_user = os.getuid() == 0 and subprocess.run(
                ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", executable, "-c", "pass"],
                capture_output=True).returncode == 0
            if as_user:
                command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
            output = subprocess.run(command, capture_output=True, text=True, cwd=scratch)
            if output.returncode != 0:
                sys.exit(f"probe failed for {layers} {module}: {output.stderr}")
            answer = json.loads(output.stdout)
            error = answer["error"]
            if error:
                error = error.replace(scratch, "")
            results.append({
                "layers": layers, "functionPackage": function, "module": module, "runtime": runtime,
                "architecture": "x86_64", "python": subprocess.check_output(
                    [executable, "-c", "import platform; print(platform.python_version())"], text=True).strip(),
                "asUser": "nobody" if as_user else "the current user",
                "importable": answer["importable"], "error": error,
                "emulated": note is None, **({"note": note} if note else {}),
            })
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    with open(OUT, "w") as out:
        json.dump({"schemaVersion": 1, "cases": results}, out, indent=1, sort_keys=True)
        out.write("\n")
    print(f"wrote {OUT}: {len(results)} cases, "
          f"{sum(1 for r in results if r['importable'])} importable")


if __name__ == "__main__":
    main()
