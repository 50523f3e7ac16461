#!/usr/bin/env bash
# The paper's Table 1 on RAF-DB in one command: the DEIM baseline and Natten-DEIM, trained with
# one recipe, each checkpoint chosen on the validation split carved from RAF-DB's training set,
# each chosen checkpoint tested once on the test split, then AP50 per expression and mAP50 of
# both in one table.
#
#   bash tools/reproduce_table1.sh [SIZE n|s|m (s)] [NUM_PROCS (1)] [INPUT 640|320 (640)]
#                                  [KEY=VALUE ...]
#
# KEY=VALUE pairs are config overrides (--cfg-options) for training and testing both models,
# e.g. train_cfg.max_epochs=50 train_dataloader.batch_size=16.
#
# Environment:
#   DATA_ROOT   converted RAF-DB, the folder holding annotations/ and Image/original/
#               (default data/rafdb; docs/rafdb.md)
#   WORK_DIR    where each row's run (WORK_DIR/<config>/) and the table go
#               (default work_dirs/table1)
#   RECIPE      deim (default): both rows train with DEIM's recipe (AdamW, EMA, Dense O2O,
#               flat-cosine); paper: both with the paper's SGD recipe
#   AMP         1 or fp16: mixed precision in float16; bf16: in bfloat16 (GPU only;
#               docs/get_started.md says which to use on which GPU)
#   FORCE=1     retrain rows that finished (their checkpoints are deleted first); otherwise a
#               finished row (its last epoch's checkpoint exists) is kept and an interrupted
#               one resumes from its last checkpoint
#   DRY_RUN=1   print the commands instead of running them
#
# Pretrained weights (environment variables; none can be downloaded by mmfer itself):
#   DEIM_CHECKPOINT  DEIM's COCO checkpoint of this size (DEIM's README, "deim_dfine_hgnetv2_
#                    {n,s,m}_coco_*.pth"); converted to 7 classes: the baseline starts from all
#                    of it but the class weights, Natten-DEIM from its HGNetV2 and decoder.
#   EBB_CHECKPOINT   HGNetV2 ImageNet weights (D-FINE's PPHGNetV2_B0_stage1.pth for n / s,
#                    PPHGNetV2_B2_stage1.pth for m, or timm's hgnetv2_b0 / b2 file), for the
#                    expression branch of both models; ignored with DEIM_CHECKPOINT.
#   LPB_CHECKPOINT   POSTER++'s mobilefacenet_model_best.pth.tar (or the landmark_branch.pth of
#                    configs/pretrain/mobilefacenet_landmarks_30e_rafdb.py) for Natten-DEIM's
#                    landmark branch; the paper's LPB is pretrained (a warning without it).
# The learning rate is scaled linearly from the recipe's base batch to NUM_PROCS x the batch
# (--auto-scale-lr); the table says which recipe, batch and lr made it. Writes
# WORK_DIR/<config>/ (with the config as run, <config>.py, and the test of the chosen
# checkpoint, test_of_best.json) and WORK_DIR/table1_<size>_<input>.md (replaced on a rerun).
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '2,44p' "$0" | sed 's/^# \{0,1\}//'; }
SIZE=${1:-s}
PROCS=${2:-1}
INPUT=${3:-640}
EXTRA=("${@:4}")
for pair in "${EXTRA[@]}"; do
    case "$pair" in *=*) ;; *) echo "reproduce_table1.sh: extra arguments must be KEY=VALUE" \
        "config overrides, got '$pair'" >&2; exit 2 ;; esac
done
PY=${PYTHON:-python}
[ -z "${PYTHON:-}" ] && [ -x .venv/bin/python ] && PY=.venv/bin/python
case "$SIZE" in n|s|m) ;; -h|--help) usage; exit 0 ;;
    *) echo "reproduce_table1.sh: SIZE must be n, s or m, got '$SIZE'" >&2; usage >&2; exit 2 ;; esac
case "$PROCS" in ''|*[!0-9]*|0) echo "reproduce_table1.sh: NUM_PROCS must be a positive" \
    "integer, got '$PROCS'" >&2; exit 2 ;; esac
case "$INPUT" in 640) DATA=rafdb ;; 320) DATA=rafdb-320 ;;
    *) echo "reproduce_table1.sh: INPUT must be 640 or 320, got '$INPUT'" >&2; exit 2 ;; esac
case "${RECIPE:-deim}" in deim) SCHEDULE=72e ;; paper) SCHEDULE=sgd-100e ;;
    *) echo "reproduce_table1.sh: RECIPE must be deim or paper, got '$RECIPE'" >&2; exit 2 ;; esac
case "${AMP:-0}" in 0) AMP_ARGS=() ;; 1|fp16) AMP_ARGS=(--amp) ;;
    bf16) AMP_ARGS=(--amp --amp-dtype bfloat16) ;;
    *) echo "reproduce_table1.sh: AMP must be 1, fp16 or bf16, got '$AMP'" >&2; exit 2 ;; esac
