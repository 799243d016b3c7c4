#!/usr/bin/env python3
"""Makes the layout fixtures of Fixtures/layers/ with Info-ZIP `zip`.

    python3 Fixtures/layers/make_layout_fixtures.py

Each layer is a small tree of stub files zipped from its root, the way people build
layers by hand; the tree is described beside its name below. Module files are stubs.
The tests in Tests/LayerLintTests/Rules/LayoutRulesTests.swift pin the findings of each.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "zip"))
from make_fixtures import write_tree  # noqa: E402  (shared stub-tree helper with fixed times)

STUB = "# stub module\n"
METADATA = "Metadata-Version: 2.1\nName: requests\nVersion: 2.32.3\n\n"

LAYERS = {
    # Correct: packages directly under python/ (near miss for every layout rule).
    "layout-python-root.zip": {
        "python/requests/__init__.py": STUB, "python/requests-2.32.3.dist-info/METADATA": METADATA},
    # Correct for python3.11 only: the versioned site-packages path.
    "layout-versioned-311.zip": {
        "python/lib/python3.11/site-packages/requests/__init__.py": STUB,
        "python/lib/python3.11/site-packages/requests-2.32.3.dist-info/METADATA": METADATA},
    # Files at the root: the first classic mistake (zip -r layer.zip . inside the install folder).
    "layout-root.zip": {
        "requests/__init__.py": STUB, "requests-2.32.3.dist-info/METADATA": METADATA, "lambda_function.py": STUB},
    # site-packages/ copied at the root.
    "layout-site-packages-root.zip": {"site-packages/requests/__init__.py": STUB},
    # python/ one folder too deep: zipped from the parent of build/.
    "layout-build-python.zip": {"build/python/requests/__init__.py": STUB},
    # python/python/: zipped the python/ folder from inside a folder also named python.
    "layout-python-python.zip": {"python/python/requests/__init__.py": STUB},
    # A whole virtualenv copied into python/.
    "layout-venv.zip": {
        "python/venv/lib/python3.11/site-packages/requests/__init__.py": STUB,
        "python/venv/pyvenv.cfg": "home = /usr/bin\n"},
    # lib64/ instead of lib/.
    "layout-lib64.zip": {"python/lib64/python3.11/site-packages/requests/__init__.py": STUB},
    # Only Node.js content.
    "layout-nodejs.zip": {"nodejs/node_modules/left-pad/index.js": "module.exports = () => '';\n"},
    # A .pth left by an editable install: a build-machine path and start-up code.
    "layout-editable-pth.zip": {
        "python/lib/python3.11/site-packages/__editable__.orders-1.0.pth":
            "/home/dev/orders/src\nimport __editable___orders_1_0_finder; __editable___orders_1_0_finder.install()\n",
        "python/lib/python3.11/site-packages/orders-1.0.dist-info/METADATA":
            "Metadata-Version: 2.1\nName: orders\nVersion: 1.0\n\n"},
    # The .pth files normal installs write (setuptools' distutils-precedence.pth, an old-style
    # namespace package's -nspkg.pth): start-up code, but standard and harmless (near miss for L004).
    "layout-standard-pth.zip": {
        "python/distutils-precedence.pth": "import os; os.environ.get('X', 'local') and __import__('_distutils_hack')\n",
        "python/zope.interface-6.4-py3.11-nspkg.pth": "import sys, types, os;p = os.path.join('zope')\n"},
    # A program bundled with its own Python code outside python/, as the AWS CLI's installer
    # lays it out (an executable beside its package): the program's, not for import (near
    # miss for L001).
    "layout-cli-bundle.zip": {
        "aws-cli/aws": "#!/bin/sh\nexec /opt/aws-cli/python -m awscli \"$@\"\n",
        "aws-cli/awscli/__init__.py": STUB, "aws-cli/awscli/clidriver.py": STUB},
    # A .pth that only lists a folder inside the layer: harmless.
    "layout-relative-pth.zip": {
        "python/vendor.pth": "vendor\n# a comment\n", "python/vendor/tool.py": STUB},
    # Two layers that cannot be extracted together: utils is a file in one, a folder in the other.
    "clash-file.zip": {"python/utils": "not a folder\n", "python/common.py": STUB},
    "clash-folder.zip": {"python/utils/__init__.py": STUB, "python/common.py": "# newer\n"},
    # Native libraries in lib/ and a script in bin/ beside a python/ package: all legitimate.
    "layout-native-libs.zip": {
        "lib/libpq.so.5": "not really a library\n", "bin/tool.py": "#!/usr/bin/env python3\n",
        "python/psycopg/__init__.py": STUB},
}


# Members made executable (mode 0755).
EXECUTABLE = {"layout-cli-bundle.zip": ["aws-cli/aws"]}


def main():
    with tempfile.TemporaryDirectory() as scratch:
        for name, files in LAYERS.items():
            root = os.path.join(scratch, name)
            write_tree(root, files)
            for path in EXECUTABLE.get(name, []):
                os.chmod(os.path.join(root, path), 0o755)
            archive = os.path.join(HERE, name)
            if os.path.exists(archive):
                os.remove(archive)
            top = sorted({path.split("/")[0] for path in files})
            subprocess.run(["zip", "-q", "-X", "-r", archive, *top], cwd=root, check=True, env=dict(os.environ, TZ="UTC"))


if __name__ == "__main__":
    main()
