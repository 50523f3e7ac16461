#!/usr/bin/env bash
# Creates (or brings up to date) the Python environment mmfer runs in. Idempotent: a second run
# on an up-to-date environment only checks the imports and exits.
#
#   tools/setup_env.sh [--venv DIR] [--cuda | --mmcv-cuda | --cpu] [--force] [--dry-run]
#
#   --venv DIR   where the virtual environment lives (default: $MMFER_VENV, else .venv in the
#                repo root; the Makefile passes MMFER_VENV on)
#   --cuda       GPU route, on a machine with an NVIDIA GPU and nvcc: natten's kernels
#                (libnatten) built for the GPU that torch sees (NATTEN_CUDA_ARCH from its compute
#                capability), and a final check that torch uses the GPU. mmcv keeps CPU ops
#                only: the DEIM and Natten-DEIM models call none of its ops.
#   --mmcv-cuda  also build mmcv's CUDA ops (implies --cuda): the stock MMDetection detectors
#                (RetinaNet, YOLOX, ...) run their NMS / RoIAlign on the GPU through them.
#   --cpu        CPU route. Without --cpu, --cuda or --mmcv-cuda the route the environment
#                was last set up with is kept (the last line of DIR/.mmfer-setup-stamp; CPU for a
#                new one)
#   --force      rebuild everything, including the cached mmcv wheel
#   --dry-run    print the route and what would be installed, change nothing
#
# The mmcv wheel is compiled once (about 9 minutes on a 2-core machine) and cached
# in $MMFER_CACHE/wheels/ ($MMFER_CACHE defaults to ~/.cache/mmfer), keyed by mmcv, torch,
# Python, device and compiler flags.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${MMFER_VENV:-$ROOT/.venv}
CACHE=${MMFER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mmfer}
PYTHON=${PYTHON:-python3}
ROUTE=
FORCE=0
DRY_RUN=0
MMCV_VERSION=2.1.0

while [[ $# -gt 0 ]]; do
  case $1 in
    --venv) [[ $# -ge 2 ]] || { echo "setup_env.sh: --venv needs a folder" >&2; exit 2; }
            VENV=$(realpath -m "$2"); shift 2 ;;
    --cpu) ROUTE="cpu cpu"; shift ;;
    --cuda) ROUTE="cuda cpu"; shift ;;
    --mmcv-cuda) ROUTE="cuda cuda"; shift ;;
    --force) FORCE=1; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "setup_env.sh: unknown argument '$1'" >&2; sed -n '2,25p' "$0" >&2; exit 2 ;;
  esac
done
# what the environment was built from (stamp_of below); its last line is the route
STAMP_FILE=$VENV/.mmfer-setup-stamp
# the route: as asked, else as the environment was set up, else the CPU's
ROUTE_SOURCE="asked for"
if [[ -z $ROUTE ]]; then
  if [[ -f $STAMP_FILE ]]; then ROUTE=$(tail -n 1 "$STAMP_FILE"); ROUTE_SOURCE="kept from $STAMP_FILE"
  else ROUTE="cpu cpu"; ROUTE_SOURCE="the default"; fi
fi
read -r DEVICE MMCV_OPS <<<"$ROUTE"
case "$DEVICE $MMCV_OPS" in "cpu cpu"|"cuda cpu"|"cuda cuda") ;;
  *) echo "setup_env.sh: $STAMP_FILE ends with '$ROUTE', not a route; pass --cpu or --cuda" >&2
     exit 2 ;; esac

T0=$SECONDS
BUILD_TMP=
trap 'if [[ -n $BUILD_TMP ]]; then rm -rf "$BUILD_TMP"; fi' EXIT
step() {  # step NAME CMD...: runs CMD and prints how long it took
  local name=$1; shift
  local t=$SECONDS
  echo "[setup] ${name} ..."
  "$@"
  echo "[setup] ${name}: $((SECONDS - t)) s"
}

