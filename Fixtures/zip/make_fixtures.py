#!/usr/bin/env python3
"""Makes the ZIP fixtures of Fixtures/zip/ with independent writers.

    python3 Fixtures/zip/make_fixtures.py          # rewrites every fixture in this folder

Writers:
  * Info-ZIP `zip` 3.0 (the `zip` command), run with TZ=UTC on files whose times are
    fixed, so that the DOS times in the archives do not depend on the machine;
  * Python's `zipfile` (the version running this script);
  * `RawZip` below, a deliberately naive writer used only for hostile archives that no
    well-behaved tool produces (overlaps, lying headers, wrong counts).

Module files are stubs; metadata files copy only header fields of real packages.
Each fixture is described where it is made, below. The script also writes
listings.json: what Python's zipfile lists for each fixture (golden data). The tests in
Tests/ZipArchiveTests/FixtureTests.swift compare the reader with it entry by entry and
assert each fixture's exact anomalies, so a change here must be followed by a look there.
"""
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import warnings
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIME = (2024, 1, 2, 3, 4, 6)
FIXED_EPOCH = 1704164646  # 2024-01-02T03:04:06Z

REQUESTS_METADATA = """\
Metadata-Version: 2.1
Name: requests
Version: 2.32.3
Summary: Python HTTP for Humans.
Requires-Python: >=3.8
Requires-Dist: charset-normalizer<4,>=2
Requires-Dist: idna<4,>=2.5
Requires-Dist: urllib3<3,>=1.21.1
Requires-Dist: certifi>=2017.4.17
Provides-Extra: security
Provides-Extra: socks
Requires-Dist: PySocks!=1.5.7,>=1.5.6; extra == "socks"
Provides-Extra: use-chardet-on-py3
Requires-Dist: chardet<6,>=3.0.2; extra == "use-chardet-on-py3"

"""

REQUESTS_WHEEL = """\
Wheel-Version: 1.0
Generator: bdist_wheel (0.43.0)
Root-Is-Purelib: true
Tag: py3-none-any

"""

# path inside the layer -> contents, for a requests layer that was copied without its dependencies.
REQUESTS_LAYER = {
    "python/requests/__init__.py": "# stub of requests/__init__.py\nfrom .api import get\n",
    "python/requests/api.py": "# stub of requests/api.py\ndef get(url):\n    return url\n",
    "python/requests-2.32.3.dist-info/METADATA": REQUESTS_METADATA,
    "python/requests-2.32.3.dist-info/WHEEL": REQUESTS_WHEEL,
    "python/requests-2.32.3.dist-info/top_level.txt": "requests\n",
}


def write_tree(root, files, mode=0o644):
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(full, mode)
    for folder, dirs, names in os.walk(root):
        os.chmod(folder, 0o755)
        for name in dirs + names:
            os.utime(os.path.join(folder, name), (FIXED_EPOCH, FIXED_EPOCH))
    os.utime(root, (FIXED_EPOCH, FIXED_EPOCH))


def infozip(name, options, paths, cwd, stdin=None):
    """Runs Info-ZIP `zip` with -X (no uid/gid extra fields, which vary between machines)."""
    archive = os.path.join(HERE, name)
    if os.path.exists(archive):
        os.remove(archive)
    env = dict(os.environ, TZ="UTC")
    subprocess.run(["zip", "-q", "-X", *options, archive, *paths], cwd=cwd, env=env, check=True, input=stdin)


def python_zip(path, entries, stream=None, **options):
    """Writes entries (ZipInfo or name, bytes, optional compress_type) with Python's zipfile."""
    target = stream if stream is not None else path
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names; they are the point
        with zipfile.ZipFile(target, "w", **options) as archive:
            for info, data in entries:
                archive.writestr(info, data)
    if stream is not None:
        with open(path, "wb") as handle:
            handle.write(stream.getvalue())


def info(name, mode=None, compress=zipfile.ZIP_DEFLATED, create_system=3, extra=b""):
    entry = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    entry.compress_type = compress
    entry.create_system = create_system
    if mode is not None:
        entry.external_attr = mode << 16
    elif create_system == 0:
        entry.external_attr = 0x20  # MS-DOS "archive" attribute, as Windows tools set it
    if name.endswith("/"):
        entry.external_attr |= 0x10
    entry.extra = extra
    return entry


