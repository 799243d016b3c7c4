#!/usr/bin/env python3
"""Makes the corrupt-member fixtures of Fixtures/layers/ (Z001 for member data).

    python3 Fixtures/layers/make_corrupt_fixtures.py

Each archive is written by Python's `zipfile`, then the bytes of chosen members are
changed in place, keeping the local header and the central directory in agreement (so the
only problem is the data itself, which `unzip -t` and Lambda's extraction reject):

* corrupt-members.zip: python/pkg/ with an intact __init__.py and three broken modules:
  bad_crc.py (its CRC-32 is changed in both headers), garbage.py (its deflate data is
  overwritten with bytes that are not deflate), cut.py (its deflate stream is cut to half,
  both headers giving the shorter compressed size). Found only with --verify: nothing
  reads .py files otherwise.
* corrupt-metadata.zip: a distribution whose METADATA has a wrong CRC-32: check reads it
  anyway, so the finding comes without --verify too.

The script checks each broken member against Python's own reader before saving.
Module files are stubs; METADATA copies the header fields of a real package.
"""
import io
import os
import struct
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2024, 1, 2, 3, 4, 6)


def write(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in members:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = method
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            archive.writestr(info, data)
    return bytearray(buffer.getvalue())


def headers(data, name):
    """Offsets of the local header and the central-directory header of `name`."""
    encoded = name.encode()
    end = data.rindex(b"PK\x05\x06")
    position = struct.unpack_from("<I", data, end + 16)[0]
    while data[position:position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, position + 28)
        if data[position + 46:position + 46 + name_length] == encoded:
            return struct.unpack_from("<I", data, position + 42)[0], position
        position += 46 + name_length + extra_length + comment_length
    raise SystemExit(f"no member {name}")


def data_start(data, local):
    name_length, extra_length = struct.unpack_from("<HH", data, local + 26)
    return local + 30 + name_length + extra_length


def set_both(data, name, local_offset, central_offset, fmt, value):
    local, central = headers(data, name)
    struct.pack_into(fmt, data, local + local_offset, value)
    struct.pack_into(fmt, data, central + central_offset, value)


def expect_broken(data, name):
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        try:
            archive.read(name)
        except (zipfile.BadZipFile, zlib.error, EOFError):
            return
    raise SystemExit(f"{name} still reads cleanly")


def module(text):
    return (text + "\n") * 20


def corrupt_members():
    cut = module("def cut(): return 3").encode()
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    stream = compressor.compress(cut) + compressor.flush()
    data = write([
        ("python/pkg/__init__.py", module("VERSION = '1.0'").encode(), zipfile.ZIP_DEFLATED),
        ("python/pkg/bad_crc.py", module("def crc(): return 1").encode(), zipfile.ZIP_DEFLATED),
        ("python/pkg/garbage.py", module("def garbage(): return 2").encode(), zipfile.ZIP_DEFLATED),
        # Stored with half of a deflate stream; the headers are made to say deflate below.
        ("python/pkg/cut.py", stream[: len(stream) // 2], zipfile.ZIP_STORED),
    ])
    # A CRC-32 that is not the data's, in both headers.
    local, _ = headers(data, "python/pkg/bad_crc.py")
    set_both(data, "python/pkg/bad_crc.py", 14, 16, "<I", struct.unpack_from("<I", data, local + 14)[0] ^ 0xFFFFFFFF)
    # Deflate data overwritten: block type 3 is reserved, so the first byte alone is invalid.
    local, _ = headers(data, "python/pkg/garbage.py")
    start, size = data_start(data, local), struct.unpack_from("<I", data, local + 18)[0]
    data[start:start + size] = bytes([0xFF]) * size
    # Cut: deflate, with the CRC-32 and size of the whole module, over half of its stream.
    set_both(data, "python/pkg/cut.py", 8, 10, "<H", 8)
    set_both(data, "python/pkg/cut.py", 14, 16, "<I", zlib.crc32(cut))
    set_both(data, "python/pkg/cut.py", 22, 24, "<I", len(cut))
    for name in ("python/pkg/bad_crc.py", "python/pkg/garbage.py", "python/pkg/cut.py"):
        expect_broken(data, name)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        archive.read("python/pkg/__init__.py")
    return data


def corrupt_metadata():
    metadata = (
        "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\nSummary: Python 2 and 3 compatibility utilities\n"
        "Requires-Python: >=2.7, !=3.0.*, !=3.1.*, !=3.2.*\n\n"
    ).encode()
    members = [
        ("python/six.py", module("PY3 = True").encode(), zipfile.ZIP_DEFLATED),
        ("python/six-1.16.0.dist-info/METADATA", metadata, zipfile.ZIP_DEFLATED),
        ("python/six-1.16.0.dist-info/RECORD", b"six.py,,\nsix-1.16.0.dist-info/METADATA,,\n", zipfile.ZIP_DEFLATED),
        ("python/six-1.16.0.dist-info/top_level.txt", b"six\n", zipfile.ZIP_DEFLATED),
    ]
    data = write(members)
    local, _ = headers(data, "python/six-1.16.0.dist-info/METADATA")
    crc = struct.unpack_from("<I", data, local + 14)[0]
    set_both(data, "python/six-1.16.0.dist-info/METADATA", 14, 16, "<I", crc ^ 0x00000001)
    expect_broken(data, "python/six-1.16.0.dist-info/METADATA")
    return data


def main():
    for name, data in (("corrupt-members.zip", corrupt_members()), ("corrupt-metadata.zip", corrupt_metadata())):
        with open(os.path.join(HERE, name), "wb") as handle:
            handle.write(bytes(data))
        print("wrote", name)


if __name__ == "__main__":
    main()
