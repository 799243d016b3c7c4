#!/usr/bin/env python3
"""Makes the dependency fixtures (deps-*.zip) of Fixtures/layers/.

    python3 Fixtures/layers/make_dependency_fixtures.py      (Python 3.11: it compiles one .pyc)

Each layer is what `pip install --target python ...` leaves, reduced: a `.dist-info` folder
per distribution with the METADATA header fields of the real release (copied from the
wheels on PyPI: Name, Version, Requires-Python, Requires-Dist, Provides-Extra), WHEEL,
INSTALLER, top_level.txt where the wheel has one, and a RECORD computed over the stub files
as pip computes it (sha256, size; the __pycache__ files pip would compile are listed too,
and left out, as people who trim caches do). Module files are stubs. Most layers are zipped
with Info-ZIP `zip -r` from the folder's parent, two with Python's zipfile.

The tests in Tests/LayerLintTests/Rules/DependencyRulesTests.swift and
Tests/EndToEndTests/CheckCommandTests.swift pin the findings of each layer.
"""
import base64
import hashlib
import importlib.util
import os
import py_compile
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "zip"))
from make_fixtures import FIXED_EPOCH, FIXED_TIME, write_tree  # noqa: E402

STUB = "# stub module\n"

# What the real release's top-level module imports when it is imported (written here, not
# copied: the import statements only, in the real order, with the real guards), so that the
# import model meets in a stub what it meets in the package: requests fails on a missing
# idna (requests/packages.py imports it), boto3 imports botocore, botocore its dependencies.
IMPORTS = {
    ("requests", "2.32.3"): (
        "# stub: the imports requests 2.32.3 makes when it is imported\n"
        "import urllib3\n"
        "try:\n    from charset_normalizer import __version__ as charset_normalizer_version\n"
        "except ImportError:\n    charset_normalizer_version = None\n"
        "import idna  # requests/packages.py\n"
        "import certifi  # requests/certs.py\n"),
    ("requests", "2.25.1"): (
        "# stub: the imports requests 2.25.1 makes when it is imported\n"
        "import urllib3\nimport chardet\nimport idna\nimport certifi\n"),
    ("requests", "2.25.0"): (
        "# stub: the imports requests 2.25.0 makes when it is imported\n"
        "import urllib3\nimport chardet\nimport idna\nimport certifi\n"),
    ("boto3", "1.35.36"): "# stub: the imports boto3 makes when it is imported\nimport botocore\n",
    ("botocore", "1.35.36"): (
        "# stub: the imports botocore makes when boto3 creates a session\n"
        "import jmespath\nimport dateutil\nimport urllib3\n"),
    ("s3transfer", "0.10.3"): "# stub: the imports s3transfer makes when it is imported\nimport botocore\n",
    ("python-dateutil", "2.9.0.post0"): "# stub: the imports dateutil makes when it is imported\nimport six\n",
    ("docker", "7.1.0"): "# stub: the imports docker makes when it is imported\nimport requests\nimport urllib3\n",
    ("click", "8.1.7"): (
        "# stub: the imports click makes when it is imported\nimport sys\n"
        "if sys.platform.startswith(\"win\"):\n    import colorama\n"),
}

