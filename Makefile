# The two commands of the README. Each sets the environment up first (tools/setup_env.sh is
# idempotent: seconds when nothing is missing). MMFER_VENV chooses the environment's folder.
MMFER_VENV ?= .venv
export MMFER_VENV
PY := $(MMFER_VENV)/bin/python
CONFIG ?= $(PRETRAIN_CONFIG)
WORK_DIR ?= work_dirs/demo
PYTEST_ARGS ?=

.PHONY: setup pretrained train-demo test test-slow lint

setup:
	bash tools/setup_env.sh --venv $(MMFER_VENV)

# The main job's two pre-trained branches, each made once from its training set's face crops and
# cached (delete a file to remake it); the default paths are the ones the main job's config
# names. Another set of branches (another PRETRAIN_SEED in its own PRETRAINED_DIR) is passed to
# the training with --cfg-options.
PRETRAIN_CONFIG := configs/natten_deim/natten_deim_n_lite_synth_pretrained_8e_cls3.py
CONFIG_PRETRAINED_DIR := work_dirs/pretrained
PRETRAINED_DIR ?= $(CONFIG_PRETRAINED_DIR)
PRETRAIN_SEED ?= 0
EBB_PRETRAINED := $(PRETRAINED_DIR)/synth_multi_hgnetv2_b0_expression.pth
LPB_PRETRAINED := $(PRETRAINED_DIR)/synth_multi_mobilefacenet_landmarks.pth
ifneq ($(PRETRAINED_DIR),$(CONFIG_PRETRAINED_DIR))
TRAIN_OPTIONS := --cfg-options model.backbone.ebb_pretrained=$(EBB_PRETRAINED) \
	model.backbone.lpb_checkpoint=$(LPB_PRETRAINED)
endif

pretrained: $(EBB_PRETRAINED) $(LPB_PRETRAINED)

$(EBB_PRETRAINED): | setup
	$(PY) tools/misc/pretrain_expression_branch.py $(PRETRAIN_CONFIG) $@ --epochs 16 \
		--seed $(PRETRAIN_SEED)

$(LPB_PRETRAINED): | setup
	$(PY) tools/misc/train_lpb_landmarks.py $(PRETRAIN_CONFIG) $@ --epochs 8 \
		--seed $(PRETRAIN_SEED)

# Main job: generate the synthetic set, pre-train the two branches (cached), train,
# print the per-class table + accuracy.
train-demo: setup pretrained
	$(PY) tools/train.py $(CONFIG) --work-dir $(WORK_DIR) $(TRAIN_OPTIONS)

# Tests (what .ci/run runs): lint, then pytest without the slow ones.
test: setup lint
	bash tools/run_tests.sh -m "not slow" $(PYTEST_ARGS)

test-slow: setup
	bash tools/run_tests.sh -m slow $(PYTEST_ARGS)

lint: setup
	$(MMFER_VENV)/bin/ruff check mmfer tools tests configs benchmarks
