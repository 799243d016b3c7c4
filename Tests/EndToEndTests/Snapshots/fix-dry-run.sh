#!/usr/bin/env bash
# layerlint fix --dry-run: the repair of Fixtures/layers/layout-site-packages-cp311.zip, as commands.
# Run in a folder that holds an extracted copy of the layer (the folder that holds python/).
set -euo pipefail
# pip installs the pinned versions first; where one has no wheel for the target, the second call lets pip choose
# within what the layer's dependents require (layerlint fix relaxes only the pins pip finds no wheel for).

# 1. L002 python/lib/python3.11/site-packages/; C003 python/lib/python3.11/site-packages/fastmath/_core.cpython-311-x86_64-linux-gnu.so
mkdir -p python && cp -R python/lib/python3.11/site-packages/. python/ && rm -rf python/lib/python3.11

# 2. L002 python/lib/python3.11/site-packages/; C003 python/lib/python3.11/site-packages/fastmath/_core.cpython-311-x86_64-linux-gnu.so
work=$(mktemp -d) && { python3.12 -m pip install --target "$work/new" --platform manylinux2014_x86_64 --platform manylinux_2_28_x86_64 --platform manylinux_2_34_x86_64 --implementation cp --python-version 3.12 --only-binary=:all: certifi==2024.8.30 charset_normalizer==3.4.0 fastmath==1.0 idna==3.10 requests==2.32.3 urllib3==2.2.3 || { rm -rf "$work/new" && python3.12 -m pip install --target "$work/new" --platform manylinux2014_x86_64 --platform manylinux_2_28_x86_64 --platform manylinux_2_34_x86_64 --implementation cp --python-version 3.12 --only-binary=:all: certifi charset_normalizer fastmath idna requests urllib3; }; } && rm -rf python/certifi python/certifi-2024.8.30.dist-info python/charset_normalizer python/charset_normalizer-3.4.0.dist-info python/fastmath python/fastmath-1.0.dist-info python/idna python/idna-3.10.dist-info python/requests python/requests-2.32.3.dist-info python/urllib3 python/urllib3-2.2.3.dist-info && mkdir -p python && cp -R "$work/new/." python/ && rm -rf "$work"

# Zip the result: sorted names, fixed timestamps, modes 0644/0755.
find . -mindepth 1 -exec touch -h -d '1980-01-01 00:00:00' {} + && chmod -R u=rwX,go=rX . && find . -mindepth 1 | LC_ALL=C sort | sed 's|^\./||' | zip -X -q -@ /tmp/layerlint-dry-run.zip

