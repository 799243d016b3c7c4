#!/usr/bin/env python3
"""Writes golden cases for PythonPackaging from the reference implementation, `packaging`.

    python3 Fixtures/golden/make_golden.py

Inputs come from two places:
  * real metadata shapes: the `Version` and `Requires-Dist` fields of every distribution
    installed in the Python running this script (header fields only, no other text);
  * generated edge cases: every spelling PEP 440 and PEP 508 allow and many they do not.

Outputs (JSON, one file per concern, each recording the packaging version used):
  versions.json       parse result and normalized parts of each version string
  version-order.json  comparison of version pairs (-1, 0, 1)
  specifiers.json     specifier-set validity and containment, with and without pre-releases
  requirements.json   PEP 508 parse results (name, extras, specifier, URL, marker)
  markers.json        marker evaluation under Lambda environments (python3.8-3.14 x
                      x86_64/aarch64 x extras)
  names.json          PEP 503 normalization and validity of distribution names
  tags.json           expansion of (compressed) wheel tag sets, from real WHEEL files
  metadata.json       METADATA headers of installed distributions, reduced to the
                      structural fields (no summaries or descriptions), and what
                      packaging.metadata.parse_email reads from them
The Swift tests in Tests/PythonPackagingTests must agree with every case.
"""
import importlib.metadata
import itertools
import json
import os
import random
import sys

import packaging
from packaging.markers import InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.metadata import parse_email
from packaging.tags import parse_tag
from packaging.utils import InvalidName, canonicalize_name
from packaging.version import InvalidVersion, Version

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = random.Random(20261125)
GENERATOR = {"script": "Fixtures/golden/make_golden.py", "packaging": packaging.__version__,
             "python": sys.version.split()[0]}


def installed():
    return sorted(importlib.metadata.distributions(), key=lambda d: (d.metadata["Name"] or "").lower())


def real_versions():
    return sorted({d.version for d in installed()})


def real_requirements():
    return sorted({r for d in installed() for r in (d.requires or [])})


def generated_versions():
    cases = set()
    releases = ["0", "1", "1.0", "1.0.0", "01.02", "1.2.3.4.5", "2024.1.15", "0!1", "1!1.0", "3.11", "10"]
    pres = ["", "a", "a1", "alpha2", "b0", "beta", "c3", "rc1", "RC", "pre4", "preview", "-a1", ".b2", "_rc3",
            "a.1", "a-1", "a_1", "a."]
    posts = ["", ".post1", "post", "-1", "-post2", "_r3", "rev4", ".post", "-r"]
    devs = ["", ".dev1", "dev", "-dev2", "_dev", ".dev.3"]
    locals_ = ["", "+local", "+ubuntu.1", "+abc-1_2", "+001", "+A.B"]
    for release, pre, post, dev, local in itertools.product(releases[:6], pres, posts, devs[:4], locals_[:3]):
        if RNG.random() < 0.25:
            cases.add(release + pre + post + dev + local)
    cases.update(r + p for r in releases for p in pres)
    cases.update("1.0" + p for p in posts + devs + locals_)
    cases.update([
        "v1.0", "V2.0", "  1.0  ", "\t1.0\n", "1.0 ", "", " ", "1", "1.", ".1", "1..0", "1.0-", "1.0+",
        "1.0+.", "1.0+a..b", "1.0+a_", "1.0++a", "1.0a1b2", "1.0.post1.post2", "1.0.dev1.dev2", "1.0-1-1",
        "2004d", "1.0.x", "latest", "1,0", "1.0;", "~1.0", "1.0\u00a0", "\u00a01.0", "1.0\x1c", "١.٠",
        "1!", "!1", "1!2!3", "1.0+ubuntu-1.2_x", "1.0-r", "1.0r", "1.0c", "1.0.c1", "1.0-preview.7",
        "1.0alpha", "1.0ALPHA1", "1.0Dev3", "1.0POST", "1.0.dev-1", "1.0dev.", "1.0.post.", "1.0a.post1",
        "0.0.0", "00", "1.0.0.0.0", "18446744073709551615", "1.0+18446744073709551615",
        "1.0.post1+abc.2", "1.0a1.post2.dev3+xyz", "1!2.3rc4.post5.dev6+seven.8",
    ])
    return sorted(cases)


def version_record(text):
    try:
        v = Version(text)
    except InvalidVersion:
        return {"input": text, "valid": False}
    return {
        "input": text, "valid": True, "normalized": str(v), "public": v.public,
        "base": v.base_version, "epoch": v.epoch, "release": list(v.release),
        "pre": list(v.pre) if v.pre else None, "post": v.post, "dev": v.dev, "local": v.local,
        "is_prerelease": v.is_prerelease, "is_postrelease": v.is_postrelease,
        "is_devrelease": v.is_devrelease,
    }