# The METADATA headers of real releases (fields as published in their wheels).
METADATA = {
    ("requests", "2.32.3"): """Metadata-Version: 2.1
Name: requests
Version: 2.32.3
Requires-Python: >=3.8
Requires-Dist: charset-normalizer <4,>=2
Requires-Dist: idna <4,>=2.5
Requires-Dist: urllib3 <3,>=1.21.1
Requires-Dist: certifi >=2017.4.17
Provides-Extra: security
Provides-Extra: socks
Requires-Dist: PySocks !=1.5.7,>=1.5.6 ; extra == 'socks'
Provides-Extra: use_chardet_on_py3
Requires-Dist: chardet <6,>=3.0.2 ; extra == 'use_chardet_on_py3'
""",
    ("requests", "2.25.1"): """Metadata-Version: 2.1
Name: requests
Version: 2.25.1
Requires-Python: >=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*
Requires-Dist: chardet (<5,>=3.0.2)
Requires-Dist: idna (<3,>=2.5)
Requires-Dist: urllib3 (<1.27,>=1.21.1)
Requires-Dist: certifi (>=2017.4.17)
Provides-Extra: security
Requires-Dist: pyOpenSSL (>=0.14) ; extra == 'security'
Requires-Dist: cryptography (>=1.3.4) ; extra == 'security'
Provides-Extra: socks
Requires-Dist: PySocks (!=1.5.7,>=1.5.6) ; extra == 'socks'
Requires-Dist: win-inet-pton ; (sys_platform == "win32" and python_version == "2.7") and extra == 'socks'
""",
    ("urllib3", "2.2.3"): """Metadata-Version: 2.3
Name: urllib3
Version: 2.2.3
Requires-Python: >=3.8
Provides-Extra: brotli
Requires-Dist: brotli>=1.0.9; (platform_python_implementation == 'CPython') and extra == 'brotli'
Requires-Dist: brotlicffi>=0.8.0; (platform_python_implementation != 'CPython') and extra == 'brotli'
Provides-Extra: h2
Requires-Dist: h2<5,>=4; extra == 'h2'
Provides-Extra: socks
Requires-Dist: pysocks!=1.5.7,<2.0,>=1.5.6; extra == 'socks'
Provides-Extra: zstd
Requires-Dist: zstandard>=0.18.0; extra == 'zstd'
""",
    ("urllib3", "1.26.20"): """Metadata-Version: 2.1
Name: urllib3
Version: 1.26.20
Requires-Python: >=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*, !=3.5.*
Provides-Extra: brotli
Requires-Dist: brotli>=1.0.9; (python_version >= "3" and platform_python_implementation == "CPython") and extra == "brotli"
Provides-Extra: secure
Requires-Dist: pyOpenSSL>=0.14; extra == "secure"
Requires-Dist: cryptography>=1.3.4; extra == "secure"
Requires-Dist: idna>=2.0.0; extra == "secure"
Requires-Dist: certifi; extra == "secure"
Requires-Dist: ipaddress; python_version == "2.7" and extra == "secure"
Provides-Extra: socks
Requires-Dist: PySocks!=1.5.7,<2.0,>=1.5.6; extra == "socks"
""",
    ("idna", "3.10"): """Metadata-Version: 2.1
Name: idna
Version: 3.10
Requires-Python: >=3.6
Requires-Dist: ruff >= 0.6.2 ; extra == "all"
Requires-Dist: mypy >= 1.11.2 ; extra == "all"
Requires-Dist: pytest >= 8.3.2 ; extra == "all"
Requires-Dist: flake8 >= 7.1.1 ; extra == "all"
Provides-Extra: all
""",
    ("certifi", "2024.8.30"): "Metadata-Version: 2.1\nName: certifi\nVersion: 2024.8.30\nRequires-Python: >=3.6\n",
    ("charset-normalizer", "3.4.0"): """Metadata-Version: 2.1
Name: charset-normalizer
Version: 3.4.0
Requires-Python: >=3.7.0
Provides-Extra: unicode_backport
""",
    # The releases before deps-conflict.zip's (the layer before an upgrade; requests 2.25.0
    # is below: its METADATA is 2.25.1's with chardet<4).
    ("idna", "3.7"): "Metadata-Version: 2.1\nName: idna\nVersion: 3.7\nRequires-Python: >=3.5\n",
    ("chardet", "3.0.4"): "Metadata-Version: 2.0\nName: chardet\nVersion: 3.0.4\n",
    ("chardet", "4.0.0"): """Metadata-Version: 2.1
Name: chardet
Version: 4.0.0
Requires-Python: >=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*
""",
    ("boto3", "1.35.36"): """Metadata-Version: 2.1
Name: boto3
Version: 1.35.36
Requires-Python: >= 3.8
Requires-Dist: botocore (<1.36.0,>=1.35.36)
Requires-Dist: jmespath (<2.0.0,>=0.7.1)
Requires-Dist: s3transfer (<0.11.0,>=0.10.0)
Provides-Extra: crt
Requires-Dist: botocore[crt] (<2.0a0,>=1.21.0) ; extra == 'crt'
""",
    ("botocore", "1.35.36"): """Metadata-Version: 2.1
Name: botocore
Version: 1.35.36
Requires-Python: >= 3.8
Requires-Dist: jmespath (<2.0.0,>=0.7.1)
Requires-Dist: python-dateutil (<3.0.0,>=2.1)
Requires-Dist: urllib3 (<1.27,>=1.25.4) ; python_version < "3.10"
Requires-Dist: urllib3 (!=2.2.0,<3,>=1.25.4) ; python_version >= "3.10"
Provides-Extra: crt
Requires-Dist: awscrt (==0.22.0) ; extra == 'crt'
""",
    ("s3transfer", "0.10.3"): """Metadata-Version: 2.1
Name: s3transfer
Version: 0.10.3
Requires-Python: >= 3.8
Requires-Dist: botocore (<2.0a.0,>=1.33.2)
Provides-Extra: crt
Requires-Dist: botocore[crt] (<2.0a.0,>=1.33.2) ; extra == 'crt'
""",
    ("jmespath", "1.0.1"): "Metadata-Version: 2.1\nName: jmespath\nVersion: 1.0.1\nRequires-Python: >=3.7\n",
    ("python-dateutil", "2.9.0.post0"): """Metadata-Version: 2.1
Name: python-dateutil
Version: 2.9.0.post0
Requires-Python: !=3.0.*,!=3.1.*,!=3.2.*,>=2.7
Requires-Dist: six >=1.5
""",
    ("six", "1.16.0"): "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\nRequires-Python: >=2.7, !=3.0.*, !=3.1.*, !=3.2.*\n",
    ("click", "8.1.7"): """Metadata-Version: 2.1
Name: click
Version: 8.1.7
Requires-Python: >=3.7
Requires-Dist: colorama ; platform_system == "Windows"
Requires-Dist: importlib-metadata ; python_version < "3.8"
""",
    ("click", "8.2.1"): """Metadata-Version: 2.4
Name: click
Version: 8.2.1
Requires-Python: >=3.10
Requires-Dist: colorama; platform_system == 'Windows'
""",
    ("docker", "7.1.0"): """Metadata-Version: 2.3
Name: docker
Version: 7.1.0
Requires-Python: >=3.8
Requires-Dist: pywin32>=304; sys_platform == 'win32'
Requires-Dist: requests>=2.26.0
Requires-Dist: urllib3>=1.26.0
Provides-Extra: dev
Requires-Dist: coverage==7.2.7; extra == 'dev'
Requires-Dist: pytest==7.4.2; extra == 'dev'
Provides-Extra: ssh
Requires-Dist: paramiko>=2.4.3; extra == 'ssh'
Provides-Extra: websockets
Requires-Dist: websocket-client>=1.3.0; extra == 'websockets'
""",
    ("types-requests", "2.32.0.20240914"): """Metadata-Version: 2.1
Name: types-requests
Version: 2.32.0.20240914
Requires-Python: >=3.8
Requires-Dist: urllib3>=2
""",
    ("selenium", "4.25.0"): """Metadata-Version: 2.1
Name: selenium
Version: 4.25.0
Requires-Python: >=3.8
Requires-Dist: urllib3[socks]>=1.26,<3
Requires-Dist: trio~=0.17
Requires-Dist: trio-websocket~=0.9
Requires-Dist: certifi>=2021.10.8
Requires-Dist: typing_extensions~=4.9
Requires-Dist: websocket-client~=1.8
""",
}
METADATA[("requests", "2.25.0")] = METADATA[("requests", "2.25.1")].replace(
    "Version: 2.25.1", "Version: 2.25.0").replace("chardet (<5,>=3.0.2)", "chardet (<4,>=3.0.2)")


