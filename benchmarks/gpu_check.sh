#!/usr/bin/env bash
# The GPU check in one script, for a bare lent GPU machine without network (python3 with a CUDA
# build of torch, timm and OpenCV, as the device tool's machines have): it installs what the
# machine lacks from the wheels that benchmarks/gpu_wheels.sh gathers here into .whl/ (mmengine,
# mmdet, pycocotools, natten, ...; mmcv 2.1.0 from its source archive, built with its CPU ops:
# the DEIM models call none), then measures, each step timed and allowed to fail alone:
#   1. training steps of Natten-DEIM-S and DEIM-S at 640 px, batch 16, in float16 and bfloat16:
#      images/s and peak memory (benchmarks/gpu_check.py);
#   2. the neighborhood attention backends the model can pick (natten's libnatten kernels if
#      they are built, natten's Flex path, mmfer's PyTorch path): equality and speed, forward
#      and backward (benchmarks/neighborhood_attention_gpu.py);
#   3. Table 1 on the RAF-DB stand-in for one short epoch on the GPU, in bfloat16
#      (tools/reproduce_table1.sh n 1 320).
# Results go to OUT_DIR ($OUT on the device machine, else benchmarks/results/gpu/): the JSONs,
# the table and gpu_check.log. Under 8 minutes on one H100 (the mmcv build about 2 of them).
#
#   bash benchmarks/gpu_check.sh            # on the GPU machine, .whl/ carried beside the repo
#   GPU_CHECK_DEVICE=cpu bash benchmarks/gpu_check.sh   # the same steps, tiny, on this CPU
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
OUT_DIR=${OUT_DIR:-${OUT:-benchmarks/results/gpu}}
DEVICE=${GPU_CHECK_DEVICE:-cuda}
mkdir -p "$OUT_DIR"
LOG=$OUT_DIR/gpu_check.log
: > "$LOG"
say() { echo "[gpu_check] $*" | tee -a "$LOG"; }
step() {  # step NAME CMD...: runs CMD, logs its output and time; a failure is logged, not fatal
  local name=$1 t=$SECONDS status
  shift
  say "$name ..."
  "$@" >> "$LOG" 2>&1
  status=$?
  say "$name: exit $status, $((SECONDS - t)) s"
  return $status
}

if [ "$DEVICE" = cuda ]; then
    PYTHON=${PYTHON:-python3}
    SITE=/tmp/gpu_check_site
    install_wheels() {
        "$PYTHON" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir \
            --target "$SITE" .whl/*.whl
    }
    build_mmcv() {  # mmcv's CPU ops for this torch (the GPU hidden: no CUDA ops wanted)
        local src=/tmp/gpu_check_mmcv
        rm -rf "$src" && mkdir -p "$src" && tar -xzf .whl/mmcv-2.1.0.tar.gz -C "$src"
        src=$src/mmcv-2.1.0
        sed -i -e 's/-std=c++14/-std=c++20/g' -e 's/-std=c++17/-std=c++20/g' \
            -e "s/'c++14'/'c++20'/g" -e "s/'c++17'/'c++20'/g" "$src/setup.py"
        (cd "$src" && MMCV_WITH_OPS=1 FORCE_CUDA=0 CUDA_VISIBLE_DEVICES= MAX_JOBS=$(nproc) \
            CFLAGS="-O2 -g0" CXXFLAGS="-O2 -g0" "$PYTHON" -m pip install -q --no-deps \
            --no-build-isolation --no-cache-dir --target "$SITE" .)
    }
    export PYTHONPATH=$SITE:$REPO
    step "install carried wheels" install_wheels
    step "build mmcv 2.1.0 (CPU ops)" build_mmcv
    SHAPE=640 BATCH=16 STEPS=10 REPEATS=20 EPOCH_ARGS=()
else
    PYTHON=${PYTHON:-.venv/bin/python}
    export PYTHONPATH=$REPO
    SHAPE=128 BATCH=2 STEPS=1 REPEATS=1
    EPOCH_ARGS=(train_dataloader.batch_size=4 train_dataloader.num_workers=0
                train_dataloader.persistent_workers=False val_dataloader.num_workers=0
                val_dataloader.persistent_workers=False test_dataloader.num_workers=0
                test_dataloader.persistent_workers=False)
fi
export PYTHON
step "environment" "$PYTHON" -c "import torch, mmcv, mmdet, mmengine, natten, mmfer
print('torch', torch.__version__, 'cuda', torch.cuda.is_available(),
      torch.cuda.get_device_name() if torch.cuda.is_available() else '-',
      'mmcv', mmcv.__version__, 'mmdet', mmdet.__version__, 'natten', natten.__version__,
      'libnatten', natten.HAS_LIBNATTEN)" || { say "the environment is incomplete: stopping"; exit 1; }

step "mixed-precision training steps" "$PYTHON" benchmarks/gpu_check.py --device "$DEVICE" \
    --shape "$SHAPE" --batch "$BATCH" --steps "$STEPS" --out "$OUT_DIR/gpu_train_steps.json"
if [ "$DEVICE" = cuda ]; then
    step "neighborhood attention backends" "$PYTHON" benchmarks/neighborhood_attention_gpu.py \
        --repeats "$REPEATS" --out "$OUT_DIR/neighborhood_attention_gpu.json"
    AMP_MODE=bf16
else
    say "neighborhood attention backends: skipped (they need a GPU; tests/test_models/" \
        "test_layers/test_neighborhood_attention.py compares them on the CPU)"
    AMP_MODE=0
fi

standin_table1() {
    local root=/tmp/gpu_check_standin
    rm -rf "$root" /tmp/gpu_check_table1
    "$PYTHON" tools/misc/make_synthetic_fer.py "$root" --layout rafdb --num-train 120 \
        --num-test 60 && "$PYTHON" tools/dataset_converters/rafdb2coco.py "$root" "$root" &&
    AMP=$AMP_MODE DATA_ROOT=$root WORK_DIR=/tmp/gpu_check_table1 bash tools/reproduce_table1.sh \
        n 1 320 train_cfg.max_epochs=1 "${EPOCH_ARGS[@]}" &&
    cp /tmp/gpu_check_table1/table1_n_320.md "$OUT_DIR/"
}
step "Table 1 on the RAF-DB stand-in, one epoch" standin_table1
say "done in $SECONDS s; results in $OUT_DIR"
