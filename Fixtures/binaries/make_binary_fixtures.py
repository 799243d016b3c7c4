#!/usr/bin/env python3
"""Makes the native-binary fixtures of Fixtures/binaries/ with this machine's compilers.

    python3 Fixtures/binaries/make_binary_fixtures.py

Needs gcc/g++ (x86_64, glibc 2.36 here) and the clang and lld that come with Swift. Every
file is compiled from the one-line C or C++ sources below (our own stubs); what each is
for is beside its name. The tests in Tests/BinaryFormatsTests pin what is read from each.
"""
import os
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

SOURCES = {
    # Only symbols every glibc has (puts: GLIBC_2.2.5).
    "old.c": '#include <stdio.h>\nint ext_hello(void) { return puts("hello"); }\n',
    # statx appeared in glibc 2.28: too new for Amazon Linux 2 (2.26), fine on AL2023 (2.34).
    "statx.c": "#define _GNU_SOURCE\n#include <fcntl.h>\n#include <sys/stat.h>\n"
               "int ext_size(const char *path) { struct statx b; return statx(AT_FDCWD, path, 0, STATX_SIZE, &b); }\n",
    # arc4random appeared in glibc 2.36: too new for every Lambda runtime.
    "arc4random.c": "#include <stdlib.h>\nunsigned ext_random(void) { return arc4random(); }\n",
    # C++: needs GLIBCXX_3.4.21 from libstdc++.
    "cxx.cpp": '#include <string>\nextern "C" unsigned long ext_length(const char *t) { std::string v(t); return v.size(); }\n',
    # No libc at all, for the cross-compiled targets.
    "stub.c": "int ext_answer(void) { return 42; }\n",
    # Calls one function of a stand-in library, so that the link records the need (and the
    # symbol version, when the stand-in has a version script).
    "calls.c": "int ext_provided(void);\nint ext_answer(void) { return ext_provided(); }\n",
    "provides.c": "int ext_provided(void) { return 42; }\n",
}

# Stand-in libraries the loader fixtures link against (never shipped): soname -> version node
# of ext_provided, or None for an unversioned library.
STAND_INS = {
    "libfastmath_native.so.1": None,
    "libfastmath_native-1a2b3c4d.so.1": None,
    "libcrypt.so.1": "GLIBC_2.2.5",
    "libcrypt.so.1#xcrypt": "XCRYPT_2.0",
    "libstdc++.so.6": "GLIBCXX_3.4.26",
    "libGL.so.1": None,
}

# Loader fixtures: name -> (stand-in linked against, extra linker options).
LOADER_FIXTURES = {
    # Needs a library of its own that no folder of Lambda's image has by default.
    "elf-x86_64-needs-native.so": ("libfastmath_native.so.1", []),
    # The library itself (soname libfastmath_native.so.1), for lib/ or a wrong folder.
    "elf-x86_64-libfastmath-native.so.1": (None, ["-Wl,-soname,libfastmath_native.so.1"]),
    # As auditwheel leaves a module: a hashed library name, found through $ORIGIN.
    "elf-x86_64-runpath-origin.so": ("libfastmath_native-1a2b3c4d.so.1", ["-Wl,-rpath,$ORIGIN/../fastmath.libs"]),
    "elf-x86_64-libfastmath-native-hashed.so.1": (None, ["-Wl,-soname,libfastmath_native-1a2b3c4d.so.1"]),
    # crypt@GLIBC_2.2.5 from glibc's libcrypt.so.1 (Amazon Linux 2 has it, 2023 does not).
    "elf-x86_64-needs-libcrypt.so": ("libcrypt.so.1", []),
    # crypt@XCRYPT_2.0 from libxcrypt's libcrypt.so.1, as a current distribution links -lcrypt.
    "elf-x86_64-needs-xcrypt.so": ("libcrypt.so.1#xcrypt", []),
    # A C++ symbol of GCC 9's libstdc++ (GLIBCXX_3.4.26), newer than Amazon Linux 2's 3.4.24.
    "elf-x86_64-needs-glibcxx-3.4.26.so": ("libstdc++.so.6", []),
    # Needs libGL.so.1, as opencv-python's modules do.
    "elf-x86_64-needs-libgl.so": ("libGL.so.1", []),
}

# name -> command (run in the scratch folder; {out} is the output path)
BUILDS = {
    "elf-x86_64-glibc2.2.5.so": ["gcc", "-shared", "-fPIC", "-O1", "-o", "{out}", "old.c"],
    "elf-x86_64-glibc2.28.so": ["gcc", "-shared", "-fPIC", "-O1", "-o", "{out}", "statx.c"],
    "elf-x86_64-glibc2.36.so": ["gcc", "-shared", "-fPIC", "-O1", "-o", "{out}", "arc4random.c"],
    "elf-x86_64-glibcxx.so": ["g++", "-shared", "-fPIC", "-O1", "-o", "{out}", "cxx.cpp"],
    "elf-aarch64.so": ["clang", "-target", "aarch64-linux-gnu", "-shared", "-nostdlib", "-fuse-ld=lld", "-o", "{out}",
                       "stub.c"],
    "elf-i386.so": ["clang", "-target", "i386-linux-gnu", "-shared", "-nostdlib", "-fuse-ld=lld", "-o", "{out}",
                    "stub.c"],
    "elf-musl-x86_64.so": None,  # built below: needs a stand-in libc.musl-x86_64.so.1 to link against
    "pe-x86_64.pyd": ["clang", "-target", "x86_64-pc-windows-msvc", "-shared", "-nostdlib", "-fuse-ld=lld",
                      "-Wl,-noentry", "-o", "{out}", "stub.c"],
    "pe-arm64.pyd": ["clang", "-target", "aarch64-pc-windows-msvc", "-shared", "-nostdlib", "-fuse-ld=lld",
                     "-Wl,-noentry", "-o", "{out}", "stub.c"],
    # lld cannot link for macOS here; a Mach-O object file has the same header.
    "macho-arm64.o": ["clang", "-target", "arm64-apple-macos11", "-c", "-o", "{out}", "stub.c"],
    "macho-x86_64.o": ["clang", "-target", "x86_64-apple-macos10.15", "-c", "-o", "{out}", "stub.c"],
}