# Stub files of each distribution (a few of the real module names), and its top_level.txt
# (None where the real wheel has none).
FILES = {
    "requests": (["requests/__init__.py", "requests/adapters.py", "requests/api.py", "requests/models.py",
                  "requests/sessions.py"], "requests"),
    "urllib3": (["urllib3/__init__.py", "urllib3/connection.py", "urllib3/fields.py", "urllib3/poolmanager.py",
                 "urllib3/contrib/__init__.py", "urllib3/contrib/socks.py"], None),
    "idna": (["idna/__init__.py", "idna/core.py", "idna/idnadata.py"], None),
    "certifi": (["certifi/__init__.py", "certifi/core.py", "certifi/cacert.pem"], "certifi"),
    "charset-normalizer": (["charset_normalizer/__init__.py", "charset_normalizer/api.py", "../../bin/normalizer"],
                           "charset_normalizer"),
    "chardet": (["chardet/__init__.py", "chardet/universaldetector.py"], "chardet"),
    "boto3": (["boto3/__init__.py", "boto3/session.py"], "boto3"),
    "botocore": (["botocore/__init__.py", "botocore/session.py", "botocore/data/endpoints.json"], "botocore"),
    "s3transfer": (["s3transfer/__init__.py", "s3transfer/manager.py"], "s3transfer"),
    "jmespath": (["jmespath/__init__.py", "jmespath/parser.py"], "jmespath"),
    "python-dateutil": (["dateutil/__init__.py", "dateutil/parser/__init__.py"], "dateutil"),
    "six": (["six.py"], "six"),
    "click": (["click/__init__.py", "click/core.py"], "click"),
    "docker": (["docker/__init__.py", "docker/client.py"], None),
    "types-requests": (["requests-stubs/__init__.pyi", "requests-stubs/api.pyi"], None),
    "selenium": (["selenium/__init__.py", "selenium/webdriver/__init__.py"], "selenium"),
}

