#!/usr/bin/env bash
# Distributed training: tools/dist_train.sh CONFIG NUM_PROCS [train.py arguments...]
# One process per GPU over NCCL (the configs' env_cfg.dist_cfg.backend); tools/train.py prints
# the device and backend it uses. On a machine without GPUs it stops rather than fall back to
# the CPU; CPU processes over gloo must be asked for:
#   --cfg-options env_cfg.dist_cfg.backend=gloo   (mmfer.engine.cpu_distributed)
usage() { echo "usage: bash tools/dist_train.sh CONFIG NUM_PROCS [train.py arguments...]" >&2; }
if [[ $# -lt 2 ]]; then
    echo "dist_train.sh: expected CONFIG NUM_PROCS, got $# argument(s)" >&2
    usage
    exit 2
fi
CONFIG=$1
GPUS=$2
if [[ ! -f $CONFIG ]]; then
    echo "dist_train.sh: config $CONFIG: no such file" >&2
    exit 2
fi
case $GPUS in ''|*[!0-9]*|0) echo "dist_train.sh: NUM_PROCS must be a positive integer, got '$GPUS'" >&2
    usage; exit 2 ;; esac
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
PORT=${PORT:-29500}
MASTER_ADDR=${MASTER_ADDR:-"127.0.0.1"}

# the project's virtual environment if there is one (tools/setup_env.sh), else PYTHON or python
VENV_PY="$(dirname "$0")/../.venv/bin/python"
[ -x "$VENV_PY" ] && PYTHON=${PYTHON:-$VENV_PY}

PYTHONPATH="$(dirname "$0")/..":${PYTHONPATH:-} \
"${PYTHON:-python}" -m torch.distributed.run \
    --nnodes="$NNODES" \
    --node_rank="$NODE_RANK" \
    --master_addr="$MASTER_ADDR" \
    --nproc_per_node="$GPUS" \
    --master_port="$PORT" \
    "$(dirname "$0")/train.py" \
    "$CONFIG" \
    --launcher pytorch "${@:3}"