DATA_ROOT=${DATA_ROOT:-data/rafdb}
DATA_ROOT=${DATA_ROOT%/}/
WORK_DIR=${WORK_DIR:-work_dirs/table1}
WORK_DIR=${WORK_DIR%/}

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
        if [ ! -f "${DATA_ROOT}annotations/rafdb_$split.json" ]; then
            echo "reproduce_table1.sh: ${DATA_ROOT}annotations/rafdb_$split.json is missing:" \
                 "convert RAF-DB first (python tools/dataset_converters/rafdb2coco.py" \
                 "RAFDB_BASIC_DIR $DATA_ROOT; DATA_ROOT names the converted folder)" >&2
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

# what both rows' runs and tests share
SHARED=("data_root=$DATA_ROOT" "${EXTRA[@]}")
run mkdir -p "$WORK_DIR"
RESULTS=()
for ROW in "DEIM (Baseline)=deim/deim" "Natten-DEIM=natten_deim/natten-deim"; do
    LABEL=${ROW%%=*}
    CONFIG=configs/${ROW#*=}_hgnetv2-${SIZE}_${SCHEDULE}_${DATA}.py
    NAME=$(basename "$CONFIG" .py)
    WORK=$WORK_DIR/$NAME
    OPTIONS=("${SHARED[@]}")
    if [ -n "${DEIM_CHECKPOINT:-}" ]; then
        INIT=$WORK_DIR/${NAME}_from_deim.pth
        if [ "$LABEL" = Natten-DEIM ]; then FIT=(--fit "$CONFIG"); else FIT=(--config "$CONFIG"); fi
        run "$PY" tools/model_converters/deim2mmfer.py "$DEIM_CHECKPOINT" "$INIT" \
            --num-classes 7 "${FIT[@]}" --force
        OPTIONS+=("load_from=$INIT")
    elif [ -n "${EBB_CHECKPOINT:-}" ]; then
        OPTIONS+=("model.backbone.ebb_pretrained=$EBB_CHECKPOINT")
    fi
    if [ "$LABEL" = Natten-DEIM ] && [ -n "${LPB_CHECKPOINT:-}" ]; then
        OPTIONS+=("model.backbone.lpb_checkpoint=$LPB_CHECKPOINT")
    fi

    LAST=$WORK/epoch_$("$PY" tools/misc/run_info.py "$CONFIG" --get max_epochs \
        --cfg-options "${OPTIONS[@]}").pth
    RESUME=()
    if [ "${FORCE:-0}" = 1 ]; then
        run rm -f "$WORK"/*.pth "$WORK/last_checkpoint"
    elif [ -f "$LAST" ]; then
        echo "kept: $LAST exists (FORCE=1 retrains $LABEL)"
    elif [ -f "$WORK/last_checkpoint" ]; then
        RESUME=(--resume)
    fi
    if [ "${FORCE:-0}" = 1 ] || [ ! -f "$LAST" ]; then
        if [ "$PROCS" -gt 1 ]; then
            run bash tools/dist_train.sh "$CONFIG" "$PROCS" --work-dir "$WORK" --auto-scale-lr \
                "${AMP_ARGS[@]}" "${RESUME[@]}" --cfg-options "${OPTIONS[@]}"
        else
            run "$PY" tools/train.py "$CONFIG" --work-dir "$WORK" --auto-scale-lr \
                "${AMP_ARGS[@]}" "${RESUME[@]}" --cfg-options "${OPTIONS[@]}"
        fi
    fi
    # the chosen checkpoint's one test pass (kept on a rerun while the checkpoint is the same)
    METRICS=$WORK/test_of_best.json
    if [ "${DRY_RUN:-0}" = 1 ]; then
        BEST="$WORK/best_coco_bbox_mAP_50_epoch_N.pth"
    else
        BEST=$(ls -t "$WORK"/best_coco_bbox_mAP_50_epoch_*.pth | head -n 1)
    fi
    if [ "${DRY_RUN:-0}" = 1 ] || [ ! "$METRICS" -nt "$BEST" ]; then
        run "$PY" tools/test.py "$CONFIG" "$BEST" --work-dir "$WORK/test" \
            --cfg-options "${SHARED[@]}"
        if [ "${DRY_RUN:-0}" != 1 ]; then
            cp "$(ls -t "$WORK"/test/*/*.json | head -n 1)" "$METRICS"
        fi
    fi
    RESULTS+=("$LABEL=$METRICS")
done
RECIPE_LINE="Recipe: ${RECIPE:-deim} ($("$PY" tools/misc/run_info.py "$CONFIG" \
    --num-procs "$PROCS" --cfg-options "${SHARED[@]}"))${AMP_ARGS[*]:+, mixed precision (${AMP})}"
run "$PY" tools/analysis_tools/table1.py "${RESULTS[@]}" --note "$RECIPE_LINE" \
    --out "$WORK_DIR/table1_${SIZE}_${INPUT}.md" --force
