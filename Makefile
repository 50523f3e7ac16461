# The two commands of the README. Each sets the environment up first (tools/setup_env.sh is
# idempotent: seconds when nothing is missing). MMFER_VENV chooses the environment's folder.
# CUDA=1 sets it up for the GPU (kept for later commands until CUDA=0); without CUDA the
# environment keeps the route it was set up with.
MMFER_VENV ?= .venv
export MMFER_VENV
PY := $(MMFER_VENV)/bin/python
CUDA ?=
SETUP_ROUTE := $(if $(filter 1,$(CUDA)),--cuda,$(if $(filter 0,$(CUDA)),--cpu,))

# The main job's config, named here once (the tests, docs and examples read it from here).
MAIN_CONFIG := configs/natten_deim/natten-deim_hgnetv2-n-lite_8e_synth.py
CONFIG ?= $(MAIN_CONFIG)
WORK_DIR ?= work_dirs/demo
PYTEST_ARGS ?=

.PHONY: setup pretrained train-demo test test-slow table1-standin table1-synth lint

setup:
	bash tools/setup_env.sh --venv $(MMFER_VENV) $(SETUP_ROUTE) $(SETUP_FLAGS)

# The main job's two pre-trained branches, each trained once by tools/train.py on the
# synthetic training set's face crops (configs/pretrain/) and cached (delete a work dir to
# remake it); the default dir is the one the main job's config names. Another set of branches
# (another PRETRAIN_SEED in its own PRETRAINED_DIR) reaches the training through --cfg-options.
# The two train side by side, PRETRAIN_THREADS each (on 2 cores two runs of one thread finish
# sooner than one run of two threads after the other); each one's output shows when it ends,
# its log is in its work dir.
CONFIG_PRETRAINED_DIR := work_dirs/pretrained
PRETRAINED_DIR ?= $(CONFIG_PRETRAINED_DIR)
PRETRAIN_SEED ?= 0
PRETRAIN_JOBS ?= 2
PRETRAIN_THREADS ?= 1
EBB_PRETRAINED := $(PRETRAINED_DIR)/expression/expression_branch.pth
LPB_PRETRAINED := $(PRETRAINED_DIR)/landmarks/landmark_branch.pth
ifneq ($(PRETRAINED_DIR),$(CONFIG_PRETRAINED_DIR))
TRAIN_OPTIONS := --cfg-options model.backbone.ebb_pretrained=$(EBB_PRETRAINED) \
	model.backbone.lpb_checkpoint=$(LPB_PRETRAINED)
endif
SETUP_STAMP := $(MMFER_VENV)/.mmfer-setup-stamp

pretrained: | setup
	@$(if $(and $(wildcard $(EBB_PRETRAINED)),$(wildcard $(LPB_PRETRAINED))),,echo \
		"pre-training the branches side by side into $(PRETRAINED_DIR) (a few minutes)")
	@$(MAKE) --no-print-directory -j$(PRETRAIN_JOBS) --output-sync=target \
		$(EBB_PRETRAINED) $(LPB_PRETRAINED)

$(SETUP_STAMP):
	bash tools/setup_env.sh --venv $(MMFER_VENV) $(SETUP_ROUTE) $(SETUP_FLAGS)

$(EBB_PRETRAINED): | $(SETUP_STAMP)
	OMP_NUM_THREADS=$(PRETRAIN_THREADS) $(PY) tools/train.py \
		configs/pretrain/hgnetv2-b0_expression-crops_8e_synth.py \
		--work-dir $(dir $@) --cfg-options randomness.seed=$(PRETRAIN_SEED)

$(LPB_PRETRAINED): | $(SETUP_STAMP)
	OMP_NUM_THREADS=$(PRETRAIN_THREADS) $(PY) tools/train.py \
		configs/pretrain/mobilefacenet_landmarks_1e_synth.py \
		--work-dir $(dir $@) --cfg-options randomness.seed=$(PRETRAIN_SEED)

# Main job: generate the synthetic set, pre-train the two branches (cached), train,
# print the per-class table + accuracy.
train-demo: setup pretrained
	$(PY) tools/train.py $(CONFIG) --work-dir $(WORK_DIR) $(TRAIN_OPTIONS)

# Table 1 end to end on a stand-in for RAF-DB (the synthetic faces written in RAF-DB's own
# layout, 120 training and 60 test images, converted by rafdb2coco.py as RAF-DB is): both rows
# for STANDIN_EPOCHS at 320 px, checkpoints chosen on val, one test pass, the table in
# STANDIN_DIR/table1/table1_n_320.md. A rerun keeps the finished rows.
STANDIN_DIR ?= work_dirs/rafdb_standin
STANDIN_EPOCHS ?= 2
$(STANDIN_DIR)/rafdb/annotations/rafdb_test.json: | setup
	$(PY) tools/misc/make_synthetic_fer.py $(STANDIN_DIR)/rafdb --layout rafdb --force
	$(PY) tools/dataset_converters/rafdb2coco.py $(STANDIN_DIR)/rafdb $(STANDIN_DIR)/rafdb

table1-standin: setup $(STANDIN_DIR)/rafdb/annotations/rafdb_test.json
	DATA_ROOT=$(STANDIN_DIR)/rafdb WORK_DIR=$(STANDIN_DIR)/table1 bash tools/reproduce_table1.sh \
		n 1 320 train_cfg.max_epochs=$(STANDIN_EPOCHS) train_dataloader.batch_size=4

# Every row of Table 1 that this installation can run, on the synthetic set (each row's
# synthetic config: its recipe, at the set's scale, from scratch) for SYNTH_TABLE_EPOCHS each,
# one seed; the table in SYNTH_TABLE_DIR/table1_n_synth.md (docs/results.md).
SYNTH_TABLE_DIR ?= work_dirs/table1_synth
SYNTH_TABLE_EPOCHS ?= 3
table1-synth: setup
	ROWS=all WORK_DIR=$(SYNTH_TABLE_DIR) bash tools/reproduce_table1.sh n 1 synth \
		train_cfg.max_epochs=$(SYNTH_TABLE_EPOCHS)

# Tests (what .ci/run runs): lint, then pytest without the slow ones, in TEST_WORKERS processes
# of one thread each (pytest-xdist; the long tests start first and an idle worker takes the
# other's waiting tests), printing the 15 slowest.
TEST_WORKERS ?= 2
test: setup lint
	bash tools/run_tests.sh -m "not slow" -n $(TEST_WORKERS) --dist worksteal --durations=15 \
		$(PYTEST_ARGS)

test-slow: setup
	bash tools/run_tests.sh -m slow $(PYTEST_ARGS)

lint: setup
	$(MMFER_VENV)/bin/ruff check mmfer tools tests configs benchmarks

# `make print-VAR` prints a variable (the scripts and tests read MAIN_CONFIG this way).
print-%:
	@echo $($*)
