# What runs when this module is imported, beyond guards and version tests (ModuleRun).
import os
import platform
import sys
import contextlib
import importlib

PY2 = sys.version_info[0] == 2
PY3 = not PY2
WIN = sys.platform.startswith("win")
PYPY = hasattr(sys, "pypy_version_info") or platform.python_implementation() == "PyPy"
HEX = sys.hexversion >= 0x030C0000

if PY2:
    from StringIO import StringIO
elif PY3 and not WIN:
    from io import StringIO
if WIN:
    import _winconsole
if os.name == "nt" or platform.system() == "Windows":
    import winreg
if sys.implementation.name == "cpython" and not PYPY:
    import cpython_only
if sys.platform in ("darwin", "linux"):
    import unix_like
if HEX:
    import from_hexversion

try:
    set
except NameError:
    from sets import Set as set

try:
    unicode
except NameError:
    unicode = str

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

try:
    from . import _imaging as core
except ImportError:
    core = None
    raise

try:
    import fast_thing
except ModuleNotFoundError:
    import slow_thing

with contextlib.suppress(ImportError):
    import optional_extra

for package in ("urllib3", "idna"):
    locals()[package] = __import__(package)

for name in names_from_somewhere:
    import in_unknown_loop

engine = importlib.import_module("engine")

if unknown_flag:
    import maybe_there
else:
    import otherwise_there

match sys.platform:
    case "linux":
        import in_case

if __name__ == "__main__":
    import only_as_script

    def lambda_handler(event, context):
        return None

if sys.version_info >= (3, 13):
    raise ImportError("not yet")

import after_all
