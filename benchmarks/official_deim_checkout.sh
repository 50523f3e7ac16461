#!/usr/bin/env bash
# DEIM's own code, extracted into OUT_DIR and patched for today's packages, for the benchmarks
# and parity tests that run it beside mmfer (benchmarks/latency.py --official OUT_DIR, ...).
#
#   bash benchmarks/official_deim_checkout.sh OUT_DIR [SOURCE]
#
# SOURCE: a clone of DEIM (a work tree or a bare git folder) or a git URL (default
# https://github.com/ShihuaHuang95/DEIM.git, cloned). The patches: calflops and tensorboard are
# stubbed (DEIM imports them at start-up; nothing here uses them), and torchvision >= 0.21's
# Transform API (`transform` / `make_params`) is aliased to the names DEIM's transforms define.
# Run with the environment's python on PATH (or PY=.venv/bin/python): faster-coco-eval and
# pyyaml, which DEIM's code imports, are installed into OUT_DIR/.extra. Use it with
# PYTHONPATH=OUT_DIR:OUT_DIR/.extra. Prints OUT_DIR; a second run on a patched OUT_DIR does
# nothing.
set -euo pipefail
[[ $# -ge 1 && $1 != -h && $1 != --help ]] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
out=$1
source=${2:-https://github.com/ShihuaHuang95/DEIM.git}
if [[ ! -f $out/.patched ]]; then
  rm -rf "$out"; mkdir -p "$out/.extra/calflops"
  if [[ -d $source/.git ]]; then git_dir=$source/.git
  elif [[ -f $source/HEAD ]]; then git_dir=$source
  else
    git_dir=$out/.extra/deim.git
    git clone --quiet --bare --depth 1 "$source" "$git_dir"
  fi
  git --git-dir="$git_dir" archive HEAD | tar -x -C "$out"
  echo 'def calculate_flops(*a, **k): return ("0", "0", "0")' > "$out/.extra/calflops/__init__.py"
  "${PY:-python3}" - "$out" <<'PY'
import sys
root = sys.argv[1]
stub = ("try:\n    from torch.utils.tensorboard import SummaryWriter\nexcept Exception:\n"
        "    class SummaryWriter:\n        def __init__(self, *a, **k): pass\n"
        "        def __getattr__(self, n): return lambda *a, **k: None\n")
for f in ('engine/solver/det_engine.py', 'engine/core/_config.py'):
    p = f'{root}/{f}'
    s = open(p).read().replace('from torch.utils.tensorboard import SummaryWriter\n', stub)
    open(p, 'w').write(s)
p = f'{root}/engine/data/transforms/_transforms.py'
open(p, 'a').write(
    "\n\nfor _cls in list(globals().values()):\n"
    "    if isinstance(_cls, type) and issubclass(_cls, T.Transform):\n"
    "        if '_transform' in _cls.__dict__:\n            _cls.transform = _cls._transform\n"
    "        if '_get_params' in _cls.__dict__:\n            _cls.make_params = _cls._get_params\n")
PY
  if [[ ${OFFICIAL_DEIM_NO_PIP:-0} != 1 ]]; then
    "${PY:-python3}" -m pip install -q --no-deps --target "$out/.extra" faster-coco-eval pyyaml
  fi
  touch "$out/.patched"
fi
echo "$out"