class Unseekable(io.RawIOBase):
    """A write-only stream that cannot seek, which makes zipfile write data descriptors."""

    def __init__(self):
        self.buffer = io.BytesIO()

    def writable(self):
        return True

    def write(self, data):
        return self.buffer.write(data)

    def getvalue(self):
        return self.buffer.getvalue()


class RawZip:
    """A minimal ZIP writer whose every header field can be overridden."""

    def __init__(self):
        self.body = bytearray()
        self.central = bytearray()
        self.count = 0

    def add(self, name, data, method=8, local=None, central=None, offset=None):
        raw_name = name.encode("utf-8") if isinstance(name, str) else name
        payload = zlib.compress(data, 9)[2:-4] if method == 8 else data
        fields = {
            "version": 20, "flags": 0, "method": method, "time": 0x1883, "date": 0x5822,
            "crc": zlib.crc32(data), "csize": len(payload), "usize": len(data), "name": raw_name,
        }
        local_fields = dict(fields, **(local or {}))
        central_fields = dict(fields, **(central or {}))
        header_offset = len(self.body) if offset is None else offset
        if offset is None:
            self.body += struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, local_fields["version"], local_fields["flags"],
                local_fields["method"], local_fields["time"], local_fields["date"], local_fields["crc"],
                local_fields["csize"], local_fields["usize"], len(local_fields["name"]), 0)
            self.body += local_fields["name"] + payload
        self.central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, central_fields["version"], central_fields["flags"],
            central_fields["method"], central_fields["time"], central_fields["date"], central_fields["crc"],
            central_fields["csize"], central_fields["usize"], len(central_fields["name"]), 0, 0, 0, 0,
            0o100644 << 16, header_offset)
        self.central += central_fields["name"]
        self.count += 1
        return header_offset

    def bytes(self, count=None, comment=b""):
        total = self.count if count is None else count
        end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, total, total, len(self.central), len(self.body),
                          len(comment))
        return bytes(self.body + self.central + end + comment)


def save(name, data):
    with open(os.path.join(HERE, name), "wb") as handle:
        handle.write(data)


def make_infozip_fixtures(scratch):
    layer = os.path.join(scratch, "layer")
    write_tree(layer, REQUESTS_LAYER)
    # A requests layer as people make it by hand: `cd build && zip -r ../layer.zip python`.
    infozip("infozip-requests-layer.zip", ["-r"], ["python"], layer)

    # ZIP64 records forced with -fz and an archive comment read from standard input with -z, in
    # one run: a second `zip -z` run rewrites the archive without the ZIP64 end record.
    infozip("infozip-zip64-comment.zip", ["-r", "-fz", "-z"], ["python"], layer,
            stdin=b"layer built by make_fixtures.py\n")

    # Traditional PKWARE encryption (`zip -P`): the member cannot be read without the password.
    # Its 12-byte encryption header is random, so this archive differs on every run of the script.
    secret = os.path.join(scratch, "secret")
    write_tree(secret, {"python/secret.py": "TOKEN = 'stub'\n"})
    infozip("infozip-encrypted.zip", ["-r", "-P", "fixture-password"], ["python"], secret)

    # A self-extractor-style stub prepended with `cat` and offsets left unadjusted.
    with open(os.path.join(HERE, "infozip-requests-layer.zip"), "rb") as handle:
        plain = handle.read()
    stub = b"#!/bin/sh\necho 'this is not a layer, it is a self-extracting stub'\nexit 0\n"
    save("prepended-stub.zip", stub + plain)


