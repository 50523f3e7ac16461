#!/usr/bin/env bash
# Creates (or brings up to date) the Python environment mmfer runs in. Idempotent: a second run
# on an up-to-date environment only checks the imports and exits.
#
#   tools/setup_env.sh [--venv DIR] [--cuda] [--force]
#
#   --venv DIR  where the virtual environment lives (default: $MMFER_VENV, else .venv in the
#               repo root; the Makefile passes MMFER_VENV on)
#   --cuda      GPU route: build mmcv's CUDA ops (needs nvcc and a GPU build of torch) and natten's
#               fused kernels. Only the CPU route is exercised by CI.
#   --force     rebuild everything, including the cached mmcv wheel
#
# The mmcv wheel is compiled once (about 12 minutes on this project's 2-core machine) and cached
# in $MMFER_CACHE/wheels/ ($MMFER_CACHE defaults to ~/.cache/mmfer), keyed by mmcv, torch,
# Python, device and compiler flags.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${MMFER_VENV:-$ROOT/.venv}
CACHE=${MMFER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mmfer}
PYTHON=${PYTHON:-python3}
DEVICE=cpu
FORCE=0
MMCV_VERSION=2.1.0

while [[ $# -gt 0 ]]; do
  case $1 in
    --venv) [[ $# -ge 2 ]] || { echo "setup_env.sh: --venv needs a folder" >&2; exit 2; }
            VENV=$(realpath -m "$2"); shift 2 ;;
    --cuda) DEVICE=cuda; shift ;;
    --force) FORCE=1; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "setup_env.sh: unknown argument '$1'" >&2; sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
done

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
  echo "$DEVICE"
}
STAMP_FILE=$VENV/.mmfer-setup-stamp
PY=$VENV/bin/python

imports_ok() {
  "$PY" - <<'EOF' 2>/dev/null
import mmcv, mmcv.ops, mmdet, mmengine, timm, natten, pycocotools, cv2, onnxruntime, mmfer  # noqa: F401,E501
EOF
}

if [[ $FORCE == 0 && -f $STAMP_FILE && "$(cat "$STAMP_FILE")" == "$(stamp_of)" ]] && imports_ok; then
  echo "[setup] environment at $VENV is up to date ($((SECONDS - T0)) s)"
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
  echo "$CACHE/wheels/mmcv-${MMCV_VERSION}_torch-${torch_ver}_${py_ver}_${DEVICE}_O2g0"
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
  local force_cuda=0
  [[ $DEVICE == cuda ]] && force_cuda=1
  # Python's own CFLAGS carry "-g -O3": flags from the environment come after them and win, so
  # the ops compile without debug information at -O2 and the linker strips them (a wheel of
  # about 1 MB instead of 32 MB, and a much shorter compile).
  (cd "$src" && MMCV_WITH_OPS=1 FORCE_CUDA=$force_cuda MAX_JOBS=${MAX_JOBS:-$(nproc)} \
    CFLAGS="-O2 -g0" CXXFLAGS="-O2 -g0" LDFLAGS="-Wl,--strip-all" \
    "$PY" -m pip wheel --no-build-isolation --no-deps -w "$tmp/wheel" .)
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
    echo "[setup] no cached mmcv wheel at $dir: compiling (about 12 min on 2 cores)"
    build_mmcv_wheel "$dir"
  else
    echo "[setup] using cached mmcv wheel from $dir"
  fi
  pip_install "$dir"/mmcv-*.whl
}

install_rest() {
  # natten ships only a source archive; its build needs the torch installed above.
  pip_install --no-build-isolation "$(grep -E '^natten' "$ROOT/requirements/runtime.txt")"
  pip_install -r "$ROOT/requirements/mminstall.txt" -r "$ROOT/requirements/runtime.txt" \
    -r "$ROOT/requirements/tests.txt" -r "$ROOT/requirements/deploy.txt"
  pip_install --no-deps --no-build-isolation -e "$ROOT"
}

check_imports() {
  "$PY" - <<'EOF'
import mmcv, mmcv.ops, mmdet, mmengine, natten, timm, torch
import mmfer
print(f"[setup] torch {torch.__version__}, mmcv {mmcv.__version__} (ops built), "
      f"mmengine {mmengine.__version__}, mmdet {mmdet.__version__}, timm {timm.__version__}, "
      f"natten {natten.__version__}, mmfer {mmfer.__version__}")
EOF
}

step "virtual environment ($VENV)" create_venv
step "torch + torchvision ($DEVICE)" install_torch
step "mmcv ${MMCV_VERSION} with ops" install_mmcv
step "mmengine, mmdet, timm, natten, pycocotools, test tools, mmfer" install_rest
step "import check" check_imports
stamp_of > "$STAMP_FILE"
echo "[setup] done in $((SECONDS - T0)) s"
