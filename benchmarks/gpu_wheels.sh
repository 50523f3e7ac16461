#!/usr/bin/env bash
# Gathers into .whl/ (git-ignored) what benchmarks/gpu_check.sh installs on a lent GPU machine,
# which has no network: wheels for its Python (3.12, manylinux x86_64) of what it lacks, natten
# built here as a plain wheel (its GPU kernels, libnatten, take far longer to build than a lease
# lasts: the check runs natten's Flex path), and mmcv's source archive (built there). Then:
#   device run: bash benchmarks/gpu_check.sh   (carry: .whl)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
rm -rf .whl && mkdir -p .whl
"$PY" -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
    --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_24_x86_64 \
    --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .whl \
    mmengine==0.10.7 mmdet==3.3.0 pycocotools shapely terminaltables addict yapf termcolor \
    platformdirs 'setuptools>=77.0.3,<81'
"$PY" -m pip download -q --no-deps --no-binary :all: --no-build-isolation mmcv==2.1.0 -d .whl
"$PY" -m pip wheel -q --no-deps --no-build-isolation natten==0.21.7 -w .whl
du -sh .whl && ls .whl
