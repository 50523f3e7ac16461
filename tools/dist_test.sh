#!/usr/bin/env bash
# Distributed testing: tools/dist_test.sh CONFIG CHECKPOINT NUM_PROCS [test.py arguments...]
# Without CUDA the processes run on the CPU over gloo (mmfer.engine.cpu_distributed).
usage() { echo "usage: bash tools/dist_test.sh CONFIG CHECKPOINT NUM_PROCS [test.py arguments...]" >&2; }
if [[ $# -lt 3 ]]; then
    echo "dist_test.sh: expected CONFIG CHECKPOINT NUM_PROCS, got $# argument(s)" >&2
    usage
    exit 2
fi
CONFIG=$1
CHECKPOINT=$2
GPUS=$3
if [[ ! -f $CONFIG ]]; then
    echo "dist_test.sh: config $CONFIG: no such file" >&2
    exit 2
fi
if [[ ! -f $CHECKPOINT ]]; then
    echo "dist_test.sh: checkpoint $CHECKPOINT: no such file" >&2
    exit 2
fi
case $GPUS in ''|*[!0-9]*|0) echo "dist_test.sh: NUM_PROCS must be a positive integer, got '$GPUS'" >&2
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
    "$(dirname "$0")/test.py" \
    "$CONFIG" "$CHECKPOINT" \
    --launcher pytorch "${@:4}"
