#!/usr/bin/env bash
# pytest in the project's environment ($MMFER_VENV, default .venv); "no tests ran" (exit 5) is
# a failure, not a pass. With -n N (pytest-xdist), OMP_NUM_THREADS defaults to 1.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VENV=${MMFER_VENV:-.venv}
if [[ ! -x $VENV/bin/python ]]; then
    echo "run_tests.sh: no environment at $VENV: run tools/setup_env.sh (or make setup) first" >&2
    exit 2
fi
# several pytest-xdist workers: one thread each, or their torch threads would fight for the cores
args=("$@")
for i in "${!args[@]}"; do
  if [[ ${args[$i]} == -n && ${args[$((i + 1))]:-0} != 0 ]]; then
    export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
  fi
done
"$VENV/bin/python" -m pytest "$@"
status=$?
if [[ $status == 5 ]]; then
  echo "run_tests.sh: pytest collected no tests: failing" >&2
  exit 1
fi
exit $status
