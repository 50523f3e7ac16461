#!/usr/bin/env bash
# The paper's Table 1 on RAF-DB in one command: by default the DEIM baseline and Natten-DEIM,
# trained with one recipe; with ROWS, also the paper's other rows that MMDetection ships (each
# with the recipe its authors published) and rows the paper lacks. Every row is trained on the
# same split, its checkpoint chosen on the validation split carved from RAF-DB's training set,
# tested once on the test split and scored by the same evaluators (COCO's AP50 and the VOC
# devkit's), then one table laid out as the paper's, with its figures beside ours.
#
#   bash tools/reproduce_table1.sh [SIZE n|s|m (s)] [NUM_PROCS (1)] [INPUT 640|320|synth (640)]
#                                  [KEY=VALUE ...]
#
# KEY=VALUE pairs are config overrides (--cfg-options) for training and testing every row,
# e.g. train_cfg.max_epochs=50 train_dataloader.batch_size=16. INPUT synth runs the rows'
# synthetic-set configs instead (each at its own scale; the set has no validation split, so the
# last epoch is tested), to check the whole table on a small machine.
#
# Environment:
#   ROWS        deim,natten-deim (default), all, or row names (commas or spaces): ssd,
#               retinanet, yolov3, centernet, efficientnet, yolov4, yolov5, yolox, yolov7,
#               yolov8, fer-yolo-mamba, fer-yolo-ncamamba, deim, natten-deim, rtmdet, dino,
#               retinanet-dfpm-natten, yolox-dfpm-natten; rows this installation cannot run
#               are listed under the table with the reason
#   DATA_ROOT   converted RAF-DB, the folder holding annotations/ and Image/original/
#               (default data/rafdb; docs/rafdb.md; for INPUT synth, the configs' own)
#   WORK_DIR    where each row's run (WORK_DIR/<config>/) and the table go
#               (default work_dirs/table1)
#   RECIPE      deim (default): DEIM and Natten-DEIM train with DEIM's recipe (AdamW, EMA,
#               Dense O2O, flat-cosine); paper: both with the paper's SGD recipe. The other
#               rows keep their own recipes.
#   AMP         1 or fp16: mixed precision in float16; bf16: in bfloat16 (GPU only;
#               docs/get_started.md says which to use on which GPU)
#   FORCE=1     retrain rows that finished (their checkpoints are deleted first); otherwise a
#               finished row (its last epoch's checkpoint exists) is kept and an interrupted
#               one resumes from its last checkpoint
#   DRY_RUN=1   print the commands instead of running them
#
# Pretrained weights (none can be downloaded by mmfer itself):
#   DEIM_CHECKPOINT  DEIM's COCO checkpoint of this size (DEIM's README, "deim_dfine_hgnetv2_
#                    {n,s,m}_coco_*.pth"); converted to 7 classes: the baseline starts from all
#                    of it but the class weights, Natten-DEIM from its HGNetV2 and decoder.
#   EBB_CHECKPOINT   HGNetV2 ImageNet weights (D-FINE's PPHGNetV2_B0_stage1.pth for n / s,
#                    PPHGNetV2_B2_stage1.pth for m, or timm's hgnetv2_b0 / b2 file), for the
#                    expression branch of both models; ignored with DEIM_CHECKPOINT.
#   LPB_CHECKPOINT   POSTER++'s mobilefacenet_model_best.pth.tar (or the landmark_branch.pth of
#                    configs/pretrain/mobilefacenet_landmarks_30e_rafdb.py) for Natten-DEIM's
#                    landmark branch; the paper's LPB is pretrained (a warning without it).
#   The MMDetection rows read their recipes' ImageNet backbones from checkpoints/, named as the
#   recipes' URLs name them (a row's config says which, under pretrained_weights); a row whose
#   file is missing trains its backbone from scratch, with a warning.
# The learning rate is scaled linearly from each recipe's base batch to NUM_PROCS x the batch
# (--auto-scale-lr); the table says which recipe, batch and lr made each row. Writes
# WORK_DIR/<config>/ (with the config as run, <config>.py, the test of the chosen checkpoint,
# test_of_best.json, and the network's parameters and latency at the row's input size on this
# machine's CPU, cost.json) and WORK_DIR/table1_<size>_<input>.md (replaced on a rerun).
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '2,54p' "$0" | sed 's/^# \{0,1\}//'; }
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
case "$INPUT" in 640) DATA=rafdb ;; 320) DATA=rafdb-320 ;; synth) DATA=synth ;;
    *) echo "reproduce_table1.sh: INPUT must be 640, 320 or synth, got '$INPUT'" >&2; exit 2 ;; esac
case "${RECIPE:-deim}" in deim) SCHEDULE=72e ;; paper) SCHEDULE=sgd-100e ;;
    *) echo "reproduce_table1.sh: RECIPE must be deim or paper, got '$RECIPE'" >&2; exit 2 ;; esac
