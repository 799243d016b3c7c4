#!/usr/bin/env python3
"""Makes the layers of Fixtures/layers/ that pip itself installs, from the stub wheels of
Fixtures/wheels/make_wheels.py (no network), zipped with Python's zipfile in sorted order
with fixed times and modes so that a re-run reproduces them byte for byte.

    python3 Fixtures/layers/make_pip_fixtures.py

deps-installed-twice.zip: `pip install --target python urllib3==1.26.20`, then
`pip install --upgrade --target python requests==2.32.3`, which brings urllib3 2.2.3: pip
replaces the urllib3/ folder but leaves urllib3-1.26.20.dist-info beside the new one, whose
RECORD still lists modules 2.x no longer has. One cause, one finding (D006).

layout-site-packages-cp311.zip: `pip install --target python/lib/python3.11/site-packages
--platform manylinux2014_x86_64 --python-version 3.11 --only-binary=:all: fastmath==1.0
requests==2.32.3`: a layer built for python3.11 in its versioned folder, with an extension
module for CPython 3.11. For python3.12 it needs L002 (the folder) and C003 (the module)
repaired together: `layerlint fix` moves the folder into python/ and installs the packages
again for 3.12 there, in one plan.
"""
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIME = (2024, 1, 2, 3, 4, 6)

# Layer → (the folder pip installs into, each pip call's arguments).
INSTALLS = {
    "deps-installed-twice.zip": ("python", [["urllib3==1.26.20"], ["--upgrade", "requests==2.32.3"]]),
    "layout-site-packages-cp311.zip": (
        "python/lib/python3.11/site-packages",
        [["--platform", "manylinux2014_x86_64", "--python-version", "3.11", "--implementation", "cp",
          "--only-binary=:all:", "fastmath==1.0", "requests==2.32.3"]],
    ),
}


def zip_folder(folder, archive):
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as layer:
        for root, folders, files in os.walk(folder):
            folders.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                entry = zipfile.ZipInfo(os.path.relpath(path, folder).replace(os.sep, "/"), FIXED_TIME)
                entry.external_attr = 0o644 << 16
                entry.create_system = 3
                with open(path, "rb") as handle:
                    layer.writestr(entry, handle.read(), zipfile.ZIP_DEFLATED)


def main():
    with tempfile.TemporaryDirectory() as scratch:
        wheels = os.path.join(scratch, "wheels")
        subprocess.run([sys.executable, os.path.join(os.path.dirname(HERE), "wheels", "make_wheels.py"), wheels],
                       check=True)
        environment = dict(os.environ, PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_FIND_LINKS=wheels,
                           PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_ROOT_USER_ACTION="ignore")
        for name, (target, installs) in INSTALLS.items():
            folder = os.path.join(scratch, name)
            for words in installs:
                subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-compile", "--target",
                                os.path.join(folder, target), *words], check=True, env=environment)
            zip_folder(folder, os.path.join(HERE, name))


if __name__ == "__main__":
    main()
