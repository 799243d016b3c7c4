#!/usr/bin/env python3
"""Makes the native-code layers (native-*.zip) of Fixtures/layers/ with Python's zipfile.

    python3 Fixtures/layers/make_native_fixtures.py      (after Fixtures/binaries/make_binary_fixtures.py)

Each layer holds one made-up package, fastmath, installed the way pip installs a binary
wheel: python/fastmath/ with an extension module, and fastmath-1.0.dist-info/ with METADATA,
a WHEEL file whose Tag lines match the binary, and RECORD. The extension modules are the
compiled stubs of Fixtures/binaries/ (our own code), renamed as CPython names them. The
tests in Tests/LayerLintTests/Rules/CompatibilityRulesTests.swift pin the findings.
"""
import base64
import hashlib
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
BINARIES = os.path.join(os.path.dirname(HERE), "binaries")
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "zip"))
from make_fixtures import FIXED_TIME  # noqa: E402

METADATA = "Metadata-Version: 2.1\nName: fastmath\nVersion: 1.0\nRequires-Python: >=3.8\n\n"


def binary(name):
    with open(os.path.join(BINARIES, name), "rb") as handle:
        return handle.read()


def wheel(*tags):
    return ("Wheel-Version: 1.0\nGenerator: bdist_wheel (0.44.0)\nRoot-Is-Purelib: false\n"
            + "".join(f"Tag: {tag}\n" for tag in tags)).encode()


def package(module_file, module_bytes, tags, extra=None, module=True, vendored=None):
    """python/fastmath/ with one extension module, and its .dist-info; `vendored` are more
    files of the wheel (paths under python/, listed in RECORD)."""
    files = {"fastmath/__init__.py": b"from ._core import *  # stub\n"}
    if module:
        files[f"fastmath/{module_file}"] = module_bytes
    files.update(vendored or {})
    files["fastmath-1.0.dist-info/METADATA"] = METADATA.encode()
    files["fastmath-1.0.dist-info/WHEEL"] = wheel(*tags)
    files["fastmath-1.0.dist-info/top_level.txt"] = b"fastmath\n"
    rows = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        rows.append(f"{path},sha256={digest},{len(data)}")
    if not module:  # the module was deleted after install; RECORD still lists it
        rows.append(f"fastmath/{module_file},sha256=AAAA,{len(module_bytes)}")
    rows.append("fastmath-1.0.dist-info/RECORD,,")
    files["fastmath-1.0.dist-info/RECORD"] = ("\n".join(rows) + "\n").encode()
    layer = {"python/" + path: data for path, data in files.items()}
    layer.update(extra or {})
    return layer


MANYLINUX_X86 = "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64"

