#!/usr/bin/env bash
# The README's synthetic-set results in one command: the main job (Natten-DEIM-N-lite, both
# branches pre-trained, 8 epochs, class loss x3), its DEIM-N baseline with that recipe and its
# two ablations (no landmark prior, no neighborhood attention), then the v1 recipe's
# Natten-DEIM-N, DEIM-N and Natten-DEIM-N-lite (5 epochs, the landmark branch trained from
# scratch), each over SEEDS; the v1 recipe's two ablations of Natten-DEIM-N over
# ABLATION_SEEDS; then the table of mAP50 per run, mean and spread.
#
#   bash tools/reproduce_synth_results.sh [SEED ...]        (seeds 0 1 2 by default)
#
# Environment: ABLATION_SEEDS ("0"; "" for none), V1=0 to leave out the v1 recipe's runs (its
# three models and its ablations), PARALLEL=1 to train two runs at a time with
# one thread each (on 2 cores, about as fast in all as one at a time with two threads),
# CFG_OPTIONS="key=value ..." to add the same `--cfg-options` to every run (the previous
# recipe's lr, in its own results dir: CFG_OPTIONS=optim_wrapper.optimizer.lr=8e-4
# RESULTS_DIR=work_dirs/synth_results_lr8e-4),
# DRY_RUN=1 to print the commands, FORCE=1 to retrain runs that are already finished (a work
# dir that holds its last epoch's checkpoint, CFG_OPTIONS applied, is otherwise kept, so an
# interrupted or extended reproduction trains only what is missing). The pre-trained branches
# are made first (`make pretrained`).
# Writes RESULTS_DIR/<config>_seed<S>/ and RESULTS_DIR/table.md
# (RESULTS_DIR: work_dirs/synth_results).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=python
[ -x .venv/bin/python ] && PY=.venv/bin/python
if [ $# -gt 0 ]; then SEEDS=("$@"); else SEEDS=(0 1 2); fi
for seed in "${SEEDS[@]}" ${ABLATION_SEEDS-0}; do
    [[ "$seed" =~ ^[0-9]+$ ]] || { echo "reproduce_synth_results.sh: seeds are integers," \
        "got '$seed'" >&2; exit 2; }
done
OUT=${RESULTS_DIR:-work_dirs/synth_results}
MAIN=configs/natten_deim/natten_deim_n_lite_synth_pretrained_8e_cls3.py
BASELINE=configs/deim/deim_hgnetv2_n_synth_pretrained_8e_cls3.py
V1_MAIN=configs/natten_deim/natten_deim_n_synth_pretrained.py
V1_BASELINE=configs/deim/deim_hgnetv2_n_synth_pretrained.py
V1_LITE=configs/natten_deim/natten_deim_n_lite_synth_pretrained.py
NO_PRIOR=configs/natten_deim/natten_deim_n_lite_synth_pretrained_8e_cls3_no_prior.py
NO_ATTENTION=configs/natten_deim/natten_deim_n_lite_synth_pretrained_8e_cls3_no_attention.py
V1_NO_PRIOR=configs/natten_deim/natten_deim_n_synth_pretrained_no_prior.py
V1_NO_ATTENTION=configs/natten_deim/natten_deim_n_synth_pretrained_no_attention.py

JOBS=()  # "config seed"
for seed in "${SEEDS[@]}"; do
    JOBS+=("$MAIN $seed" "$BASELINE $seed" "$NO_PRIOR $seed" "$NO_ATTENTION $seed")
done
if [ "${V1:-1}" = 1 ]; then
    for seed in "${SEEDS[@]}"; do
        JOBS+=("$V1_MAIN $seed" "$V1_BASELINE $seed" "$V1_LITE $seed")
    done
    for seed in ${ABLATION_SEEDS-0}; do JOBS+=("$V1_NO_PRIOR $seed" "$V1_NO_ATTENTION $seed"); done
fi

work_dir() { echo "$OUT/$(basename "$1" .py)_seed$2"; }
# config --cfg-options key=value... -> the run's last epoch, as tools/train.py reads it
max_epochs() {
    "$PY" - "$@" <<'PYTHON'
import argparse
from mmfer.utils.run_config import add_common_arguments, load_run_config
parser = argparse.ArgumentParser()
parser.add_argument('config')
add_common_arguments(parser)
args = parser.parse_args()
print(load_run_config(args.config, args.cfg_options).train_cfg.max_epochs)
PYTHON
}
train() {  # config seed
    local dir last options=("randomness.seed=$2") extra=()
    dir=$(work_dir "$1" "$2")
    read -ra extra <<< "${CFG_OPTIONS:-}"
    options+=("${extra[@]}")
    if [ "${FORCE:-0}" != 1 ] && [ -d "$dir" ]; then  # (reading the config takes seconds)
        last="$dir/epoch_$(max_epochs "$1" --cfg-options "${options[@]}").pth"
        [ -f "$last" ] && { echo "kept: $last exists (FORCE=1 retrains)"; return; }
    fi
    local cmd=("$PY" tools/train.py "$1" --work-dir "$dir" --cfg-options "${options[@]}")
    if [ "${DRY_RUN:-0}" = 1 ]; then echo "${cmd[*]}"; return; fi
    mkdir -p "$OUT"
    "${cmd[@]}" > "$dir.out" 2>&1
}

if [ "${DRY_RUN:-0}" = 1 ]; then echo make pretrained; else make pretrained; fi
if [ "${PARALLEL:-0}" = 1 ]; then
    # two workers, each taking the next job when its last one ends
    export OMP_NUM_THREADS=1 PY OUT DRY_RUN FORCE CFG_OPTIONS
    export -f train work_dir max_epochs
    printf '%s\n' "${JOBS[@]}" | xargs -P 2 -L 1 bash -c 'train "$@"' _
else
    # shellcheck disable=SC2086
    for job in "${JOBS[@]}"; do train $job; done
fi

runs() {  # config seed... -> comma-separated work dirs
    local config=$1; shift
    local dirs=()
    for seed in "$@"; do dirs+=("$(work_dir "$config" "$seed")"); done
    (IFS=,; echo "${dirs[*]}")
}
# shellcheck disable=SC2086
TABLE=("$PY" tools/analysis_tools/seed_table.py
       "Natten-DEIM-N-lite, both branches pre-trained (main job)=$(runs $MAIN "${SEEDS[@]}")"
       "DEIM-N=$(runs $BASELINE "${SEEDS[@]}")"
       "Natten-DEIM-N-lite main job, no landmark prior=$(runs $NO_PRIOR "${SEEDS[@]}")"
       "Natten-DEIM-N-lite main job, no neighborhood attention=$(runs $NO_ATTENTION "${SEEDS[@]}")")
if [ "${V1:-1}" = 1 ]; then
    TABLE+=("v1: Natten-DEIM-N=$(runs $V1_MAIN "${SEEDS[@]}")"
            "v1: DEIM-N=$(runs $V1_BASELINE "${SEEDS[@]}")"
            "v1: Natten-DEIM-N-lite=$(runs $V1_LITE "${SEEDS[@]}")")
    if [ -n "${ABLATION_SEEDS-0}" ]; then
        # shellcheck disable=SC2086
        TABLE+=("v1: Natten-DEIM-N, no landmark prior=$(runs $V1_NO_PRIOR ${ABLATION_SEEDS-0})"
                "v1: Natten-DEIM-N, no neighborhood attention=$(runs $V1_NO_ATTENTION ${ABLATION_SEEDS-0})")
    fi
fi
if [ "${DRY_RUN:-0}" = 1 ]; then echo "${TABLE[*]}"; exit 0; fi
rm -f "$OUT/table.md"
"${TABLE[@]}" --out "$OUT/table.md"
