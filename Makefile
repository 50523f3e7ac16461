# The two commands of the README. Each sets the environment up first (tools/setup_env.sh is
# idempotent: seconds when nothing is missing). MMFER_VENV chooses the environment's folder.
MMFER_VENV ?= .venv
export MMFER_VENV
PY := $(MMFER_VENV)/bin/python
CONFIG ?= configs/natten_deim/natten_deim_n_synth.py
WORK_DIR ?= work_dirs/demo
PYTEST_ARGS ?=

.PHONY: setup train-demo test test-slow lint

setup:
	bash tools/setup_env.sh --venv $(MMFER_VENV)

# Main job: generate the synthetic set, train on the CPU, print the per-class table + accuracy.
train-demo: setup
	$(PY) tools/train.py $(CONFIG) --work-dir $(WORK_DIR)

# Tests (what .ci/run runs): lint, then pytest without the slow ones.
test: setup lint
	bash tools/run_tests.sh -m "not slow" $(PYTEST_ARGS)

test-slow: setup
	bash tools/run_tests.sh -m slow $(PYTEST_ARGS)

lint: setup
	$(MMFER_VENV)/bin/ruff check mmfer tools tests configs benchmarks
