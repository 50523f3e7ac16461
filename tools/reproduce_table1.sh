#!/usr/bin/env bash
# The paper's Table 1 on RAF-DB in one command: train the DEIM baseline and Natten-DEIM (each
# checkpoint chosen on the validation split carved from RAF-DB's training set), test each
# chosen checkpoint once on the test split, then write AP50 per expression and mAP50 for both.
#
#   bash tools/reproduce_table1.sh [SIZE n|s|m (s)] [NUM_PROCS (1)] [INPUT 640|320 (640)]
#                                  [KEY=VALUE ...]
#
# KEY=VALUE pairs are config overrides (--cfg-options) for training and testing both models,
# e.g. train_cfg.max_epochs=50 train_dataloader.batch_size=16.
#
# Pretrained weights (environment variables; none can be downloaded by mmfer itself):
#   DEIM_CHECKPOINT  DEIM's COCO checkpoint of this size (DEIM's README, "deim_dfine_hgnetv2_
#                    {n,s,m}_coco_*.pth"); converted to 7 classes: the baseline starts from all
#                    of it but the class weights, Natten-DEIM from its HGNetV2 and decoder.
#   EBB_CHECKPOINT   HGNetV2 ImageNet weights (D-FINE's PPHGNetV2_B0_stage1.pth for n / s,
#                    PPHGNetV2_B2_stage1.pth for m, or timm's hgnetv2_b0 / b2 file), for the
#                    expression branch of both models; ignored with DEIM_CHECKPOINT.
#   LPB_CHECKPOINT   POSTER++'s mobilefacenet_model_best.pth.tar (or a checkpoint from
#                    tools/misc/train_lpb_landmarks.py on a RAF-DB config) for Natten-DEIM's
#                    landmark branch; the paper's LPB is pretrained (a warning without it).
# The learning rate is scaled from each config's base batch to NUM_PROCS x its batch
# (--auto-scale-lr). Needs RAF-DB converted under data/rafdb (data/README.md). Writes
# work_dirs/table1/<config>/ and work_dirs/table1/table1_<size>_<input>.md.
# DRY_RUN=1 prints the commands instead of running them.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; }
SIZE=${1:-s}
PROCS=${2:-1}
INPUT=${3:-640}
EXTRA=()
for pair in "${@:4}"; do
    case "$pair" in *=*) ;; *) echo "reproduce_table1.sh: extra arguments must be KEY=VALUE" \
        "config overrides, got '$pair'" >&2; exit 2 ;; esac
done
[ $# -gt 3 ] && EXTRA=(--cfg-options "${@:4}")
PY=python
[ -x .venv/bin/python ] && PY=.venv/bin/python
case "$SIZE" in n|s|m) ;; -h|--help) usage; exit 0 ;;
    *) echo "reproduce_table1.sh: SIZE must be n, s or m, got '$SIZE'" >&2; usage >&2; exit 2 ;; esac
case "$PROCS" in ''|*[!0-9]*|0) echo "reproduce_table1.sh: NUM_PROCS must be a positive" \
    "integer, got '$PROCS'" >&2; exit 2 ;; esac
case "$INPUT" in 640) SUFFIX="" ;; 320) SUFFIX="_320" ;;
    *) echo "reproduce_table1.sh: INPUT must be 640 or 320, got '$INPUT'" >&2; exit 2 ;; esac

run() { if [ "${DRY_RUN:-0}" = 1 ]; then echo "$*"; else "$@"; fi; }
need_file() {  # need_file VARIABLE: its value must name an existing file
    local value=${!1:-}
    if [ -n "$value" ] && [ ! -f "$value" ]; then
        echo "reproduce_table1.sh: $1=$value: no such file" >&2
        exit 2
    fi
}
need_file DEIM_CHECKPOINT
need_file EBB_CHECKPOINT
need_file LPB_CHECKPOINT

if [ "${DRY_RUN:-0}" != 1 ]; then
    for split in train val test; do
        if [ ! -f "data/rafdb/annotations/rafdb_$split.json" ]; then
            echo "reproduce_table1.sh: data/rafdb/annotations/rafdb_$split.json is missing:" \
                 "convert RAF-DB first (python tools/dataset_converters/rafdb2coco.py" \
                 "data/rafdb data/rafdb)" >&2
            exit 2
        fi
    done
fi
if [ -z "${LPB_CHECKPOINT:-}" ]; then
    echo "warning: no LPB_CHECKPOINT: Natten-DEIM's landmark branch starts from random" \
         "weights, unlike the paper's" >&2
fi
if [ -z "${DEIM_CHECKPOINT:-}${EBB_CHECKPOINT:-}" ]; then
    echo "warning: neither DEIM_CHECKPOINT nor EBB_CHECKPOINT: both models train from" \
         "scratch, unlike the paper's" >&2
fi

mkdir -p work_dirs/table1
RESULTS=()
for MODEL in "DEIM (Baseline)=deim/deim_hgnetv2" "Natten-DEIM=natten_deim/natten_deim"; do
    LABEL=${MODEL%%=*}
    CONFIG=configs/${MODEL#*=}_${SIZE}_rafdb${SUFFIX}.py
    NAME=$(basename "$CONFIG" .py)
    WORK=work_dirs/table1/$NAME
    OPTIONS=()
    if [ -n "${DEIM_CHECKPOINT:-}" ]; then
        INIT=work_dirs/table1/${NAME}_from_deim.pth
        if [ "$LABEL" = Natten-DEIM ]; then FIT=(--fit "$CONFIG"); else FIT=(--config "$CONFIG"); fi
        run "$PY" tools/model_converters/deim2mmfer.py "$DEIM_CHECKPOINT" "$INIT" \
            --num-classes 7 "${FIT[@]}" --force
        OPTIONS+=(--cfg-options "load_from=$INIT")
    elif [ -n "${EBB_CHECKPOINT:-}" ]; then
        OPTIONS+=(--cfg-options "model.backbone.ebb_pretrained=$EBB_CHECKPOINT")
    fi
    if [ "$LABEL" = Natten-DEIM ] && [ -n "${LPB_CHECKPOINT:-}" ]; then
        OPTIONS+=(--cfg-options "model.backbone.lpb_checkpoint=$LPB_CHECKPOINT")
    fi
    if [ "$PROCS" -gt 1 ]; then
        run bash tools/dist_train.sh "$CONFIG" "$PROCS" --work-dir "$WORK" --auto-scale-lr \
            "${OPTIONS[@]}" "${EXTRA[@]}"
    else
        run "$PY" tools/train.py "$CONFIG" --work-dir "$WORK" --auto-scale-lr \
            "${OPTIONS[@]}" "${EXTRA[@]}"
    fi
    if [ "${DRY_RUN:-0}" = 1 ]; then
        BEST="$WORK/best_coco_bbox_mAP_50_epoch_N.pth"
        METRICS="$WORK/test/TIMESTAMP/TIMESTAMP.json"
    else
        BEST=$(ls -t "$WORK"/best_coco_bbox_mAP_50_epoch_*.pth | head -n 1)
    fi
    run "$PY" tools/test.py "$CONFIG" "$BEST" --work-dir "$WORK/test" "${EXTRA[@]}"
    if [ "${DRY_RUN:-0}" != 1 ]; then
        METRICS=$(ls -t "$WORK"/test/*/*.json | head -n 1)
    fi
    RESULTS+=("$LABEL=$METRICS")
done
run "$PY" tools/analysis_tools/table1.py "${RESULTS[@]}" \
    --out "work_dirs/table1/table1_${SIZE}_${INPUT}.md"
