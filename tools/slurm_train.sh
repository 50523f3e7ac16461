#!/usr/bin/env bash
# Train on a Slurm cluster, as MMDetection's tools/slurm_train.sh does: one task per GPU through
# srun, mmengine's slurm launcher (tools/train.py --launcher slurm).
#
#   [GPUS=8] [GPUS_PER_NODE=8] [CPUS_PER_TASK=5] [SRUN_ARGS=...] \
#   bash tools/slurm_train.sh PARTITION JOB_NAME CONFIG WORK_DIR [train.py options ...]
#
# e.g. GPUS=16 bash tools/slurm_train.sh gpu natten_s configs/natten_deim/natten-deim_hgnetv2-s_72e_rafdb.py
#      work_dirs/natten_s --auto-scale-lr
set -euo pipefail
usage() { echo 'usage:'; sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }
if [[ ${1:-} == -h || ${1:-} == --help ]]; then usage; exit 0; fi
if [[ $# -lt 4 ]]; then
    echo "slurm_train.sh: expected PARTITION JOB_NAME CONFIG WORK_DIR, got $# argument(s)" >&2
    usage >&2
    exit 2
fi
PARTITION=$1
JOB_NAME=$2
CONFIG=$3
WORK_DIR=$4
GPUS=${GPUS:-8}
GPUS_PER_NODE=${GPUS_PER_NODE:-8}
CPUS_PER_TASK=${CPUS_PER_TASK:-5}
SRUN_ARGS=${SRUN_ARGS:-}
if [[ ! -f $CONFIG ]]; then
    echo "slurm_train.sh: config $CONFIG: no such file" >&2
    exit 2
fi
for name in GPUS GPUS_PER_NODE CPUS_PER_TASK; do
    case ${!name} in ''|*[!0-9]*|0) echo "slurm_train.sh: $name must be a positive integer," \
        "got '${!name}'" >&2; exit 2 ;; esac
done
if ! command -v srun >/dev/null 2>&1; then
    echo "slurm_train.sh: srun not found: this machine is not a Slurm login node" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python}
[[ -x $ROOT/.venv/bin/python ]] && PYTHON=$ROOT/.venv/bin/python
# shellcheck disable=SC2086  # SRUN_ARGS holds several arguments
PYTHONPATH="$ROOT":${PYTHONPATH:-} \
srun -p "$PARTITION" --job-name="$JOB_NAME" --gres=gpu:"$GPUS_PER_NODE" --ntasks="$GPUS" \
    --ntasks-per-node="$GPUS_PER_NODE" --cpus-per-task="$CPUS_PER_TASK" --kill-on-bad-exit=1 \
    $SRUN_ARGS "$PYTHON" -u "$ROOT/tools/train.py" "$CONFIG" --work-dir="$WORK_DIR" \
    --launcher=slurm "${@:5}"