def order_pairs(valid):
    pool = sorted(valid)
    pairs = set()
    for _ in range(1500):
        pairs.add((RNG.choice(pool), RNG.choice(pool)))
    ordered = sorted(pool, key=Version)
    for a, b in zip(ordered, ordered[1:]):
        pairs.add((a, b))
    return [[a, b, (Version(a) > Version(b)) - (Version(a) < Version(b))] for a, b in sorted(pairs)]


SPEC_VERSIONS = ["1.0", "1.0.0", "1.0a1", "1.0rc1", "1.0.dev1", "1.0.post1", "1.0+local", "1.0.post1+local",
                 "1.1", "1.1.dev0", "1.2.3", "1.2.3a1", "1.2.3.post4", "2.0", "2.0b2", "2.1", "2.2", "2.2.1",
                 "3.0.0rc1", "0.9", "1!1.0", "1.0.1", "1.5.2", "2.0.post1", "2.0+ubuntu.1", "foo", "1.0-1"]


def generated_specifiers():
    versions = ["1.0", "1.0.0", "1", "1.0a1", "1.0.post1", "1.0.dev1", "2.2", "2.2.0", "2.2.post3", "2.2rc1",
                "1!1.0", "1.0+local"]
    specs = set()
    for op in ["==", "!=", "<", "<=", ">", ">=", "~=", "==="]:
        for v in versions:
            specs.add(op + v)
    specs.update(["==1.*", "==1.0.*", "!=1.0.*", "==2.2.*", "==1!1.*", "~=2.2.post3", "~=2.2rc1", "~=2.2.0",
                  "~=1", "==1.*.*", "<1.0.*", ">=1.0+local", "===foo", "===1.0", "", " >= 1.0 ", ">=1.0,<2",
                  ">=1.0, !=1.5.*, <3.0", ">1.0a1", "<2.0a1", "<=2.0.post1", ">1.0.post1", ">1.0",
                  "~=2.2.RC1", "~=2.2.c1", "~=2.2.r1", "~=v2.2", "==v1.0", "< 2", ">= 1.0 , < 2.0", ">=1.0,",
                  ",", ">=1.0 <2.0", "=1.0", "==1.0.*+local", "~=1.0.dev1", ">=1.0a", "<=1.0+x",
                  "==1.0a1.*", "!=1.0.post1.*"])
    return sorted(specs)


def specifier_records(specs):
    records = []
    for spec in specs:
        try:
            ss = SpecifierSet(spec)
        except InvalidSpecifier:
            records.append({"specifier": spec, "valid": False})
            continue
        cases = []
        for version in SPEC_VERSIONS:
            for prereleases in (None, True, False):
                cases.append([version, prereleases, ss.contains(version, prereleases=prereleases)])
        records.append({"specifier": spec, "valid": True, "cases": cases})
    return records


def requirement_record(text):
    try:
        r = Requirement(text)
    except InvalidRequirement:
        return {"input": text, "valid": False}
    return {"input": text, "valid": True, "name": r.name, "extras": sorted(r.extras),
            "specifier": str(r.specifier), "url": r.url, "marker": str(r.marker) if r.marker else None}


def generated_requirements():
    return sorted({
        "requests", "requests>=2.0", "requests [security,socks] >= 2.8.1, == 2.8.*",
        "requests[security]", "requests[ security , socks ]", "requests[]", "requests (>=2.0)", "requests(>=2.0)",
        "name @ https://example.com/name-1.0.tar.gz", "name@https://x/y.whl ; python_version >= '3.8'",
        "name @ file:///tmp/x.whl;python_version>='3'", "pip @ https://x/y.zip",
        "idna<4,>=2.5", "urllib3<3,>=1.21.1", "certifi>=2017.4.17", "charset-normalizer<4,>=2",
        "PySocks!=1.5.7,>=1.5.6; extra == \"socks\"", "chardet<6,>=3.0.2; extra == \"use_chardet_on_py3\"",
        "pywin32>=226; sys_platform == \"win32\"", "importlib-metadata; python_version < \"3.8\"",
        "typing-extensions>=4.6.0; python_version < '3.13'", "numpy>=1.22.4; python_version < '3.11'",
        "foo; os_name == 'nt' or (platform_machine == 'aarch64' and python_version >= '3.9')",
        "foo; 'linux' in sys_platform", "foo; platform.machine == 'x86_64'", "foo; os.name == 'posix'",
        "foo; python_implementation == 'CPython'", "foo; implementation_name == \"cpython\"",
        "foo; extra == 'Test_Extra'", "foo; extra == 'a' and extra == 'b'",
        "", "1foo", "-foo", "foo==", "foo>=1.0.*", "foo>=1.0+local", "foo[bar", "foo[bar baz]", "foo;",
        "foo; python_version", "foo; python_version >= ", "foo; (python_version >= '3.8'",
        "foo bar", "foo==1.0 bar", "foo @", "foo @ https://x y", "foo; foo == 'bar'", "foo==1.0;extra=='x'",
        "foo==1.0 ; extra == 'x'", "foo.bar_baz-qux>1", "Foo_Bar[Extra_One]>=1",
        "foo; python_version ~= '3.8'", "foo; python_version === '3.8'", "foo; python_version not in '3.6 3.7'",
        "foo; python_version in '3.10 3.11'", "foo; 'x' not in platform_release",
        "foo; extras == 'x'", "foo; dependency_groups == 'dev'", "foo; python_full_version >= '3.11.0rc1'",
    })


