#!/usr/bin/env bash
# pytest in the project's environment; "no tests ran" (exit 5) is a failure, not a pass.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
.venv/bin/python -m pytest "$@"
status=$?
if [[ $status == 5 ]]; then
  echo "run_tests.sh: pytest collected no tests: failing" >&2
  exit 1
fi
exit $status