def make_python_fixtures():
    # Stored and deflated members and a directory entry.
    python_zip(os.path.join(HERE, "python-methods.zip"), [
        (info("python/", mode=0o40755), b""),
        (info("python/stored.py", mode=0o100644, compress=zipfile.ZIP_STORED), b"STORED = True\n"),
        (info("python/deflated.py", mode=0o100644), b"# deflated\n" + b"VALUE = 1\n" * 50),
    ])

    # Written to a stream that cannot seek, so every member has a data descriptor (flag bit 3).
    python_zip(os.path.join(HERE, "python-data-descriptor.zip"), [
        (info("python/module.py", mode=0o100644), b"# written through an unseekable stream\n" * 4),
        (info("python/other.py", mode=0o100644, compress=zipfile.ZIP_STORED), b"X = 2\n"),
    ], stream=Unseekable())

    # Unix modes as Lambda sees them: executable, private, a directory, symlinks, and an
    # entry from a Windows host (create_system 0) that records no mode at all.
    python_zip(os.path.join(HERE, "python-modes.zip"), [
        (info("bin/", mode=0o40755), b""),
        (info("bin/tool", mode=0o100755), b"#!/bin/sh\necho stub\n"),
        (info("python/private.py", mode=0o100600), b"SECRET = None\n"),
        (info("python/lib/", mode=0o40700), b""),
        (info("python/current", mode=0o120777, compress=zipfile.ZIP_STORED), b"lib"),
        (info("python/escape", mode=0o120777, compress=zipfile.ZIP_STORED), b"../../etc/passwd"),
        (info("python/windows.py", create_system=0), b"FROM_WINDOWS = True\n"),
    ])

    # Names: one flagged UTF-8 (zipfile sets bit 11 for non-ASCII), one CP437 without the flag
    # (written as a placeholder and patched, because zipfile always flags non-ASCII names), and
    # one whose 0x7075 Unicode Path extra field overrides its CP437 bytes.
    cp437_raw = b"python/cp437-\x81.txt"       # CP437 0x81 is u-umlaut
    unicode_raw = b"python/up-\x82.txt"        # CP437 0x82 is e-acute ...
    unicode_name = "python/up-\u0142.txt"      # ... but the Unicode Path field says l-stroke
    unicode_extra = struct.pack("<HHBI", 0x7075, 5 + len(unicode_name.encode()), 1, zlib.crc32(unicode_raw))
    unicode_extra += unicode_name.encode("utf-8")
    stream = io.BytesIO()
    python_zip(os.path.join(HERE, "python-names.zip"), [
        (info("python/caf\u00e9/na\u00efve.py", mode=0o100644), b"# utf-8 name\n"),
        (info("python/cp437-X.txt", mode=0o100644), b"cp437 name\n"),
        (info("python/up-X.txt", mode=0o100644, extra=unicode_extra), b"unicode path name\n"),
    ], stream=stream)
    patched = stream.getvalue().replace(b"python/cp437-X.txt", cp437_raw).replace(b"python/up-X.txt", unicode_raw)
    save("python-names.zip", patched)

    # bzip2 is a method zipfile can write but that layerlint (and many unzippers) cannot read.
    python_zip(os.path.join(HERE, "python-bzip2.zip"), [
        (info("python/bz.py", mode=0o100644, compress=zipfile.ZIP_BZIP2), b"BZ = 2\n" * 20),
    ])

    # The same name twice: zipfile warns and writes both.
    python_zip(os.path.join(HERE, "hostile-duplicate-names.zip"), [
        (info("python/dup.py", mode=0o100644), b"FIRST = 1\n"),
        (info("python/other.py", mode=0o100644), b"OTHER = 1\n"),
        (info("python/dup.py", mode=0o100644), b"SECOND = 2\n"),
    ])

    # Names that escape the extraction folder; zipfile writes them as given.
    python_zip(os.path.join(HERE, "hostile-traversal.zip"), [
        (info("../../tmp/evil.py", mode=0o100644), b"EVIL = 1\n"),
        (info("/opt/python/abs.py", mode=0o100644), b"ABS = 1\n"),
        (info("python/ok.py", mode=0o100644), b"OK = 1\n"),
    ])

    # Backslashes as separators, as some Windows tools write them.
    python_zip(os.path.join(HERE, "hostile-backslash.zip"), [
        (info("python\\requests\\__init__.py", mode=0o100644, create_system=0), b"# stub\n"),
        (info("python/ok.py", mode=0o100644), b"OK = 1\n"),
    ])

    # Names with terminal control sequences: a listing must show them escaped, not obey them.
    python_zip(os.path.join(HERE, "hostile-control-names.zip"), [
        (info("python/\x1b[2Jclear.py", mode=0o100644), b"X = 1\n"),
        (info("python/line\nbreak.py", mode=0o100644), b"Y = 2\n"),
    ])

    # 24 MiB of zeros deflate to about 24 KB: a bomb-like ratio.
    python_zip(os.path.join(HERE, "hostile-ratio.zip"), [
        (info("python/zeros.bin", mode=0o100644), bytes(24 << 20)),
    ])

    # An archive with no entries: only an end record.
    python_zip(os.path.join(HERE, "empty.zip"), [])


