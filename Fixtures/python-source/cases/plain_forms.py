"""Module docstring mentioning import fake_in_docstring."""
import os
import os.path, sys as system
import json as j; import re
from collections import OrderedDict
from urllib.parse import (
    urlparse,
    urljoin as join,
)
from typing import \
    Any, Optional
import xml.etree.ElementTree as ET
from . import sibling
from .helpers import tool
from ..parent import thing
from ... import far
from __future__ import annotations
# import fake_in_comment
text = "import fake_in_string"
other = '''
import fake_in_triple
'''
value = f"{os.sep!r:>{width}} import fake_in_fstring {{literal}}"
nested = f"{'import fake_nested'}"