case "${AMP:-0}" in 0) AMP_ARGS=() ;; 1|fp16) AMP_ARGS=(--amp) ;;
    bf16) AMP_ARGS=(--amp --amp-dtype bfloat16) ;;
    *) echo "reproduce_table1.sh: AMP must be 1, fp16 or bf16, got '$AMP'" >&2; exit 2 ;; esac
WORK_DIR=${WORK_DIR:-work_dirs/table1}
WORK_DIR=${WORK_DIR%/}
SHARED=()
if [ "$DATA" != synth ] || [ -n "${DATA_ROOT:-}" ]; then
    DATA_ROOT=${DATA_ROOT:-data/rafdb}
    DATA_ROOT=${DATA_ROOT%/}/
    SHARED=("data_root=$DATA_ROOT")
fi
# what every row's runs and tests share
SHARED+=("${EXTRA[@]}")
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
# (checked before the configs are read, which takes seconds)
if [ "${DRY_RUN:-0}" != 1 ] && [ "$DATA" != synth ]; then
    for split in train val test; do
        if [ ! -f "${DATA_ROOT}annotations/rafdb_$split.json" ]; then
            echo "reproduce_table1.sh: ${DATA_ROOT}annotations/rafdb_$split.json is missing:" \
                 "convert RAF-DB first (python tools/dataset_converters/rafdb2coco.py" \
                 "/path/to/RAF-DB $DATA_ROOT; DATA_ROOT names the converted folder)" >&2
            exit 2
        fi
    done
fi
# the rows, and what each runnable row's config says (five values a row, one after another),
# read in one process: a python start costs seconds on a small machine
INFO_KEYS=(summary max_epochs input_size missing_weights scratch_options)
INFO_OPTIONS=()
[ "${#SHARED[@]}" = 0 ] || INFO_OPTIONS=(--cfg-options "${SHARED[@]}")
INFO_FILE=$(mktemp)
trap 'rm -f "$INFO_FILE"' EXIT
ROW_LIST=$("$PY" tools/misc/table1_rows.py "${ROWS:-}" --data "$DATA" --size "$SIZE" \
    --schedule "$SCHEDULE" --info-out "$INFO_FILE" --get "${INFO_KEYS[@]}" \
    --num-procs "$PROCS" "${INFO_OPTIONS[@]}")
mapfile -t ALL_INFO < "$INFO_FILE"

run() { if [ "${DRY_RUN:-0}" = 1 ]; then echo "$*"; else "$@"; fi; }

# (the synthetic-set configs read the branches `make pretrained` trains on synthetic crops)
if [ "$DATA" != synth ] && grep -q '^natten-deim ' <<< "$ROW_LIST" && \
        [ -z "${LPB_CHECKPOINT:-}" ]; then
    echo "warning: no LPB_CHECKPOINT: Natten-DEIM's landmark branch starts from random" \
         "weights, unlike the paper's" >&2
fi
if [ "$DATA" != synth ] && grep -q '^\(natten-\)\{0,1\}deim ' <<< "$ROW_LIST" && \
        [ -z "${DEIM_CHECKPOINT:-}${EBB_CHECKPOINT:-}" ]; then
    echo "warning: neither DEIM_CHECKPOINT nor EBB_CHECKPOINT: DEIM and Natten-DEIM train" \
         "from scratch, unlike the paper's" >&2
fi

ROW=0

