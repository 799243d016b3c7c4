import sys
try:
    import simplejson as json
except ImportError:
    import json

try:
    import ujson
except (ValueError, ModuleNotFoundError) as error:
    ujson = None

try:
    import orjson
except Exception:
    pass

try:
    import yaml
except:
    yaml = None

try:
    import must_exist
except KeyError:
    pass
finally:
    import always_run

try:
    import tomli
except ImportError:
    pass
else:
    import after_tomli

from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
else:
    S3Client = object

import typing
if typing.TYPE_CHECKING:
    import only_for_types

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

if sys.version_info < (3, 8):
    import importlib_metadata
elif sys.version_info[:2] == (3, 12):
    import for_312
else:
    import newer

if sys.version_info[0] == 2:
    import urllib2

def handler(event, context):
    import boto3
    try:
        import optional_inside
    except ImportError:
        return None
    return boto3

class Config:
    import settings_module
    value = 1

async def worker():
    import aioitertools

if True: import inline_body
with open("x") as stream, open("y") as (a, b): import in_with
for item in range(3): import in_for
while False:
    import in_while