PYTHONS = {"3.8": "3.8.20", "3.9": "3.9.23", "3.10": "3.10.18", "3.11": "3.11.13", "3.12": "3.12.11",
           "3.13": "3.13.7", "3.14": "3.14.0"}


def environments():
    for (minor, full), machine, extra in itertools.product(PYTHONS.items(), ["x86_64", "aarch64"],
                                                           ["", "socks", "security"]):
        yield {
            "implementation_name": "cpython", "implementation_version": full, "os_name": "posix",
            "platform_machine": machine, "platform_release": "5.10.240-238.959.amzn2.x86_64",
            "platform_system": "Linux", "platform_version": "#1 SMP", "python_full_version": full,
            "platform_python_implementation": "CPython", "python_version": minor, "sys_platform": "linux",
            "extra": extra,
        }


def generated_markers():
    return sorted({
        "python_version < '3.8'", "python_version >= '3.9'", "python_version == '3.11'", "python_version != '3.12'",
        "python_version > '3.10'", "python_version <= '3.10'", "python_version ~= '3.9'", "python_version == '3.1*'",
        "python_version == '3.*'", "python_version === '3.11'", "python_version in '3.8 3.9'",
        "python_version not in '3.10, 3.11'", "'3.9' < python_version", "python_full_version >= '3.11.4'",
        "python_full_version < '3.13.0rc1'", "python_version < 'foo'", "python_version == 'foo'",
        "platform_machine == 'x86_64'", "platform_machine == 'aarch64'", "platform_machine != 'arm64'",
        "platform_machine in 'x86_64 AMD64'", "platform_machine < 'z'", "platform_machine >= 'x86_64'",
        "sys_platform == 'linux'", "sys_platform == 'win32'", "sys_platform != 'darwin'",
        "'linux' in sys_platform", "os_name == 'nt'", "platform_system == 'Linux'",
        "platform_python_implementation == 'CPython'", "platform_python_implementation == 'PyPy'",
        "implementation_name == 'cpython'", "implementation_version >= '3.11'",
        "platform_release >= '5'", "'amzn2' in platform_release", "platform_version == '#1 SMP'",
        "extra == 'socks'", "extra == 'Socks'", "extra == 'security'", "extra != 'socks'",
        "extra == 'socks' or extra == 'security'", "extra == 'socks' and python_version >= '3.8'",
        "(python_version >= '3.8' and platform_machine == 'aarch64') or extra == 'security'",
        "python_version >= '3.8' and (sys_platform == 'win32' or extra == 'socks')",
        "python_version < '3.11' or python_version >= '3.13' and platform_machine == 'x86_64'",
        "platform_machine == 'x86_64' and python_version >= '3.12' or extra == 'socks' and python_version < '3.9'",
        "((python_version >= '3.9'))", "python_version ~= '3.11.0'", "python_version >= \"3.10\"",
        "platform_machine ~= 'x86'", "os_name === 'posix'", "os_name == 'posix' or sys_platform ~= 'linux'",
        "(extra == 'Socks')", "extra == 'SOCKS' and (extra == 'Socks' or python_version >= '3')",
        "python_version == python_full_version", "'a\\tb' == os_name", "python_version >= '3.8' and",
        "python_version >= '3.8' or or", "python_version >=", "(python_version >= '3.8'", "extra",
        "python_version <> '3.8'", "python_version not '3.8'", "platform_machine == \"x86_64\"\n",
    })


def marker_records(markers):
    envs = list(environments())
    records = []
    for text in markers:
        try:
            marker = Marker(text)
        except InvalidMarker:
            records.append({"marker": text, "valid": False})
            continue
        results = []
        for env in envs:
            try:
                results.append(marker.evaluate(env))
            except (UndefinedComparison, UndefinedEnvironmentName) as error:
                results.append(type(error).__name__)
        records.append({"marker": text, "valid": True, "normalized": str(marker), "results": results})
    return {"environments": envs, "markers": records}


