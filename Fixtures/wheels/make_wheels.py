#!/usr/bin/env python3
"""Writes a local wheelhouse for following layerlint's fixes offline (scripts/apply-fixes --offline).

    python3 Fixtures/wheels/make_wheels.py OUTPUT_DIR

Each wheel holds stub modules and the METADATA header fields of the real project's release
(name, version, Requires-Dist, as PyPI shows them), so that pip resolves the same way it
would against PyPI for the fixtures' fixes: the releases the dependency fixtures hold (the
same headers and file lists, from Fixtures/layers/make_dependency_fixtures.py), plus what
the fixes ask for. fastmath, the made-up native package of the native-* fixtures, comes as
binary wheels for CPython 3.11-3.14 on x86_64 and aarch64, holding the compiled stubs of
Fixtures/binaries/, and so does cffi (whose wheel puts _cffi_backend beside its package). Nothing is written outside OUTPUT_DIR; the wheels are not committed.
"""
import base64
import hashlib
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
BINARIES = os.path.join(os.path.dirname(HERE), "binaries")
FIXED_TIME = (2024, 1, 1, 0, 0, 0)

sys.path.insert(0, os.path.join(os.path.dirname(HERE), "layers"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "zip"))
# The releases the dependency fixtures hold: the same METADATA headers and file lists.
from make_dependency_fixtures import FILES, METADATA  # noqa: E402

# Files a release has beyond the fixtures' list: urllib3 1.26 had modules that 2.x dropped,
# so a second install over it leaves them listed in the old RECORD.
MORE_FILES = {("urllib3", "1.26.20"): ["urllib3/contrib/pyopenssl.py", "urllib3/packages/six.py"]}

# Releases the fixes install that no fixture holds: (project, version, Requires-Dist lines,
# top-level packages or modules).
OTHERS = [
    # Imported by Fixtures/functions/fn-imports.zip, whose F002 fixes install them.
    ("PyYAML", "6.0.2", [], ["yaml"]),
    ("orjson", "3.10.7", [], ["orjson"]),
    ("PySocks", "1.7.1", [], ["socks.py", "sockshandler.py"]),
    ("trio", "0.27.0", ["attrs>=23.2.0", "sortedcontainers", "idna", "outcome", "sniffio>=1.3.0",
                        'exceptiongroup; python_version < "3.11"'], ["trio"]),
    ("trio-websocket", "0.11.1", ["trio>=0.11", "wsproto>=0.14", 'exceptiongroup; python_version < "3.11"'],
     ["trio_websocket"]),
    ("wsproto", "1.2.0", ["h11<1,>=0.9.0"], ["wsproto"]),
    ("h11", "0.14.0", [], ["h11"]),
    ("attrs", "24.2.0", [], ["attr", "attrs"]),
    ("sortedcontainers", "2.4.0", [], ["sortedcontainers"]),
    ("outcome", "1.3.0.post0", ["attrs>=19.2.0"], ["outcome"]),
    ("sniffio", "1.3.1", [], ["sniffio"]),
    ("typing_extensions", "4.12.2", [], ["typing_extensions.py"]),
    ("websocket-client", "1.8.0", [], ["websocket"]),
    ("pycparser", "2.22", [], ["pycparser"]),
    ("annotated-types", "0.7.0", [], ["annotated_types"]),
    ("pydantic", "2.9.2", ["annotated-types>=0.6.0", "pydantic-core==2.23.4",
                           "typing-extensions>=4.12.2; python_version >= '3.13'",
                           "typing-extensions>=4.6.1; python_version < '3.13'"], ["pydantic"]),
]


def metadata_text(project, version, requires):
    extras = sorted({line.split('extra == "')[1].split('"')[0] for line in requires if 'extra == "' in line})
    return (f"Metadata-Version: 2.1\nName: {project}\nVersion: {version}\n"
            + "".join(f"Requires-Dist: {line}\n" for line in requires)
            + "".join(f"Provides-Extra: {extra}\n" for extra in extras) + "\n")


# Binary wheels: (project, version, Requires-Dist, stub Python files, extension module path
# with {tag} for CPython's platform tag, e.g. cpython-311-x86_64-linux-gnu).
NATIVE = [
    ("fastmath", "1.0", [], {"fastmath/__init__.py": b"from ._core import *  # stub\n"}, "fastmath/_core.{tag}.so"),
    ("cffi", "1.17.1", ['pycparser'], {"cffi/__init__.py": b"# stub of cffi 1.17.1\n"}, "_cffi_backend.{tag}.so"),
    ("pydantic-core", "2.23.4", ["typing-extensions!=4.7.0,>=4.6.0"],
     {"pydantic_core/__init__.py": b"# stub of pydantic-core 2.23.4\n"}, "pydantic_core/_pydantic_core.{tag}.so"),
]

# The extension module per CPU: the compiled stubs the native fixtures use.
BINARIES_FOR = {"x86_64": "elf-x86_64-glibc2.2.5.so", "aarch64": "elf-aarch64.so"}


def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def write_wheel(folder, project, version, metadata, files, tag, pure):
    """A wheel named as pip expects, with METADATA, WHEEL and a RECORD of every file."""
    stem = f"{project.replace('-', '_')}-{version}"
    info = f"{stem}.dist-info"
    files = dict(files)
    files[f"{info}/METADATA"] = metadata.encode()
    python, abi, platforms = tag.split("-")
    tags = "".join(f"Tag: {python}-{abi}-{platform}\n" for platform in platforms.split("."))
    files[f"{info}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: make_wheels.py\nRoot-Is-Purelib: "
                              f"{'true' if pure else 'false'}\n{tags}").encode()
    rows = [f"{path},{digest(data)},{len(data)}" for path, data in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(rows) + "\n").encode()
    path = os.path.join(folder, f"{stem}-{tag}.whl")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, FIXED_TIME)
            entry.external_attr = 0o644 << 16
            wheel.writestr(entry, data, zipfile.ZIP_DEFLATED)
    return path


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_wheels.py OUTPUT_DIR")
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    for (project, version), metadata in METADATA.items():
        paths = FILES[project][0] + MORE_FILES.get((project, version), [])
        # A console script (../../bin/x as installed) travels in the wheel's .data/scripts/.
        data = f"{project.replace('-', '_')}-{version}.data/scripts/"
        files = {(data + path[len("../../bin/"):] if path.startswith("../../bin/") else path):
                 f"# stub of {project} {version}\n".encode() for path in paths}
        write_wheel(folder, project, version, metadata, files, "py3-none-any", pure=True)
    for project, version, requires, tops in OTHERS:
        files = {}
        for top in tops:
            if top.endswith(".py"):
                files[top] = b"# stub module\n"
            else:
                files[f"{top}/__init__.py"] = f"# stub of {project} {version}\n".encode()
        write_wheel(folder, project, version, metadata_text(project, version, requires), files, "py3-none-any",
                    pure=True)
    for project, version, requires, stubs, module_path in NATIVE:
        for machine, binary in BINARIES_FOR.items():
            with open(os.path.join(BINARIES, binary), "rb") as handle:
                module = handle.read()
            for minor in (11, 12, 13, 14):
                files = dict(stubs)
                files[module_path.format(tag=f"cpython-3{minor}-{machine}-linux-gnu")] = module
                tag = f"cp3{minor}-cp3{minor}-manylinux_2_17_{machine}.manylinux2014_{machine}"
                write_wheel(folder, project, version, metadata_text(project, version, requires), files, tag,
                            pure=False)


if __name__ == "__main__":
    main()
