#!/usr/bin/env python3
"""Makes the fixtures of Fixtures/layers/ where one cause touches many members, so that
the rule reports it once with every member listed (`paths` in JSON).

    python3 Fixtures/layers/make_grouping_fixtures.py

* group-backslash.zip: three members named with '\\' separators, as Compress-Archive on
  older PowerShell writes them (Z003: one finding for the archive), and one '/' name.
* group-sourceless.zip: python/pkg/ with two .pyc files compiled by Python 3.12 and no .py
  beside them, python/other/ with one more (L006 for python3.11: one finding per package),
  and python/ok/ with a .pyc beside its .py (the near miss). The .pyc files are compiled by
  the pyenv Python 3.12 from one-line stubs.
* group-loose-binary.zip: cffi as its aarch64 wheel installs it, with the extension module
  loose in python/ (_cffi_backend.cpython-311-aarch64-linux-gnu.so, the compiled
  Fixtures/binaries/elf-aarch64.so) beside its package and a .dist-info whose RECORD lists
  it and whose WHEEL tag says aarch64: for an x86_64 function, one C001 naming cffi in its
  fix (not one for the binary and one for the tag, nor a pip line for a project "python").
* group-node-bin.zip: a Node.js layer as npm leaves it, nodejs/node_modules/.bin/ holding
  symbolic links to the packages' scripts (fine: Z005 stays quiet), and one link whose
  target the layer lacks (Z005 once); for a Python function, L005 once.
"""
import glob
import os
import py_compile
import subprocess
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2024, 1, 2, 3, 4, 6)


def python312():
    found = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.12*/bin/python3")))
    if not found:
        raise SystemExit("needs Python 3.12 (pyenv) to compile the .pyc files")
    return found[-1]


def compiled(source, python):
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "m.py")
        with open(path, "w") as handle:
            handle.write(source)
        subprocess.run([python, "-c", f"import py_compile; py_compile.compile({path!r}, cfile={path + 'c'!r})"],
                       check=True)
        with open(path + "c", "rb") as handle:
            return handle.read()


def write(name, members):
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data, *mode in members:
            info = zipfile.ZipInfo(member, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (mode[0] if mode else 0o100644) << 16
            info.create_system = 3
            archive.writestr(info, data)
    print("wrote", name)


def main():
    write("group-backslash.zip", [
        ("python\\requests\\__init__.py", b"VERSION = 1\n"),
        ("python\\requests\\api.py", b"def get(): pass\n"),
        ("python\\requests\\models.py", b"class Response: pass\n"),
        ("python/six.py", b"PY3 = True\n"),
    ])
    with open(os.path.join(HERE, "..", "binaries", "elf-aarch64.so"), "rb") as handle:
        elf = handle.read()
    module = "_cffi_backend.cpython-311-aarch64-linux-gnu.so"
    info = "cffi-1.17.1.dist-info/"
    write("group-loose-binary.zip", [
        ("python/" + module, elf),
        ("python/cffi/__init__.py", b"__version__ = '1.17.1'\n"),
        ("python/" + info + "METADATA", b"Metadata-Version: 2.1\nName: cffi\nVersion: 1.17.1\n"
         b"Requires-Python: >=3.8\nRequires-Dist: pycparser\n\n"),
        ("python/" + info + "WHEEL", b"Wheel-Version: 1.0\nGenerator: setuptools (74.1.1)\nRoot-Is-Purelib: false\n"
         b"Tag: cp311-cp311-manylinux_2_17_aarch64\nTag: cp311-cp311-manylinux2014_aarch64\n"),
        ("python/" + info + "RECORD", (f"{module},,\ncffi/__init__.py,,\n{info}METADATA,,\n{info}WHEEL,,\n"
                                       f"{info}RECORD,,\n").encode()),
        ("python/" + info + "top_level.txt", b"_cffi_backend\ncffi\n"),
    ])
    link = 0o120777
    modules = "nodejs/node_modules/"
    write("group-node-bin.zip", [
        (modules + "left-pad/package.json", b'{"name": "left-pad", "bin": "bin/cli.js"}\n'),
        (modules + "left-pad/bin/cli.js", b"#!/usr/bin/env node\n", 0o100755),
        (modules + "uuid/package.json", b'{"name": "uuid", "bin": "dist/bin/uuid"}\n'),
        (modules + "uuid/dist/bin/uuid", b"#!/usr/bin/env node\n", 0o100755),
        (modules + ".bin/left-pad", b"../left-pad/bin/cli.js", link),
        (modules + ".bin/uuid", b"../uuid/dist/bin/uuid", link),
        (modules + ".bin/semver", b"../semver/bin/semver.js", link),
    ])
    python = python312()
    write("group-sourceless.zip", [
        ("python/pkg/__init__.pyc", compiled("VERSION = 1\n", python)),
        ("python/pkg/core.pyc", compiled("def run(): pass\n", python)),
        ("python/other/__init__.pyc", compiled("X = 1\n", python)),
        ("python/ok/__init__.py", b"Y = 2\n"),
        ("python/ok/__init__.pyc", compiled("Y = 2\n", python)),
    ])


if __name__ == "__main__":
    main()
