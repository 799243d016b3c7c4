#!/usr/bin/env python3
"""The native-code scan of `layerlint check`, written with Python's zipfile and struct: the
reference the native benchmark times layerlint against, and checks it against.

    python3 Benchmarks/elf_scan.py LAYER.zip [--json]

For every member that looks like a shared object (.so, .so.N, .pyd, .dylib, .dll, or in a
bin/ folder), it reads the first bytes; for ELF shared objects and executables it reads the
whole member and walks the program headers to the dynamic section and the version-needs
table, as the dynamic loader does, and reports the highest GLIBC_X.Y needed.
"""
import json
import struct
import sys
import zipfile


def candidate(name):
    file = name.rsplit("/", 1)[-1]
    return (file.endswith((".so", ".pyd", ".dylib", ".dll")) or ".so." in file
            or name.startswith("bin/") or "/bin/" in name)


def glibc_needed(data):
    """The highest GLIBC_X.Y (as a tuple) an ELF file needs, or None."""
    if data[:4] != b"\x7fELF" or data[4] not in (1, 2) or data[5] not in (1, 2):
        return None
    is64, endian = data[4] == 2, "<" if data[5] == 1 else ">"
    word = "Q" if is64 else "I"
    etype = struct.unpack_from(endian + "H", data, 16)[0]
    if etype not in (2, 3):
        return None
    if is64:
        phoff, = struct.unpack_from(endian + "Q", data, 0x20)
        phentsize, phnum = struct.unpack_from(endian + "HH", data, 0x36)
    else:
        phoff, = struct.unpack_from(endian + "I", data, 0x1C)
        phentsize, phnum = struct.unpack_from(endian + "HH", data, 0x2A)
    segments = []
    for index in range(phnum):
        base = phoff + index * phentsize
        if is64:
            ptype, _, offset, vaddr, _, filesz = struct.unpack_from(endian + "IIQQQQ", data, base)
        else:
            ptype, offset, vaddr, _, filesz = struct.unpack_from(endian + "IIIII", data, base)
        segments.append((ptype, offset, vaddr, filesz))
    dynamic = next((s for s in segments if s[0] == 2), None)
    if dynamic is None:
        return None
    entry = 16 if is64 else 8
    tags = {}
    for position in range(dynamic[1], dynamic[1] + dynamic[3], entry):
        tag, value = struct.unpack_from(endian + word * 2, data, position)
        if tag == 0:
            break
        tags.setdefault(tag, value)

    def offset_of(address):
        for ptype, offset, vaddr, filesz in segments:
            if ptype == 1 and vaddr <= address < vaddr + filesz:
                return offset + address - vaddr
        return None

    if 0x6FFFFFFE not in tags or 5 not in tags:
        return None
    strtab = offset_of(tags[5])
    position = offset_of(tags[0x6FFFFFFE])
    best = None
    for _ in range(tags.get(0x6FFFFFFF, 0)):
        _, count, _, aux, next_ = struct.unpack_from(endian + "HHIII", data, position)
        at = position + aux
        for _ in range(count):
            _, _, _, name, aux_next = struct.unpack_from(endian + "IHHII", data, at)
            text = data[strtab + name:data.index(b"\0", strtab + name)].decode()
            if text.startswith("GLIBC_") and not text.startswith("GLIBC_PRIVATE"):
                version = tuple(int(part) for part in text[6:].split("."))[:2]
                best = max(best, version) if best else version
            if aux_next == 0:
                break
            at += aux_next
        if next_ == 0:
            break
        position += next_
    return best


def scan(path):
    results = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir() or not candidate(info.filename):
                continue
            with archive.open(info) as member:
                if member.read(4) != b"\x7fELF":
                    continue
            needed = glibc_needed(archive.read(info))
            results[info.filename] = "%d.%d" % needed if needed else None
    return results


if __name__ == "__main__":
    found = scan(sys.argv[1])
    if "--json" in sys.argv:
        print(json.dumps(found, sort_keys=True))
    else:
        worst = max((tuple(map(int, v.split("."))) for v in found.values() if v), default=None)
        print(f"{len(found)} ELF files; highest glibc needed: {'.'.join(map(str, worst)) if worst else 'none'}")
