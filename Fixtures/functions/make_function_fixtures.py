#!/usr/bin/env python3
"""Makes the function-package fixtures of Fixtures/functions/ (Python's zipfile, fixed
times, so that a re-run gives the same bytes) and the function configurations that name
their handlers (the shape of `aws lambda get-function-configuration`, made-up values).

    python3 Fixtures/functions/make_function_fixtures.py

The code is written for these fixtures: handlers and imports of each kind F001 and F002
tell apart. Tests/LayerLintTests/Rules/FunctionRulesTests.swift pins the findings of each.
"""
import json
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

LAMBDA_FUNCTION = '''"""Orders API. Docstrings and strings never import: import not_an_import."""
import json
import os, sys as system
import sys
import boto3
import requests
import yaml as pyyaml
from app.core import process
from app import (
    util,
)
import app.routes; import asyncore
from xml.etree import \\
    ElementTree
import helpers
# import commented_out
text = "import in_a_string"
template = f"{json.dumps({'import': 'fake'})} import in_an_fstring"
try:
    import ujson as fast_json
except ImportError:
    fast_json = json
try:
    import simplejson
except (ModuleNotFoundError, ValueError):
    simplejson = None
if sys.version_info < (3, 9):
    import importlib_metadata
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


def lambda_handler(event, context):
    import orjson
    return process(event)
'''

FUNCTIONS = {
    # Every kind of import; handler lambda_function.lambda_handler.
    "fn-imports.zip": {
        "lambda_function.py": LAMBDA_FUNCTION,
        "app/__init__.py": "from .core import process\n",
        "app/core.py": "from .util import helper\nfrom . import routes\nfrom .settings import load\n\n\n"
        "def process(event):\n    return helper(event)\n",
        "app/util.py": "def helper(event):\n    return event\n",
        "app/routes.py": "ROUTES = {}\n",
        "helpers.py": "from . import app\n",
        # Never imported by the handler: tests and packaging scripts are not checked.
        "tests/test_handler.py": "import pytest\n",
        "setup.py": "import setuptools\n",
    },
    # The handler's module sits one folder down: app.handler fails, src/app.handler works.
    "fn-handler-subfolder.zip": {
        "src/app.py": "import json\n\n\ndef handler(event, context):\n    return json.dumps(event)\n",
    },
    # lambda_function.lambda_handler, but the function is called handler.
    "fn-handler-missing-function.zip": {
        "lambda_function.py": "def handler(event, context):\n    return event\n\n\nRETRIES = 3\n",
    },
    # The handler is a module-level assignment (as Mangum(app) makes one).
    "fn-handler-assigned.zip": {
        "app.py": "def make():\n    def run(event, context):\n        return event\n    return run\n\n\n"
        "handler = make()\n",
    },
    # An async def handler: not awaited by the runtime.
    "fn-handler-async.zip": {
        "app.py": "async def handler(event, context):\n    return event\n",
    },
    # The handler is defined only when the file runs as a script: never on Lambda.
    "fn-handler-main-guard.zip": {
        "lambda_function.py": "import json\n\nif __name__ == \"__main__\":\n"
        "    def lambda_handler(event, context):\n        return json.dumps(event)\n\n"
        "    print(lambda_handler({}, None))\n",
    },
    # A syntax error in the handler's module.
    "fn-handler-syntax.zip": {
        "app.py": "import json\n\n\ndef handler(event, context):\n    return json.dumps({\"a\": [1, 2)\n",
    },
}

# Function configurations: (file, handler, runtime).
CONFIGS = [
    ("config-lambda-function.json", "lambda_function.lambda_handler", "python3.11"),
    ("config-lambda-function-312.json", "lambda_function.lambda_handler", "python3.12"),
    ("config-app-handler.json", "app.handler", "python3.12"),
    ("config-src-app-handler.json", "src/app.handler", "python3.12"),
    ("config-no-dot.json", "handler", "python3.12"),
]


def write_zip(name, files):
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files.items():
            info = zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)


def main():
    for name, files in FUNCTIONS.items():
        write_zip(name, files)
    for file, handler, runtime in CONFIGS:
        config = {
            "FunctionName": "orders-api",
            "FunctionArn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
            "Runtime": runtime, "Handler": handler, "PackageType": "Zip",
            "Architectures": ["x86_64"], "Layers": [],
        }
        with open(os.path.join(HERE, file), "w") as out:
            json.dump(config, out, indent=4)
            out.write("\n")
    print(f"wrote {len(FUNCTIONS)} function packages and {len(CONFIGS)} configurations")


if __name__ == "__main__":
    main()