def make_raw_fixtures():
    # Two central-directory entries that share one local header and its data (overlap bomb).
    raw = RawZip()
    first = raw.add("python/a.py", b"A = 1\n" * 10)
    raw.add("python/b.py", b"A = 1\n" * 10, offset=first)
    save("hostile-overlap.zip", raw.bytes())

    # The local header names another file and another method than the central directory.
    raw = RawZip()
    raw.add("python/evil.py", b"EVIL = 1\n", local={"name": b"python/innocent.txt", "method": 0})
    save("hostile-local-mismatch.zip", raw.bytes())

    # The end record declares 5 entries; the central directory holds 2.
    raw = RawZip()
    raw.add("python/one.py", b"ONE = 1\n")
    raw.add("python/two.py", b"TWO = 2\n")
    save("hostile-entry-count.zip", raw.bytes(count=5))

    # A member whose headers claim an uncompressed size of 4 GiB - 2 over 30 bytes of data.
    raw = RawZip()
    lie = {"usize": 0xFFFFFFFE}
    raw.add("python/huge.bin", b"not really four gigabytes\n" * 40, local=lie, central=lie)
    save("hostile-lying-size.zip", raw.bytes())

    # The archive comment contains an end-record signature followed by a fake record; the
    # real end record is the one whose comment ends exactly at the end of the file.
    raw = RawZip()
    raw.add("python/real.py", b"REAL = 1\n")
    fake = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 9, 9, 4096, 1, 0)
    save("tricky-eocd-in-comment.zip", raw.bytes(comment=b"note: " + fake + b"!"))

    # The first 600 bytes of the requests layer: no end record.
    with open(os.path.join(HERE, "infozip-requests-layer.zip"), "rb") as handle:
        save("hostile-truncated.zip", handle.read()[:600])

    # Not a ZIP at all.
    save("not-a-zip.zip", b"This is a text file that was renamed to .zip.\n")


def unicode_path_name(entry):
    """The 0x7075 Unicode Path name when its CRC matches the raw name (Python 3.12+ uses it; 3.11 does not)."""
    extra = entry.extra
    while len(extra) >= 4:
        kind, length = struct.unpack("<HH", extra[:4])
        data = extra[4:4 + length]
        if kind == 0x7075 and len(data) >= 5 and data[0] == 1:
            raw = entry.orig_filename.encode("utf-8" if entry.flag_bits & 0x800 else "cp437")
            if struct.unpack("<I", data[1:5])[0] == zlib.crc32(raw):
                return data[5:].decode("utf-8")
        extra = extra[4 + length:]
    return None


def write_listings():
    """Records what Python's zipfile lists for every fixture, as golden data for the Swift tests."""
    listings = {"generator": "Fixtures/zip/make_fixtures.py",
                "reader": f"CPython {sys.version.split()[0]} zipfile", "archives": {}}
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".zip"):
            continue
        try:
            with zipfile.ZipFile(os.path.join(HERE, name)) as archive:
                entries = []
                for entry in archive.infolist():
                    raw = entry.orig_filename.encode("utf-8" if entry.flag_bits & 0x800 else "cp437")
                    entries.append({
                        "name": unicode_path_name(entry) or entry.filename, "name_hex": raw.hex(),
                        "size": entry.file_size, "compressed_size": entry.compress_size,
                        "method": entry.compress_type, "crc": entry.CRC, "flags": entry.flag_bits,
                        "create_system": entry.create_system, "external_attr": entry.external_attr,
                    })
                listings["archives"][name] = {"entries": entries}
        except (zipfile.BadZipFile, OSError) as error:
            listings["archives"][name] = {"error": str(error)}
    with open(os.path.join(HERE, "listings.json"), "w", encoding="utf-8") as handle:
        json.dump(listings, handle, indent=1, sort_keys=True)
        handle.write("\n")


def main():
    if shutil.which("zip") is None:
        sys.exit("make_fixtures.py needs Info-ZIP zip (apt-get install zip)")
    with tempfile.TemporaryDirectory() as scratch:
        make_infozip_fixtures(scratch)
    make_python_fixtures()
    make_raw_fixtures()
    write_listings()


if __name__ == "__main__":
    main()