run mkdir -p "$WORK_DIR"
RESULTS=()
TABLE_ARGS=()
NOTES=()
while read -r KEY CONFIG; do
    if [ "$CONFIG" = - ]; then
        TABLE_ARGS+=(--skipped "$KEY")
        continue
    fi
    NAME=$(basename "$CONFIG" .py)
    WORK=$WORK_DIR/$NAME
    OPTIONS=("${SHARED[@]}")
    INFO=("${ALL_INFO[@]:$(( ROW * ${#INFO_KEYS[@]} )):${#INFO_KEYS[@]}}")
    ROW=$(( ROW + 1 ))
    SUMMARY=${INFO[0]} MISSING=${INFO[3]}
    LAST=$WORK/epoch_${INFO[1]}.pth
    RESUME=()
    if [ "${FORCE:-0}" = 1 ]; then
        run rm -f "$WORK"/*.pth "$WORK/last_checkpoint" "$WORK/cost.json"
    elif [ -f "$LAST" ]; then
        echo "kept: $LAST exists (FORCE=1 retrains $KEY)"
    elif [ -f "$WORK/last_checkpoint" ]; then
        RESUME=(--resume)
    fi
    TRAIN=0
    if [ "${FORCE:-0}" = 1 ] || [ ! -f "$LAST" ]; then TRAIN=1; fi
    case "$KEY" in
    deim|natten-deim)
        if [ -n "${DEIM_CHECKPOINT:-}" ]; then
            INIT=$WORK_DIR/${NAME}_from_deim.pth
            if [ "$KEY" = natten-deim ]; then FIT=(--fit "$CONFIG"); else FIT=(--config "$CONFIG"); fi
            # converted for a training only (a kept row's test reads its own checkpoint)
            if [ "$TRAIN" = 1 ]; then
                run "$PY" tools/model_converters/deim2mmfer.py "$DEIM_CHECKPOINT" "$INIT" \
                    --num-classes 7 "${FIT[@]}" --force
            fi
            OPTIONS+=("load_from=$INIT")
        elif [ -n "${EBB_CHECKPOINT:-}" ]; then
            OPTIONS+=("model.backbone.ebb_pretrained=$EBB_CHECKPOINT")
        fi
        if [ "$KEY" = natten-deim ] && [ -n "${LPB_CHECKPOINT:-}" ]; then
            OPTIONS+=("model.backbone.lpb_checkpoint=$LPB_CHECKPOINT")
        fi
        LABEL="Recipe: ${RECIPE:-deim}" ;;
    *)
        if [ -n "$MISSING" ]; then
            echo "warning: $KEY: $MISSING missing: its backbone trains from scratch, unlike" \
                 "its recipe" >&2
            read -r -a SCRATCH <<< "${INFO[4]}"
            OPTIONS+=("${SCRATCH[@]}")
        fi
        LABEL="$KEY: its own recipe${MISSING:+, backbone from scratch}" ;;
    esac

    if [ "$TRAIN" = 1 ]; then
        if [ "$PROCS" -gt 1 ]; then
            run bash tools/dist_train.sh "$CONFIG" "$PROCS" --work-dir "$WORK" --auto-scale-lr \
                "${AMP_ARGS[@]}" "${RESUME[@]}" --cfg-options "${OPTIONS[@]}"
        else
            run "$PY" tools/train.py "$CONFIG" --work-dir "$WORK" --auto-scale-lr \
                "${AMP_ARGS[@]}" "${RESUME[@]}" --cfg-options "${OPTIONS[@]}"
        fi
    fi
    # the chosen checkpoint's one test pass (kept on a rerun while the checkpoint is the same):
    # the best on the validation split, or the last epoch on the synthetic set (no val split)
    METRICS=$WORK/test_of_best.json
    if [ "$DATA" = synth ]; then
        CHOSEN=$LAST
    elif [ "${DRY_RUN:-0}" = 1 ]; then
        CHOSEN="$WORK/best_coco_bbox_mAP_50_epoch_N.pth"
    else
        CHOSEN=$(ls -t "$WORK"/best_coco_bbox_mAP_50_epoch_*.pth | head -n 1)
    fi
    if [ "${DRY_RUN:-0}" = 1 ] || [ ! "$METRICS" -nt "$CHOSEN" ]; then
        run "$PY" tools/test.py "$CONFIG" "$CHOSEN" --work-dir "$WORK/test" \
            --cfg-options "${OPTIONS[@]}"
        if [ "${DRY_RUN:-0}" != 1 ]; then
            cp "$(ls -t "$WORK"/test/*/*.json | head -n 1)" "$METRICS"
        fi
    fi
    # the network's parameters and latency at the row's input size (kept on a rerun)
    if [ "${DRY_RUN:-0}" = 1 ] || [ ! -f "$WORK/cost.json" ]; then
        run "$PY" tools/analysis_tools/benchmark.py "$CONFIG" --network --shape "${INFO[2]}" \
            --threads "${COST_THREADS:-2}" --warmup 2 --runs 10 --out "$WORK/cost.json" --force
    fi
    RESULTS+=("$KEY=$METRICS")
    TABLE_ARGS+=(--cost "$KEY=$WORK/cost.json")
    NOTES+=("$LABEL ($SUMMARY)${AMP_ARGS[*]:+, mixed precision (${AMP})}")
done <<< "$ROW_LIST"
if [ "${#RESULTS[@]}" = 0 ]; then
    echo "reproduce_table1.sh: none of the rows asked for (ROWS=${ROWS:-}) can run here" >&2
    exit 2
fi
# DEIM and Natten-DEIM share one recipe: one line for both
mapfile -t NOTES < <(printf '%s\n' "${NOTES[@]}" | awk '!seen[$0]++')
NOTES+=("Params and latency: the network alone (tools/analysis_tools/benchmark.py --network),\
 batch 1, this machine's CPU, ${COST_THREADS:-2} threads, at each row's input size")
NOTE_ARGS=()
for note in "${NOTES[@]}"; do NOTE_ARGS+=(--note "$note"); done
run "$PY" tools/analysis_tools/table1.py "${RESULTS[@]}" "${TABLE_ARGS[@]}" "${NOTE_ARGS[@]}" \
    --out "$WORK_DIR/table1_${SIZE}_${INPUT}.md" --force
