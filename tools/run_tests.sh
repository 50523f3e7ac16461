#!/usr/bin/env bash
# pytest in the project's environment ($MMFER_VENV, default .venv); "no tests ran" (exit 5) is
# a failure, not a pass.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VENV=${MMFER_VENV:-.venv}
if [[ ! -x $VENV/bin/python ]]; then
    echo "run_tests.sh: no environment at $VENV: run tools/setup_env.sh (or make setup) first" >&2
    exit 2
fi
"$VENV/bin/python" -m pytest "$@"
status=$?
if [[ $status == 5 ]]; then
  echo "run_tests.sh: pytest collected no tests: failing" >&2
  exit 1
fi
exit $status