def run(command, cwd):
    subprocess.run(command, cwd=cwd, check=True)


def universal(slices, out):
    """A universal (fat) Mach-O: the big-endian fat header, then each slice 4 KiB-aligned."""
    header = struct.pack(">II", 0xCAFEBABE, len(slices))
    offset = 4096
    entries, bodies = [], []
    for data in slices:
        cpu, subtype = struct.unpack("<II", data[4:12])
        entries.append(struct.pack(">IIIII", cpu, subtype, offset, len(data), 12))
        bodies.append((offset, data))
        offset += (len(data) + 4095) // 4096 * 4096
    blob = bytearray(offset)
    blob[:len(header) + 20 * len(entries)] = header + b"".join(entries)
    for start, data in bodies:
        blob[start:start + len(data)] = data
    with open(out, "wb") as handle:
        handle.write(bytes(blob))


def without_section_headers(source, out):
    """What `sstrip` leaves: e_shoff, e_shnum and e_shstrndx zeroed (64-bit little-endian)."""
    data = bytearray(open(source, "rb").read())
    data[0x28:0x30] = bytes(8)
    data[0x3C:0x40] = bytes(4)
    open(out, "wb").write(bytes(data))


def loader_fixtures(scratch):
    """The fixtures of the loader model: modules linked against stand-ins of the libraries
    they need, each stand-in with its soname and, where given, the symbol version of its one
    function (a version script)."""
    clang = ["clang", "-target", "x86_64-linux-gnu", "-shared", "-nostdlib", "-fuse-ld=lld"]
    for key, version in STAND_INS.items():
        soname = key.split("#")[0]
        options = []
        if version:
            script = os.path.join(scratch, key + ".map")
            with open(script, "w") as handle:
                handle.write("%s { global: ext_provided; local: *; };\n" % version)
            options = ["-Wl,--version-script=" + script]
        folder = os.path.join(scratch, "stand-ins", key)
        os.makedirs(folder, exist_ok=True)
        run(clang + ["-Wl,-soname," + soname, *options, "-o", os.path.join(folder, soname), "provides.c"], scratch)
    for name, (stand_in, options) in LOADER_FIXTURES.items():
        out = os.path.join(HERE, name)
        if stand_in is None:
            run(clang + options + ["-o", out, "stub.c"], scratch)
        else:
            library = os.path.join(scratch, "stand-ins", stand_in, stand_in.split("#")[0])
            run(clang + options + ["-o", out, "calls.c", library], scratch)


def main():
    with tempfile.TemporaryDirectory() as scratch:
        for name, text in SOURCES.items():
            with open(os.path.join(scratch, name), "w") as handle:
                handle.write(text)
        for name, command in BUILDS.items():
            if command is None:
                continue
            run([part.replace("{out}", os.path.join(HERE, name)) for part in command], scratch)
        # musl: link against a stand-in shared library whose soname is musl's libc.
        run(["clang", "-target", "x86_64-linux-musl", "-shared", "-nostdlib", "-fuse-ld=lld",
             "-Wl,-soname,libc.musl-x86_64.so.1", "-o", "libc.musl-x86_64.so.1", "stub.c"], scratch)
        run(["clang", "-target", "x86_64-linux-musl", "-shared", "-nostdlib", "-fuse-ld=lld", "-o",
             os.path.join(HERE, "elf-musl-x86_64.so"), "stub.c", "./libc.musl-x86_64.so.1"], scratch)
        # An x86_64 module that needs a library of its package by name (DT_NEEDED
        # libfastmath_helper.so.1), linked against a stand-in with that soname.
        run(["clang", "-target", "x86_64-linux-gnu", "-shared", "-nostdlib", "-fuse-ld=lld",
             "-Wl,-soname,libfastmath_helper.so.1", "-o", "libfastmath_helper.so.1", "stub.c"], scratch)
        run(["clang", "-target", "x86_64-linux-gnu", "-shared", "-nostdlib", "-fuse-ld=lld", "-o",
             os.path.join(HERE, "elf-x86_64-needs-helper.so"), "stub.c", "./libfastmath_helper.so.1"], scratch)
        loader_fixtures(scratch)
    for leftover in ("pe-x86_64.lib", "pe-arm64.lib"):  # import libraries lld-link writes beside a DLL
        if os.path.exists(os.path.join(HERE, leftover)):
            os.remove(os.path.join(HERE, leftover))
    for name in BUILDS:
        subprocess.run(["strip", "--strip-unneeded", os.path.join(HERE, name)], check=False,
                       stderr=subprocess.DEVNULL)
    universal([open(os.path.join(HERE, "macho-x86_64.o"), "rb").read(),
               open(os.path.join(HERE, "macho-arm64.o"), "rb").read()], os.path.join(HERE, "macho-universal.o"))
    without_section_headers(os.path.join(HERE, "elf-x86_64-glibc2.28.so"),
                            os.path.join(HERE, "elf-x86_64-glibc2.28-sstripped.so"))


if __name__ == "__main__":
    main()