LAYERS = {
    # Right for python3.11 on x86_64 (near miss for C001-C005).
    "native-x86_64.zip": package("_core.cpython-311-x86_64-linux-gnu.so", binary("elf-x86_64-glibc2.2.5.so"),
                                 [MANYLINUX_X86]),
    # Built for arm64 (Graviton).
    "native-aarch64.zip": package("_core.cpython-311-aarch64-linux-gnu.so", binary("elf-aarch64.so"),
                                  ["cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64"]),
    # pip install on a Mac: a universal Mach-O module and a macOS wheel tag.
    "native-macos.zip": package("_core.cpython-311-darwin.so", binary("macho-universal.o"),
                                ["cp311-cp311-macosx_10_9_universal2"]),
    # pip install on Windows.
    "native-windows.zip": package("_core.cp311-win_amd64.pyd", binary("pe-x86_64.pyd"), ["cp311-cp311-win_amd64"]),
    # Needs glibc 2.28 (manylinux_2_28): too new for Amazon Linux 2, fine on AL2023.
    "native-glibc228.zip": package("_core.cpython-311-x86_64-linux-gnu.so", binary("elf-x86_64-glibc2.28.so"),
                                   ["cp311-cp311-manylinux_2_28_x86_64"]),
    # Needs glibc 2.36: too new for every runtime. A shared library in lib/ needs 2.28.
    "native-glibc236.zip": package("_core.cpython-312-x86_64-linux-gnu.so", binary("elf-x86_64-glibc2.36.so"),
                                   ["cp312-cp312-manylinux_2_36_x86_64"],
                                   extra={"lib/libfastmath.so.1": binary("elf-x86_64-glibc2.28-sstripped.so")}),
    # Built in an Alpine container.
    "native-musl.zip": package("_core.cpython-311-x86_64-linux-musl.so", binary("elf-musl-x86_64.so"),
                               ["cp311-cp311-musllinux_1_2_x86_64"]),
    # A cp312 wheel in a layer for python3.11.
    "native-cp312.zip": package("_core.cpython-312-x86_64-linux-gnu.so", binary("elf-x86_64-glibc2.2.5.so"),
                                ["cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64"]),
    # The stable ABI: loads in 3.8 and later (near miss for C003).
    "native-abi3.zip": package("_core.abi3.so", binary("elf-x86_64-glibc2.2.5.so"),
                               ["cp38-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64"]),
    # Only what the target would load counts as broken (x86_64, python3.11): the macOS and
    # Windows builds of the same module beside the Linux one (a warning: the function loads
    # the Linux one), a helper for arm64 that nothing imports or names (a warning), and a
    # library for arm64 in fastmath.libs/, where auditwheel puts what the modules need (error).
    "native-vendored.zip": package(
        "_core.cpython-311-x86_64-linux-gnu.so", binary("elf-x86_64-glibc2.2.5.so"), [MANYLINUX_X86],
        vendored={"fastmath/_core.cpython-311-darwin.so": binary("macho-universal.o"),
                  "fastmath/_core.cp311-win_amd64.pyd": binary("pe-x86_64.pyd"),
                  "fastmath/_vendored/attach_linux_arm64.so": binary("elf-aarch64.so"),
                  "fastmath.libs/libgfortran-5f8b2e1a.so.5.0.0": binary("elf-aarch64.so")}),
    # A module for x86_64 that needs libfastmath_helper.so.1 (DT_NEEDED), whose copy in
    # fastmath/_libs/ is built for arm64 (an error: the module's import fails), beside an arm64
    # helper nothing needs (a warning).
    "native-needed-library.zip": package(
        "_core.cpython-311-x86_64-linux-gnu.so", binary("elf-x86_64-needs-helper.so"), [MANYLINUX_X86],
        vendored={"fastmath/_libs/libfastmath_helper.so.1": binary("elf-aarch64.so"),
                  "fastmath/_vendored/attach_linux_arm64.so": binary("elf-aarch64.so")}),
    # The module needs libfastmath_native.so.1, which the wheel put beside it in fastmath/,
    # where Lambda's loader does not look (no RPATH): C010, fixed by a copy in lib/.
    "native-misplaced-library.zip": package(
        "_core.cpython-311-x86_64-linux-gnu.so", binary("elf-x86_64-needs-native.so"), [MANYLINUX_X86],
        vendored={"fastmath/libfastmath_native.so.1": binary("elf-x86_64-libfastmath-native.so.1")}),
    # The module was deleted; only the WHEEL tags tell (aarch64, glibc 2.28).
    "native-wheel-only.zip": package("_core.cpython-311-aarch64-linux-gnu.so", binary("elf-aarch64.so"),
                                     ["cp311-cp311-manylinux_2_28_aarch64"], module=False),
}


# pydantic as its wheel installs it (the METADATA header fields of pydantic 2.9.2), beside a
# pydantic_core folder copied from a Mac without its .dist-info: the project and version of
# the copy come only from what pydantic requires (pydantic-core==2.23.4).
PYDANTIC_METADATA = """Metadata-Version: 2.3
Name: pydantic
Version: 2.9.2
Requires-Python: >=3.8
Requires-Dist: annotated-types>=0.6.0
Requires-Dist: pydantic-core==2.23.4
Requires-Dist: typing-extensions>=4.12.2; python_version >= '3.13'
Requires-Dist: typing-extensions>=4.6.1; python_version < '3.13'
Provides-Extra: email
Requires-Dist: email-validator>=2.0.0; extra == 'email'

"""
LAYERS["native-bare-core.zip"] = {
    "python/pydantic/__init__.py": b"from pydantic_core import *  # stub\n",
    "python/pydantic-2.9.2.dist-info/METADATA": PYDANTIC_METADATA.encode(),
    "python/pydantic-2.9.2.dist-info/RECORD": b"pydantic/__init__.py,,\npydantic-2.9.2.dist-info/METADATA,,\n"
                                              b"pydantic-2.9.2.dist-info/RECORD,,\n",
    "python/pydantic_core/__init__.py": b"from ._pydantic_core import *  # stub\n",
    "python/pydantic_core/_pydantic_core.cpython-311-darwin.so": binary("macho-universal.o"),
    "python/annotated_types/__init__.py": b"# stub\n",
    "python/annotated_types-0.7.0.dist-info/METADATA":
        b"Metadata-Version: 2.3\nName: annotated-types\nVersion: 0.7.0\nRequires-Python: >=3.8\n\n",
    "python/typing_extensions.py": b"# stub\n",
    "python/typing_extensions-4.12.2.dist-info/METADATA":
        b"Metadata-Version: 2.1\nName: typing_extensions\nVersion: 4.12.2\nRequires-Python: >=3.8\n\n",
}


def write_layers(layers):
    """Each layer {member: bytes or text} as a ZIP in this folder, members sorted, at a fixed
    time, compiled files executable (as pip leaves them)."""
    for name, files in layers.items():
        path = os.path.join(HERE, name)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for member in sorted(files):
                info = zipfile.ZipInfo(member, FIXED_TIME)
                executable = member.endswith((".so", ".pyd")) or ".so." in member
                info.external_attr = (0o100755 if executable else 0o100644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                data = files[member]
                archive.writestr(info, data if isinstance(data, bytes) else data.encode())


def main():
    write_layers(LAYERS)


if __name__ == "__main__":
    main()
