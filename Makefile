# The two commands of the README. Each sets the environment up first (tools/setup_env.sh is
# idempotent: seconds when nothing is missing). MMFER_VENV chooses the environment's folder.
MMFER_VENV ?= .venv
export MMFER_VENV
PY := $(MMFER_VENV)/bin/python
CONFIG ?= configs/natten_deim/natten_deim_n_synth_pretrained.py
WORK_DIR ?= work_dirs/demo
PYTEST_ARGS ?=

.PHONY: setup pretrained train-demo test test-slow lint

setup:
	bash tools/setup_env.sh --venv $(MMFER_VENV)

# The main job's pre-trained expression branch, made once from its training set's face crops
# and cached (delete it to remake it); the path is the one the main job's configs name.
PRETRAIN_CONFIG := configs/natten_deim/natten_deim_n_synth_pretrained.py
EBB_PRETRAINED := work_dirs/pretrained/synth_multi_hgnetv2_b0_expression.pth

pretrained: $(EBB_PRETRAINED)

$(EBB_PRETRAINED): | setup
	$(PY) tools/misc/pretrain_expression_branch.py $(PRETRAIN_CONFIG) $@ --epochs 16

# Main job: generate the synthetic set, pre-train the expression branch (cached), train,
# print the per-class table + accuracy.
train-demo: setup pretrained
	$(PY) tools/train.py $(CONFIG) --work-dir $(WORK_DIR)

# Tests (what .ci/run runs): lint, then pytest without the slow ones.
test: setup lint
	bash tools/run_tests.sh -m "not slow" $(PYTEST_ARGS)

test-slow: setup
	bash tools/run_tests.sh -m slow $(PYTEST_ARGS)

lint: setup
	$(MMFER_VENV)/bin/ruff check mmfer tools tests configs benchmarks