WHEEL = "Wheel-Version: 1.0\nGenerator: bdist_wheel (0.44.0)\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def distribution(name, version, prefix="python/", drop=(), without=()):
    """The files `pip install --target` writes for one distribution, under `prefix`.

    `drop` names files listed in RECORD but left out of the layer; `without` names
    .dist-info files left out entirely (METADATA, RECORD).
    """
    modules, top_level = FILES[name]
    folder = f"{name.replace('-', '_')}-{version}.dist-info"
    files = {}
    for module in modules:
        files[module] = "#!python\n# stub console script\n" if module.startswith("../") else STUB
    # The package's `__init__` (or its single module) makes its real top-level imports.
    if (name, version) in IMPORTS:
        files[modules[0]] = IMPORTS[(name, version)]
    meta = {"METADATA": METADATA[(name, version)] + "\nThe long description is not part of the fixture.\n",
            "WHEEL": WHEEL, "INSTALLER": "pip\n"}
    if top_level:
        meta["top_level.txt"] = top_level + "\n"
    for file, text in meta.items():
        files[f"{folder}/{file}"] = text
    rows = []
    for path, text in files.items():
        data = text.encode()
        rows.append(f"{path},{record_hash(data)},{len(data)}")
    # pip compiles each module and lists the cache file.
    for module in modules:
        if module.endswith(".py") and not module.startswith("../"):
            head, tail = os.path.split(module)
            cache = os.path.join(head, "__pycache__", tail[:-3] + ".cpython-311.pyc")
            rows.append(f"{cache},,")
    rows.append(f"{folder}/RECORD,,")
    files[f"{folder}/RECORD"] = "\n".join(sorted(rows)) + "\n"
    result = {}
    for path, text in files.items():
        if path in drop or path.split("/")[-1] in without and path.startswith(folder):
            continue
        # ../../bin/x relative to python/ lands in python/bin/ for `pip install --target python`.
        full = prefix + "bin/" + path.split("/")[-1] if path.startswith("../") else prefix + path
        result[full] = text
    return result


def layer(*distributions, extra=None):
    files = {}
    for item in distributions:
        files.update(item)
    files.update(extra or {})
    return files


