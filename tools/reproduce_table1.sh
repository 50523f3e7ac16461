#!/usr/bin/env bash
# The paper's Table 1 on RAF-DB in one command: train and test the DEIM baseline and Natten-DEIM,
# then print AP50 per expression and mAP50 for both.
#
#   bash tools/reproduce_table1.sh [SIZE n|s|m (s)] [NUM_PROCS (1)] [INPUT 640|320 (640)]
#
# Needs RAF-DB converted under data/rafdb (data/README.md). With NUM_PROCS > 1 it trains with
# tools/dist_train.sh and --auto-scale-lr (the configs' lrs are for batch 256 / 32).
# Writes work_dirs/table1/<config>/ and work_dirs/table1/table1_<size>_<input>.md.
# LPB_CHECKPOINT=FILE loads Natten-DEIM's landmark branch (POSTER++'s
# mobilefacenet_model_best.pth.tar, or tools/misc/train_lpb_landmarks.py --dataset rafdb);
# without it the branch starts from random weights (a warning says so).
# DRY_RUN=1 prints the commands instead of running them.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-s}
PROCS=${2:-1}
INPUT=${3:-640}
PY=python
[ -x .venv/bin/python ] && PY=.venv/bin/python
case "$SIZE" in n|s|m) ;; *) echo "SIZE must be n, s or m, got $SIZE" >&2; exit 2 ;; esac
case "$INPUT" in 640) SUFFIX="" ;; 320) SUFFIX="_320" ;;
    *) echo "INPUT must be 640 or 320, got $INPUT" >&2; exit 2 ;; esac

run() { if [ "${DRY_RUN:-0}" = 1 ]; then echo "$*"; else "$@"; fi; }

if [ "${DRY_RUN:-0}" != 1 ] && [ ! -f data/rafdb/annotations/rafdb_train.json ]; then
    echo "data/rafdb/annotations/rafdb_train.json is missing: convert RAF-DB first" \
         "(python tools/dataset_converters/rafdb2coco.py data/rafdb data/rafdb)" >&2
    exit 2
fi

LPB_OPTIONS=()
if [ -n "${LPB_CHECKPOINT:-}" ]; then
    if [ ! -f "$LPB_CHECKPOINT" ]; then
        echo "LPB_CHECKPOINT=$LPB_CHECKPOINT: no such file" >&2
        exit 2
    fi
    LPB_OPTIONS=(--cfg-options "model.backbone.lpb_checkpoint=$LPB_CHECKPOINT")
else
    echo "warning: no LPB_CHECKPOINT: Natten-DEIM's landmark branch starts from random" \
         "weights, unlike the paper's" >&2
fi

RESULTS=()
for MODEL in "DEIM (Baseline)=deim/deim_hgnetv2" "Natten-DEIM=natten_deim/natten_deim"; do
    LABEL=${MODEL%%=*}
    CONFIG=configs/${MODEL#*=}_${SIZE}_rafdb${SUFFIX}.py
    WORK=work_dirs/table1/$(basename "$CONFIG" .py)
    OPTIONS=()
    [ "$LABEL" = Natten-DEIM ] && OPTIONS=("${LPB_OPTIONS[@]}")
    if [ "$PROCS" -gt 1 ]; then
        run bash tools/dist_train.sh "$CONFIG" "$PROCS" --work-dir "$WORK" --auto-scale-lr \
            "${OPTIONS[@]}"
    else
        run "$PY" tools/train.py "$CONFIG" --work-dir "$WORK" "${OPTIONS[@]}"
    fi
    if [ "${DRY_RUN:-0}" = 1 ]; then
        BEST="$WORK/best_coco_bbox_mAP_50_epoch_N.pth"
    else
        BEST=$(ls -t "$WORK"/best_coco_bbox_mAP_50_epoch_*.pth | head -n 1)
    fi
    run "$PY" tools/test.py "$CONFIG" "$BEST" --work-dir "$WORK/test"
    if [ "${DRY_RUN:-0}" = 1 ]; then
        METRICS="$WORK/test/TIMESTAMP/TIMESTAMP.json"
    else
        METRICS=$(ls -t "$WORK"/test/*/*.json | head -n 1)
    fi
    RESULTS+=("$LABEL=$METRICS")
done
run "$PY" tools/analysis_tools/table1.py "${RESULTS[@]}" \
    --out "work_dirs/table1/table1_${SIZE}_${INPUT}.md"
