#!/usr/bin/env bash
# The synthetic-set results of docs/results.md in one command: the main job (Natten-DEIM-N-lite)
# and its DEIM-N baseline, then the ablation ladder from DEIM-N to the main job one part at a
# time (+ the stride-8 level; + the neck with its DFPMs gating without a prior; + the landmark
# prior; + neighborhood attention; + the global fusion = the main job) and the main job with
# DEIM's fusion (AIFI + CCFF) in place of its own, each over SEEDS; then the tables.
#
#   bash tools/reproduce_synth_results.sh [SEED ...]        (seeds 0 1 2 by default)
#
# Runs go in order of what the docs need first: the main job and the baseline over all seeds,
# then every other row seed by seed. A finished run (a work dir holding its last epoch's
# checkpoint, CFG_OPTIONS applied) is kept, so an interrupted or extended reproduction, on this
# machine or a fresh one holding the work dirs, trains only what is missing.
#
# Environment: RESULTS_DIR (work_dirs/synth_results), PARALLEL=1 to train two runs at a time
# with one thread each (on 2 cores, about as fast in all as one at a time with two threads),
# CFG_OPTIONS="key=value ..." to add the same `--cfg-options` to every run, DRY_RUN=1 to print
# the commands, FORCE=1 to retrain finished runs. The pre-trained branches are made first
# (`make pretrained`). Writes RESULTS_DIR/<config>_seed<S>/, RESULTS_DIR/main.md (the main job
# and DEIM-N) and RESULTS_DIR/ladder.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=python
[ -x .venv/bin/python ] && PY=.venv/bin/python
if [ $# -gt 0 ]; then SEEDS=("$@"); else SEEDS=(0 1 2); fi
for seed in "${SEEDS[@]}"; do
    [[ "$seed" =~ ^[0-9]+$ ]] || { echo "reproduce_synth_results.sh: seeds are integers," \
        "got '$seed'" >&2; exit 2; }
done
OUT=${RESULTS_DIR:-work_dirs/synth_results}
MAIN=$(make -s --no-print-directory print-MAIN_CONFIG)
BASELINE=configs/deim/deim_hgnetv2-n_8e_synth.py
RUNG1=configs/deim/deim_hgnetv2-n-p3_8e_synth.py
RUNG2=configs/natten_deim/natten-deim_hgnetv2-n-lite-gating_8e_synth.py
RUNG3=configs/natten_deim/natten-deim_hgnetv2-n-lite-prior_8e_synth.py
RUNG4=configs/natten_deim/natten-deim_hgnetv2-n-lite-prior-na_8e_synth.py
CCFF=configs/natten_deim/natten-deim_hgnetv2-n-lite-ccff_8e_synth.py

JOBS=()  # "config seed", in the order they run
for seed in "${SEEDS[@]}"; do JOBS+=("$MAIN $seed" "$BASELINE $seed"); done
for seed in "${SEEDS[@]}"; do
    for config in "$RUNG1" "$RUNG2" "$RUNG3" "$RUNG4" "$CCFF"; do JOBS+=("$config $seed"); done
done

work_dir() { echo "$OUT/$(basename "$1" .py)_seed$2"; }
train() {  # config seed
    local dir last options=("randomness.seed=$2") extra=()
    dir=$(work_dir "$1" "$2")
    read -ra extra <<< "${CFG_OPTIONS:-}"
    options+=("${extra[@]}")
    # a run with a checkpoint may be finished: its config says which epoch is the last
    # (reading it takes seconds, so only then)
    if [ "${FORCE:-0}" != 1 ] && compgen -G "$dir/epoch_*.pth" > /dev/null; then
        last="$dir/epoch_$("$PY" tools/misc/run_info.py "$1" --get max_epochs \
            --cfg-options "${options[@]}").pth"
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
    export -f train work_dir
    printf '%s\n' "${JOBS[@]}" | xargs -P 2 -L 1 bash -c 'train "$@"' _
else
    # shellcheck disable=SC2086
    for job in "${JOBS[@]}"; do train $job; done
fi

runs() {  # config -> its runs' work dirs, comma-separated
    local dirs=()
    for seed in "${SEEDS[@]}"; do dirs+=("$(work_dir "$1" "$seed")"); done
    (IFS=,; echo "${dirs[*]}")
}
table() {  # out.md NAME=config ...
    local out=$1 rows=()
    shift
    for row in "$@"; do rows+=("${row%%=*}=$(runs "${row#*=}")"); done
    if [ "${DRY_RUN:-0}" = 1 ]; then echo "$PY tools/analysis_tools/seed_table.py ${rows[*]}"
    else "$PY" tools/analysis_tools/seed_table.py "${rows[@]}" --out "$out" --force; fi
}
table "$OUT/main.md" "Natten-DEIM-N-lite (main job)=$MAIN" "DEIM-N=$BASELINE"
table "$OUT/ladder.md" "0. DEIM-N=$BASELINE" "1. + stride-8 level=$RUNG1" \
    "2. + DFPM neck, self-gating (no prior, no NA, no fusion)=$RUNG2" \
    "3. + landmark prior=$RUNG3" "4. + neighborhood attention=$RUNG4" \
    "5. + global fusion: the main job=$MAIN" "main job with AIFI + CCFF fusion=$CCFF"