def name_records():
    names = {d.metadata["Name"] for d in installed() if d.metadata["Name"]}
    names.update(["Django", "oslo.concurrency", "zope.interface", "charset_normalizer", "Foo__Bar", "a", "A-",
                  "-a", "a..b", "a._-b", "1", "foo bar", "", "Ñame", "x.", "_x", "pydantic_core", "PyYAML",
                  "typing-extensions", "typing_extensions", "aws-lambda-powertools", "ruamel.yaml.clib"])
    records = []
    for name in sorted(names):
        try:
            canonicalize_name(name, validate=True)
            valid = True
        except InvalidName:
            valid = False
        records.append({"name": name, "normalized": canonicalize_name(name), "valid": valid})
    return records


def wheel_tag_lines():
    lines = set()
    for dist in installed():
        text = dist.read_text("WHEEL") or ""
        lines.update(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Tag:"))
    lines.update([
        "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64", "cp312-abi3-macosx_11_0_arm64",
        "py2.py3-none-any", "cp39.cp310.cp311-abi3-manylinux_2_28_aarch64", "cp313-cp313t-manylinux_2_34_x86_64",
        "pp310-pypy310_pp73-win_amd64", "CP311-CP311-WIN32", "cp311-none-linux_x86_64",
        "cp311-cp311-musllinux_1_2_x86_64", "py3-none-any-extra", "py3-none", "py3--any", "py3.-none-any",
        "cp37-cp37m-manylinux1_i686", "cp38-cp38-manylinux2010_x86_64",
    ])
    return sorted(lines)


def tag_records():
    records = []
    for line in wheel_tag_lines():
        try:
            tags = sorted(str(t) for t in parse_tag(line))
            records.append({"tag": line, "valid": True, "expanded": tags})
        except ValueError:
            records.append({"tag": line, "valid": False})
    return records


STRUCTURAL_FIELDS = ("metadata-version", "name", "version", "requires-python", "requires-dist", "provides-extra")


def metadata_records():
    records = []
    for dist in installed():
        text = dist.read_text("METADATA") or dist.read_text("PKG-INFO")
        if not text:
            continue
        header = text.split("\n\n", 1)[0]
        kept = [line for line in header.splitlines() if line.split(":", 1)[0].lower() in STRUCTURAL_FIELDS]
        reduced = "\n".join(kept) + "\n\nbody text that the reader must ignore\nName: not-a-field\n"
        raw, _ = parse_email(reduced)
        records.append({
            "text": reduced, "name": raw.get("name"), "version": raw.get("version"),
            "requires_python": raw.get("requires_python"), "requires_dist": raw.get("requires_dist", []),
            "provides_extra": raw.get("provides_extra", []), "metadata_version": raw.get("metadata_version"),
        })
    return records


def write(name, cases):
    """Writes {"generator": ..., "cases": ...} with one case per line, so diffs stay readable."""
    def line(value):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    if isinstance(cases, dict):  # markers: environments and markers, each a list
        body = ",\n".join(f" {line(key)}: [\n" + ",\n".join("  " + line(c) for c in cases[key]) + "\n ]"
                          for key in sorted(cases))
        cases_text = "{\n" + body + "\n}"
    else:
        cases_text = "[\n" + ",\n".join(" " + line(c) for c in cases) + "\n]"
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as handle:
        handle.write('{"generator": ' + line(GENERATOR) + ',\n"cases": ' + cases_text + "}\n")


def main():
    versions = sorted(set(real_versions()) | set(generated_versions()))
    version_records = [version_record(v) for v in versions]
    write("versions.json", version_records)
    write("version-order.json", order_pairs([r["input"] for r in version_records if r["valid"]
                                              and not any(len(str(n)) > 18 for n in r["release"])]))
    real_specs = sorted({str(Requirement(r).specifier) for r in real_requirements()} - {""})
    write("specifiers.json", specifier_records(sorted(set(real_specs) | set(generated_specifiers()))))
    write("requirements.json", [requirement_record(r) for r in sorted(set(real_requirements())
                                                                       | set(generated_requirements()))])
    real_markers = sorted({str(Requirement(r).marker) for r in real_requirements() if Requirement(r).marker})
    write("markers.json", marker_records(sorted(set(real_markers) | set(generated_markers()))))
    write("names.json", name_records())
    write("tags.json", tag_records())
    write("metadata.json", metadata_records())


if __name__ == "__main__":
    main()