stamp_of() {  # what the environment was built from; a change triggers a re-install
  cat "$ROOT"/requirements/*.txt "$ROOT/setup.py" "$ROOT/tools/setup_env.sh" \
    | sha256sum | cut -d' ' -f1
  echo "$DEVICE $MMCV_OPS"
}
PY=$VENV/bin/python

imports_ok() {
  "$PY" - <<'EOF' 2>/dev/null
import mmcv, mmcv.ops, mmdet, mmengine, timm, natten, pycocotools, cv2, onnxruntime, mmfer  # noqa: F401,E501
EOF
}

echo "[setup] route: torch $DEVICE, mmcv ops $MMCV_OPS ($ROUTE_SOURCE)"
if [[ $FORCE == 0 && -f $STAMP_FILE && "$(cat "$STAMP_FILE")" == "$(stamp_of)" ]] && imports_ok; then
  echo "[setup] environment at $VENV is up to date ($((SECONDS - T0)) s)"
  exit 0
fi
if [[ $DRY_RUN == 1 ]]; then
  echo "[setup] dry run: would set up $VENV: torch from requirements/torch_${DEVICE}.txt," \
    "mmcv ${MMCV_VERSION} with ${MMCV_OPS} ops, natten for ${DEVICE}, the rest, mmfer"
  exit 0
fi

pip_install() { "$PY" -m pip install --quiet "$@"; }

create_venv() {
  [[ -x $PY ]] || "$PYTHON" -m venv "$VENV"
}

install_torch() {
  pip_install -r "$ROOT/requirements/torch_${DEVICE}.txt"
  pip_install -r "$ROOT/requirements/build.txt"  # after torch, which pulls a newer setuptools
}

mmcv_wheel_dir() {
  local torch_ver py_ver
  torch_ver=$("$PY" -c 'import torch; print(torch.__version__.split("+")[0])')
  py_ver=$("$PY" -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")')
  echo "$CACHE/wheels/mmcv-${MMCV_VERSION}_torch-${torch_ver}_${py_ver}_${MMCV_OPS}_O2g0"
}

build_mmcv_wheel() {  # build_mmcv_wheel OUT_DIR: compiles mmcv with its ops into OUT_DIR
  local out=$1 tmp src
  tmp=$(mktemp -d)
  BUILD_TMP=$tmp  # removed on exit, whether the build succeeds or not
  "$PY" -m pip download --quiet --no-deps --no-binary :all: --no-build-isolation \
    "mmcv==${MMCV_VERSION}" -d "$tmp"
  tar -xzf "$tmp"/mmcv-"${MMCV_VERSION}".tar.gz -C "$tmp"
  src=$tmp/mmcv-${MMCV_VERSION}
  # torch >= 2.10's headers need C++20; mmcv 2.1.0 hard-codes c++14/c++17.
  sed -i -e 's/-std=c++14/-std=c++20/g' -e 's/-std=c++17/-std=c++20/g' \
    -e "s/'c++14'/'c++20'/g" -e "s/'c++17'/'c++20'/g" "$src/setup.py"
  # mmcv compiles CUDA ops whenever torch sees a GPU: the GPU is hidden unless they are asked for
  local force_cuda=0 gpus=""
  if [[ $MMCV_OPS == cuda ]]; then force_cuda=1; gpus=${CUDA_VISIBLE_DEVICES-all}; fi
  # Python's own CFLAGS carry "-g -O3": flags from the environment come after them and win, so
  # the ops compile without debug information at -O2 and the linker strips them (a wheel of
  # about 1 MB instead of 32 MB, and a much shorter compile).
  (cd "$src" && MMCV_WITH_OPS=1 FORCE_CUDA=$force_cuda MAX_JOBS=${MAX_JOBS:-$(nproc)} \
    CUDA_VISIBLE_DEVICES=$gpus CFLAGS="-O2 -g0" CXXFLAGS="-O2 -g0" \
    LDFLAGS="-Wl,--strip-all" "$PY" -m pip wheel --no-build-isolation --no-deps \
    -w "$tmp/wheel" .)
  mkdir -p "$(dirname "$out")"
  rm -rf "$out.partial"
  mv "$tmp/wheel" "$out.partial"
  mv "$out.partial" "$out"   # atomic: a half-built cache never looks complete
}

install_mmcv() {
  local dir
  dir=$(mmcv_wheel_dir)
  if [[ $FORCE == 1 ]]; then rm -rf "$dir"; fi
  if ! compgen -G "$dir/mmcv-*.whl" >/dev/null; then
    echo "[setup] no cached mmcv wheel at $dir: compiling (about 9 min on 2 cores)"
    build_mmcv_wheel "$dir"
  else
    echo "[setup] using cached mmcv wheel from $dir"
  fi
  pip_install "$dir"/mmcv-*.whl
}

require_gpu() {  # the GPU route needs a GPU that this torch can use
  if ! "$PY" -c 'import sys, torch; sys.exit(not torch.cuda.is_available())'; then
    echo "setup_env.sh: --cuda, but torch $("$PY" -c 'import torch; print(torch.__version__)')" \
      "sees no GPU (torch.cuda.is_available() is False: no NVIDIA driver, no GPU visible, or a" \
      "CPU build of torch); run without --cuda for the CPU route" >&2
    exit 1
  fi
}

install_natten() {
  # natten ships only a source archive; its build needs the torch installed above. On the GPU
  # route it compiles libnatten for this GPU's architecture (long: NATTEN_N_WORKERS jobs).
  local natten
  natten=$(grep -E '^natten' "$ROOT/requirements/runtime.txt")
  if [[ $DEVICE == cuda ]]; then
    local arch
    arch=$("$PY" -c 'import torch; print("%d.%d" % torch.cuda.get_device_capability())')
    echo "[setup] building natten's kernels for compute capability $arch"
    NATTEN_CUDA_ARCH=$arch NATTEN_N_WORKERS=${NATTEN_N_WORKERS:-$(nproc)} \
      pip_install --no-build-isolation --no-cache-dir "$natten"
  else
    pip_install --no-build-isolation "$natten"
  fi
}

install_rest() {
  pip_install -r "$ROOT/requirements/mminstall.txt" -r "$ROOT/requirements/runtime.txt" \
    -r "$ROOT/requirements/tests.txt" -r "$ROOT/requirements/deploy.txt"
  pip_install --no-deps --no-build-isolation -e "$ROOT"
}

check_imports() {
  DEVICE=$DEVICE "$PY" - <<'EOF'
import os
import sys

import mmcv, mmcv.ops, mmdet, mmengine, natten, timm, torch  # noqa: E401
import mmfer
print(f"[setup] torch {torch.__version__}, mmcv {mmcv.__version__} (ops built), "
      f"mmengine {mmengine.__version__}, mmdet {mmdet.__version__}, timm {timm.__version__}, "
      f"natten {natten.__version__}, mmfer {mmfer.__version__}")
if os.environ['DEVICE'] == 'cuda':
    if not torch.cuda.is_available():
        sys.exit('setup_env.sh: --cuda, but torch sees no GPU')
    print(f"[setup] GPU: {torch.cuda.get_device_name()}, compute capability "
          f"{'%d.%d' % torch.cuda.get_device_capability()}; natten's own kernels (libnatten): "
          f"{'built' if natten.HAS_LIBNATTEN else 'NOT built: natten runs its Flex path'}")
EOF
}

step "virtual environment ($VENV)" create_venv
step "torch + torchvision ($DEVICE)" install_torch
if [[ $DEVICE == cuda ]]; then require_gpu; fi
step "mmcv ${MMCV_VERSION} with ${MMCV_OPS} ops" install_mmcv
step "natten ($DEVICE)" install_natten
step "mmengine, mmdet, timm, pycocotools, onnx, test tools, mmfer" install_rest
step "import check" check_imports
stamp_of > "$STAMP_FILE"
echo "[setup] done in $((SECONDS - T0)) s"
