#!/usr/bin/env python3
"""Makes the import-model layers (import-*.zip) of Fixtures/layers/ with Python's zipfile.

    python3 Fixtures/layers/make_import_fixtures.py   (after Fixtures/binaries/make_binary_fixtures.py)

Each layer holds small packages of our own whose modules do what real packages do when they
are imported, one kind of statement or one kind of follow per package, so that `layerlint
why` and `check` can be pinned on them and compared with CPython (make_why_reference.py
imports each module named there with the runtime's Python: the verdicts must agree). The
compiled files are the stubs of Fixtures/binaries/.

- import-statements.zip: imports that never run on Lambda or are kept by a guard
  (`guards`), flags bound here or imported from a sibling (`flags`), a test whose value is
  unknown before run time (`maybe`: importable, with a warning), and a chain whose every
  branch fails (`exhausted`: not importable).
- import-follow.zip: follows across top-level packages: `app` imports `engine`, whose
  `__init__` imports `engine.core`, which imports `from . import _speedups` built for arm64;
  `deep.b.c`, whose parent `deep` imports what is not there; `vianame` imports a submodule
  by `from vianame import helper`.
- import-kinds.zip: `except ModuleNotFoundError` does not catch an extension that does not
  load (`strict`: fails), `except ImportError` does (`lenient`: importable, slower); a
  cpython-311 module beside a `.py` twin that works (`twinok`) or raises (`twin`).
- import-namespace.zip: `nscore` imports names from `nscore._impl`, a folder holding only an
  `__init__.pyi` once its `_impl.cpython-311-…so` is passed over by Python 3.12.
- import-hooks.zip: `six.moves` made by six's own meta-path finder (a stub that installs one),
  imported by `uses_six`.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_native_fixtures import binary, write_layers  # noqa: E402


STATEMENTS = {
    # Never runs on python3.11/3.12 on Linux, or kept by a guard: importable.
    "python/guards/__init__.py": """import contextlib
import sys
from typing import TYPE_CHECKING

try:
    import simplejson as json
    has_simplejson = True
except ImportError:
    import json
    has_simplejson = False

if has_simplejson:
    from simplejson import JSONDecodeError
else:
    from json import JSONDecodeError

if sys.version_info < (3, 8):
    import importlib_metadata
if sys.platform.startswith("win"):
    import msvcrt
if TYPE_CHECKING:
    import mypy_boto3_s3

try:
    set
except NameError:
    from sets import Set as set

with contextlib.suppress(ImportError):
    import optional_extra

if __name__ == "__main__":
    import only_when_run_as_a_script


def later():
    import imported_when_called
""",
    # Flags bound from the platform, here and in a sibling module.
    "python/flags/__init__.py": """from ._compat import PY2, WIN

if PY2:
    from StringIO import StringIO
else:
    from io import StringIO
if WIN:
    from . import _winconsole
""",
    "python/flags/_compat.py": """import sys

PY2 = sys.version_info[0] == 2
WIN = sys.platform.startswith("win")
""",
    # A test whose value is known only at run time: importable, with a warning.
    "python/maybe/__init__.py": """import os

if os.path.exists("/opt/extra"):
    import not_in_the_layer
""",
    # Whichever branch runs fails: not importable.
    "python/exhausted/__init__.py": """import os

if os.path.exists("/opt/fast"):
    import fast_backend
else:
    import slow_backend
""",
}

FOLLOW = {
    "python/app/__init__.py": "import engine\n",
    "python/engine/__init__.py": "from . import core\n",
    "python/engine/core.py": "from . import _speedups\n",
    "python/engine/_speedups.abi3.so": binary("elf-aarch64.so"),
    "python/deep/__init__.py": "import not_there\n",
    "python/deep/b/__init__.py": "",
    "python/deep/b/c.py": "VALUE = 1\n",
    "python/vianame/__init__.py": "",
    "python/vianame/helper.py": "import also_not_there\n",
    "python/uses_vianame.py": "from vianame import helper\n",
}

KINDS = {
    "python/strict/__init__.py": """try:
    from . import _fast
except ModuleNotFoundError:
    _fast = None
""",
    "python/strict/_fast.abi3.so": binary("elf-aarch64.so"),
    "python/lenient/__init__.py": """try:
    from . import _fast
except ImportError:
    from . import _slow as _fast
""",
    "python/lenient/_fast.abi3.so": binary("elf-aarch64.so"),
    "python/lenient/_slow.py": "VALUE = 1\n",
    # Python 3.12 passes over a cpython-311 module and imports the .py of the same name: a
    # pure-Python twin that works (`twinok`), or one that refuses to run without its compiled
    # build, as pyzmq's _zmq.py does (`twin`). Nothing in either package imports it.
    "python/twin/__init__.py": "",
    "python/twin/_core.cpython-311-x86_64-linux-gnu.so": binary("elf-x86_64-glibc2.2.5.so"),
    "python/twin/_core.py": "raise ImportError('the compiled _core was not built')\n",
    "python/twinok/__init__.py": "",
    "python/twinok/_core.cpython-311-x86_64-linux-gnu.so": binary("elf-x86_64-glibc2.2.5.so"),
    "python/twinok/_core.py": "VALUE = 1\n",
}

NAMESPACE = {
    "python/nscore/__init__.py": "from ._impl import Thing\n",
    "python/nscore/_impl/__init__.pyi": "class Thing: ...\n",
    "python/nscore/_impl.cpython-311-x86_64-linux-gnu.so": binary("elf-x86_64-glibc2.2.5.so"),
}

HOOKS = {
    # Enough of six's own finder to make six.moves at import time, as six.py does.
    "python/six.py": """import sys
import types
import importlib.abc
import importlib.machinery

__path__ = []  # as six.py: a package, so that Python asks the finders for six.moves


class _SixMetaPathImporter(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if fullname == __name__ + ".moves":
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.urllib = __import__("urllib.parse")
        return module

    def exec_module(self, module):
        pass


sys.meta_path.append(_SixMetaPathImporter())
""",
    "python/uses_six.py": "from six.moves import urllib\n",
}

LAYERS = {
    "import-statements.zip": STATEMENTS,
    "import-follow.zip": FOLLOW,
    "import-kinds.zip": KINDS,
    "import-namespace.zip": NAMESPACE,
    "import-hooks.zip": HOOKS,
}


def main():
    write_layers(LAYERS)
    print("made", ", ".join(LAYERS))


if __name__ == "__main__":
    main()
