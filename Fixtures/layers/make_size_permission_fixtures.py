#!/usr/bin/env python3
"""Makes the size and permission layers (bloat-*.zip, perm-*.zip) of Fixtures/layers/.

    python3 Fixtures/layers/make_size_permission_fixtures.py

Written with Python's zipfile so that each entry's host system and Unix mode are exactly
as stated beside it. File contents are stubs; sizes are what the rules measure. The tests
in Tests/LayerLintTests/Rules/SizePermissionRulesTests.swift pin the findings.
"""
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "zip"))
from make_fixtures import FIXED_TIME  # noqa: E402

STUB = b"# stub module\n"
ELF = open(os.path.join(os.path.dirname(HERE), "binaries", "elf-x86_64-glibc2.2.5.so"), "rb").read()


def entry(name, data, mode=0o100644, windows=False):
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    if windows:
        info.create_system = 0  # MS-DOS/Windows: no Unix mode recorded
        info.external_attr = 0x20  # the archive bit
    else:
        info.external_attr = mode << 16
    return info, data


LAYERS = {
    # A tool and an extension zipped on Windows: no modes, so extracted 0666 and not runnable.
    "perm-windows-bin.zip": [
        entry("bin/convert", ELF, windows=True),
        entry("extensions/telemetry", b"#!/bin/sh\nexec /opt/bin/convert\n", windows=True),
        entry("python/helpers.py", STUB, windows=True),
    ],
    # The same from Linux with the right modes (near miss for P001-P003).
    "perm-ok.zip": [
        entry("bin/", b"", mode=0o40755),
        entry("bin/convert", ELF, mode=0o100755),
        entry("python/", b"", mode=0o40755),
        entry("python/helpers.py", STUB, mode=0o100644),
    ],
    # Test suites, caches, Finder junk, docs and a static library: 1.4 MB that could go.
    "bloat-junk.zip": [
        entry("python/fastmath/__init__.py", STUB),
        entry("python/fastmath/tests/test_core.py", b"# a large test\n" * 60000),
        entry("python/fastmath/__pycache__/__init__.cpython-311.pyc", b"\xa7\x0d\x0d\x0a" + bytes(200000)),
        entry("python/fastmath/docs/index.html", b"<p>docs</p>\n" * 10000),
        entry("lib/libfastmath.a", bytes(150000)),
        entry("__MACOSX/python/._helpers.py", b"\x00\x05\x16\x07"),
        entry("python/.DS_Store", b"\x00\x00\x00\x01Bud1"),
    ],
}


def main():
    for name, entries in LAYERS.items():
        with zipfile.ZipFile(os.path.join(HERE, name), "w") as archive:
            for info, data in entries:
                archive.writestr(info, data)


if __name__ == "__main__":
    main()
