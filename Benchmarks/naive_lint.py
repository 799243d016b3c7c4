#!/usr/bin/env python3
"""A naive layer linter with Python's zipfile and `packaging`: the reference that
Benchmarks/native-benchmark times `layerlint check` against.

    python3 Benchmarks/naive_lint.py LAYER.zip [--python 3.11] [--machine x86_64]

What a person would write in an afternoon to catch the common failures: it lists the
archive, reads every METADATA under python/ or python/lib/pythonX.Y/site-packages/,
evaluates each Requires-Dist marker for the target and reports requirements that no
distribution in the layer provides, and sniffs the first 64 bytes of every shared object
for an ELF header built for another machine. It prints one line per problem.
"""
import argparse
import sys
import zipfile

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

MACHINES = {62: "x86_64", 183: "aarch64"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("layer")
    parser.add_argument("--python", default="3.11")
    parser.add_argument("--machine", default="x86_64")
    args = parser.parse_args()
    site = f"python/lib/python{args.python}/site-packages/"
    environment = {"python_version": args.python, "python_full_version": args.python + ".99",
                   "platform_machine": args.machine, "sys_platform": "linux", "platform_system": "Linux",
                   "os_name": "posix", "implementation_name": "cpython",
                   "platform_python_implementation": "CPython", "extra": ""}
    problems = []
    with zipfile.ZipFile(args.layer) as archive:
        names = archive.namelist()
        metadata = [name for name in names if name.endswith(".dist-info/METADATA")
                    and (name.count("/") == 2 and name.startswith("python/")
                         or name.startswith(site) and name[len(site):].count("/") == 1)]
        provided = {}
        requirements = []
        for name in metadata:
            text = archive.read(name).decode("utf-8", "replace")
            header = text.split("\n\n", 1)[0]
            project = None
            for line in header.splitlines():
                key, _, value = line.partition(":")
                if key == "Name":
                    project = canonicalize_name(value.strip())
                elif key == "Requires-Dist":
                    requirements.append((name, value.strip()))
            if project:
                provided[project] = name
        for name, text in requirements:
            try:
                requirement = Requirement(text)
            except InvalidRequirement:
                continue
            if requirement.marker is not None and not requirement.marker.evaluate(environment):
                continue
            if canonicalize_name(requirement.name) not in provided:
                problems.append(f"{name}: requires {requirement}, which the layer does not provide")
        for info in archive.infolist():
            file = info.filename.rsplit("/", 1)[-1]
            if not (file.endswith(".so") or ".so." in file) or info.file_size < 20:
                continue
            with archive.open(info) as member:
                head = member.read(64)
            if head[:4] != b"\x7fELF":
                continue
            little = head[5] == 1
            machine = int.from_bytes(head[18:20], "little" if little else "big")
            if MACHINES.get(machine, str(machine)) != args.machine:
                problems.append(f"{info.filename}: ELF for machine {MACHINES.get(machine, machine)}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