REQUESTS_SET = [("requests", "2.32.3"), ("urllib3", "2.2.3"), ("idna", "3.10"), ("certifi", "2024.8.30"),
                ("charset-normalizer", "3.4.0")]


def requests_set(prefix="python/"):
    return layer(*(distribution(name, version, prefix) for name, version in REQUESTS_SET))


def pyc_header(magic):
    # A .pyc header: magic, flags 0, mtime 0, size 0, then no code (enough for the magic check).
    return magic.to_bytes(2, "little") + b"\r\n" + bytes(12)


def compiled_by_this_python(source):
    """A real .pyc compiled by the Python running this script (3.11)."""
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "module.py")
        with open(path, "w") as handle:
            handle.write(source)
        # A fixed dfile keeps the scratch folder's random name out of the code object.
        target = py_compile.compile(path, cfile=path + "c", dfile="module.py",
                                    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
        with open(target, "rb") as handle:
            return handle.read()


def bytecode_layer():
    stub = STUB
    own = compiled_by_this_python(stub)
    assert importlib.util.MAGIC_NUMBER == own[:4]
    return {
        "python/six.py": stub,
        "python/__pycache__/six.cpython-311.pyc": own,  # near miss: the runtime's own cache
        "python/__pycache__/six.cpython-312.pyc": pyc_header(3531),
        "python/__pycache__/helpers.cpython-312.pyc": pyc_header(3531),
        "python/legacy.pyc": pyc_header(3531),  # sourceless, for Python 3.12: cannot be imported by 3.11
        "python/compiled.pyc": own,  # sourceless, for Python 3.11: fine on python3.11
    }


EGG_INFO = {
    "python/legacy_tool/__init__.py": "# stub: legacy_tool imports requests\nimport requests\n",
    "python/legacy_tool-1.0-py3.11.egg-info/PKG-INFO": "Metadata-Version: 1.1\nName: legacy-tool\nVersion: 1.0\n",
    "python/legacy_tool-1.0-py3.11.egg-info/requires.txt": "requests>=2.0\n\n[:sys_platform == \"win32\"]\npywin32\n",
    "python/legacy_tool-1.0-py3.11.egg-info/top_level.txt": "legacy_tool\n",
}

LAYERS = {
    # The clean requests layer: pip install --target python requests.
    "deps-requests-complete.zip": requests_set(),
    # The classic mistake: pip install --no-deps (or only requests copied): the README's example.
    "deps-requests-nodeps.zip": distribution("requests", "2.32.3"),
    # The other classic mistake: everything at the root of the ZIP instead of under python/.
    "deps-requests-root.zip": requests_set(prefix=""),
    # Installed into the versioned path of another Python.
    "deps-requests-py312.zip": requests_set(prefix="python/lib/python3.12/site-packages/"),
    # Two layers that are complete only together.
    "deps-split-requests.zip": layer(*(distribution(n, v) for n, v in REQUESTS_SET if n in ("requests", "idna",
                                                                                          "charset-normalizer"))),
    "deps-split-urllib3.zip": layer(distribution("urllib3", "2.2.3"), distribution("certifi", "2024.8.30")),
    # requests/ copied by hand without its .dist-info, beside a properly installed urllib3.
    "deps-bare-folder.zip": layer({f"python/{path}": IMPORTS[("requests", "2.32.3")] if path.endswith("__init__.py")
                                   else STUB for path in FILES["requests"][0]},
                                  distribution("urllib3", "2.2.3")),
    # Trimmed by hand: two urllib3 modules deleted; six's METADATA deleted.
    "deps-trimmed.zip": layer(distribution("urllib3", "2.2.3", drop=("urllib3/fields.py", "urllib3/contrib/socks.py")),
                              distribution("six", "1.16.0", without=("METADATA",))),
    # Two layers with urllib3 in two versions (and six in both).
    "deps-urllib3-v1.zip": layer(distribution("urllib3", "1.26.20"), distribution("six", "1.16.0")),
    "deps-urllib3-v2.zip": layer(distribution("urllib3", "2.2.3", prefix="python/lib/python3.11/site-packages/"),
                                 distribution("six", "1.16.0")),
    # botocore without boto3 and s3transfer: half of the runtime's SDK replaced.
    "deps-botocore-only.zip": layer(*(distribution(n, v) for n, v in [
        ("botocore", "1.35.36"), ("jmespath", "1.0.1"), ("python-dateutil", "2.9.0.post0"), ("six", "1.16.0"),
        ("urllib3", "1.26.20")])),
    # The whole SDK pinned in a layer.
    "deps-boto3-stack.zip": layer(*(distribution(n, v) for n, v in [
        ("boto3", "1.35.36"), ("botocore", "1.35.36"), ("s3transfer", "0.10.3"), ("jmespath", "1.0.1"),
        ("python-dateutil", "2.9.0.post0"), ("six", "1.16.0"), ("urllib3", "1.26.20")])),
    # docker needs requests>=2.26.0 but an old requests (which needs idna<3) is installed.
    "deps-conflict.zip": layer(*(distribution(n, v) for n, v in [
        ("docker", "7.1.0"), ("requests", "2.25.1"), ("chardet", "4.0.0"), ("idna", "3.10"), ("urllib3", "1.26.20"),
        ("certifi", "2024.8.30")])),
    # The same layer before requests, idna and chardet were upgraded to deps-conflict.zip's
    # versions: the same two conflicts, with other versions in their messages and paths.
    "deps-conflict-before-upgrade.zip": layer(*(distribution(n, v) for n, v in [
        ("docker", "7.1.0"), ("requests", "2.25.0"), ("chardet", "3.0.4"), ("idna", "3.7"), ("urllib3", "1.26.20"),
        ("certifi", "2024.8.30")])),
    # Needs urllib3>=2 and does not bundle it: the runtime's copy is 1.26 on python3.9.
    "deps-types-requests.zip": distribution("types-requests", "2.32.0.20240914"),
    # selenium asks for urllib3[socks]: the extra's pysocks is required; trio & co. are missing.
    "deps-extras.zip": layer(distribution("selenium", "4.25.0"), distribution("urllib3", "2.2.3"),
                             distribution("certifi", "2024.8.30")),
    # Markers false on Lambda (Windows, Python < 3.8) and extras nobody asked for: nothing missing.
    "deps-markers.zip": layer(requests_set(), distribution("click", "8.1.7"), distribution("docker", "7.1.0")),
    # Requires-Python >=3.10.
    "deps-modern-click.zip": distribution("click", "8.2.1"),
    # A setuptools .egg-info whose requires.txt needs requests (and pywin32 on Windows only).
    "deps-egg-info.zip": EGG_INFO,
}

# Written with Python's zipfile instead of Info-ZIP, so the reader sees both writers.
PYTHON_ZIPFILE = {"deps-split-urllib3.zip", "deps-bytecode.zip"}


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit("run with Python 3.11: deps-bytecode.zip holds a .pyc compiled by the generating Python")
    layers = dict(LAYERS)
    layers["deps-bytecode.zip"] = bytecode_layer()
    with tempfile.TemporaryDirectory() as scratch:
        for name, files in layers.items():
            archive = os.path.join(HERE, name)
            if os.path.exists(archive):
                os.remove(archive)
            if name in PYTHON_ZIPFILE:
                with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
                    for path in sorted(files):
                        info = zipfile.ZipInfo(path, FIXED_TIME)
                        info.external_attr = 0o100644 << 16
                        info.compress_type = zipfile.ZIP_DEFLATED
                        data = files[path]
                        out.writestr(info, data if isinstance(data, bytes) else data.encode())
                continue
            root = os.path.join(scratch, name)
            write_tree(root, {path: text for path, text in files.items() if isinstance(text, str)})
            # pip makes console scripts executable.
            for path in files:
                if "bin/" in path:
                    os.chmod(os.path.join(root, path), 0o755)
            top = sorted({path.split("/")[0] for path in files})
            subprocess.run(["zip", "-q", "-X", "-r", archive, *top], cwd=root, check=True,
                           env=dict(os.environ, TZ="UTC"))


if __name__ == "__main__":
    main()
