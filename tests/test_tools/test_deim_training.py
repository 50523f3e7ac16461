"""The main job's config end to end on the tiny synthetic set: learning, predictions, resuming,
and 2-process CPU (gloo) training."""
import copy
import glob
import math
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch
from mmdet.structures.bbox import bbox_overlaps
from mmengine.hooks import EMAHook, Hook
from mmengine.runner import Runner

from mmfer.registry import HOOKS
from tests.conftest import MAIN_CONFIG as CONFIG
from tests.conftest import REPO
from tests.test_tools.runs import data_options, scalars

# the pre-trained branches (`make pretrained`) left out: a test machine may not have them
NO_BRANCHES = ['model.backbone.ebb_pretrained=None', 'model.backbone.lpb_checkpoint=None']
# epoch 0 plain, epoch 1 in the Mosaic stage
PHASES = ['custom_hooks.1.policy_ratios=None', 'custom_hooks.1.policy_epochs=[1,2,2]']


def train_config(root, work_dir, epochs, *extra):
    from tools.train import build_config, parse_args
    return build_config(parse_args([CONFIG, '--work-dir', work_dir, '--cfg-options',
                                    *data_options(root, epochs, wrapped_train_set=True),
                                    *NO_BRANCHES, *extra]))


def with_mixup_and_unfreezing(cfg):
    """The main job's config with DEIM's batch MixUp (on in the Mosaic stage) and its landmark
    branch unfrozen from epoch 1, as the RAF-DB recipe has them: all the state a resume must
    bring back."""
    cfg.model.data_preprocessor.batch_augments = [dict(type='BatchMixUp', prob=0.5,
                                                       enabled=False)]
    cfg.custom_hooks.append(dict(type='UnfreezeLPBHook', unfreeze_epoch=1))
    return cfg


def box_iou_of_predictions(model, data):
    """Per ground-truth face: the best IoU among the predictions, and the top-scored box's."""
    model.eval()
    with torch.no_grad():
        results = model.predict(data['inputs'], data['data_samples'], rescale=False)
    model.train()
    best, top = [], []
    for result in results:
        iou = bbox_overlaps(result.gt_instances.bboxes, result.pred_instances.bboxes)
        best.append(iou.max(1).values)
        top.append(iou[:, 0])  # predictions are sorted by score
    return torch.cat(best), torch.cat(top)


@pytest.mark.first  # long: started first (tests/conftest.py)
def test_overfitting_one_batch_puts_the_boxes_on_the_faces(tmp_path, tiny_synthetic_root):
    """Trained on one batch, the detector's decoded boxes land on its faces: a wrong box
    decoding, scaling or query selection would leave them elsewhere."""
    cfg = train_config(tiny_synthetic_root, str(tmp_path), 1, 'train_dataloader.batch_size=2')
    torch.manual_seed(0)
    runner = Runner.from_cfg(cfg)
    model = runner.model
    data = model.data_preprocessor(next(iter(runner.train_dataloader)), True)
    best_before, _ = box_iou_of_predictions(model, data)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    totals = []
    for _ in range(60):
        total = sum(model(**data, mode='loss').values())
        optimizer.zero_grad()
        total.backward()
        optimizer.step()
        totals.append(total.item())
    assert all(math.isfinite(t) for t in totals)
    assert sum(totals[-3:]) / 3 < 0.75 * sum(totals[:3]) / 3, totals
    best, top = box_iou_of_predictions(model, data)
    assert best_before.mean() < 0.2  # untrained: no box on a face (anchors are small)
    assert (best > 0.6).all() and top.mean() > 0.6, (best, top)

    test_batch = next(iter(runner.build_dataloader(cfg.test_dataloader)))
    with torch.no_grad():
        results = model.test_step(test_batch)
    for result in results:
        pred = result.pred_instances
        h, w = result.ori_shape
        assert len(pred) == cfg.model.test_cfg.max_per_img
        assert (pred.bboxes[:, 0::2] >= 0).all() and (pred.bboxes[:, 0::2] <= w).all()
        assert (pred.bboxes[:, 1::2] >= 0).all() and (pred.bboxes[:, 1::2] <= h).all()
        assert (pred.scores[:-1] >= pred.scores[1:]).all()


@HOOKS.register_module(force=True)
class StateProbeHook(Hook):
    """Records the training state as the first resumed epoch starts (after the other hooks)."""

    priority = 'LOWEST'
    seen = []

    def before_train_epoch(self, runner):
        model = runner.model
        ema = next(h for h in runner.hooks if isinstance(h, EMAHook))
        StateProbeHook.seen.append(dict(
            epoch=runner.epoch, iter=runner.iter,
            optimizer=copy.deepcopy(runner.optim_wrapper.state_dict()),  # training goes on
            schedulers=copy.deepcopy([s.state_dict() for s in runner.param_schedulers]),
            ema={k: v.clone() for k, v in ema.ema_model.state_dict().items()},
            mixup=model.data_preprocessor.batch_augments[0].enabled,
            skip=runner.train_dataloader.dataset._skip_type_keys,
            lpb_frozen=model.backbone.lpb_frozen))


@pytest.mark.first  # long: started first (tests/conftest.py)
def test_train_evaluate_and_resume_with_the_same_state(tmp_path, tiny_synthetic_root):
    work_dir = str(tmp_path / 'run')
    Runner.from_cfg(with_mixup_and_unfreezing(
        train_config(tiny_synthetic_root, work_dir, 2, *PHASES))).train()
    records = scalars(work_dir)
    assert all(math.isfinite(r['loss']) for r in records if 'loss' in r)
    evaluation = [r for r in records if 'coco/bbox_mAP_50' in r][-1]
    assert 0 <= evaluation['coco/bbox_mAP_50'] <= 1 and 'expr/accuracy' in evaluation
    # the EMA weights' metrics, and the raw weights' beside them
    assert 0 <= evaluation['raw/coco/bbox_mAP_50'] <= 1 and 'raw/expr/accuracy' in evaluation

    checkpoint = torch.load(osp.join(work_dir, 'epoch_1.pth'), map_location='cpu',
                            weights_only=False)
    cfg = with_mixup_and_unfreezing(
        train_config(tiny_synthetic_root, str(tmp_path / 'resumed'), 2, *PHASES))
    cfg.resume, cfg.load_from = True, osp.join(work_dir, 'epoch_1.pth')
    cfg.custom_hooks.append(dict(type='StateProbeHook'))
    StateProbeHook.seen.clear()
    Runner.from_cfg(cfg).train()
    state = StateProbeHook.seen[0]
    assert (state['epoch'], state['iter']) == (1, checkpoint['meta']['iter']) == (1, 3)
    saved_opt = checkpoint['optimizer']['state']
    assert {k: v['step'] for k, v in state['optimizer']['state'].items()} == \
        {k: v['step'] for k, v in saved_opt.items()}
    assert all(torch.equal(state['optimizer']['state'][k]['exp_avg'], v['exp_avg'])
               for k, v in saved_opt.items())
    assert [s['last_step'] for s in state['schedulers']] == \
        [s['last_step'] for s in checkpoint['param_schedulers']]
    # EMAHook saves the averaged weights as the checkpoint's state_dict (and the trained ones
    # as ema_state_dict); on resume the runner's EMA model holds the averaged ones again
    assert state['ema']['steps'] == checkpoint['ema_state_dict']['steps']
    assert all(torch.equal(state['ema'][f'module.{k}'], v)
               for k, v in checkpoint['state_dict'].items())
    # epoch 1 lies in the Dense O2O phase [1, 2) and after the LPB's unfreeze epoch
    assert state['mixup'] and not state['skip'] and not state['lpb_frozen']


# slow: two CPU processes training in step are checked in CI by
# test_engine/test_cpu_distributed.py, dist_train.sh's arguments by test_bad_input.py
@pytest.mark.slow
def test_dist_train_runs_two_cpu_processes(tmp_path, tiny_synthetic_root):
    work_dir = str(tmp_path / 'dist')
    env = dict(os.environ, PORT='29561', OMP_NUM_THREADS='1',
               PATH=osp.dirname(sys.executable) + os.pathsep + os.environ['PATH'])
    result = subprocess.run(
        ['bash', osp.join(REPO, 'tools/dist_train.sh'), CONFIG, '2', '--work-dir', work_dir,
         '--cfg-options', *data_options(tiny_synthetic_root, 1, wrapped_train_set=True),
         *NO_BRANCHES, 'train_dataloader.batch_size=4', 'val_dataloader.batch_size=4',
         'env_cfg.dist_cfg.backend=gloo'],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert 'train: device cpu' in result.stdout
    assert '2 processes, launcher pytorch, backend gloo' in result.stdout
    (log,) = glob.glob(f'{work_dir}/*/*.log')
    text = open(log).read()
    assert 'Distributed training: True' in text and 'CPUDistributedDataParallel' in text
    # 21 images over 2 processes with 4 each: 3 iterations per process (6 for one process)
    assert 'Epoch(train) [1][3/3]' in text
    assert osp.isfile(osp.join(work_dir, 'epoch_1.pth'))
    assert [r for r in scalars(work_dir) if 'coco/bbox_mAP_50' in r]


@pytest.mark.slow  # setup_cpu_distributed's refusal: test_utils/test_run_config.py
def test_dist_train_asked_for_gpus_on_a_cpu_machine_stops_instead_of_using_the_cpu(tmp_path):
    env = dict(os.environ, PORT='29562', OMP_NUM_THREADS='1',
               PATH=osp.dirname(sys.executable) + os.pathsep + os.environ['PATH'])
    result = subprocess.run(
        ['bash', osp.join(REPO, 'tools/dist_train.sh'), CONFIG, '1', '--work-dir',
         str(tmp_path), '--cfg-options', *NO_BRANCHES], cwd=REPO, env=env,
        capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "backend='nccl' is a GPU run, but torch" in result.stderr
    assert 'env_cfg.dist_cfg.backend=gloo' in result.stderr
    assert not os.listdir(tmp_path)  # nothing trained, nothing written


@pytest.mark.parametrize('num_classes', [5, 9])
def test_num_classes_that_disagree_with_the_dataset_stop_a_runner_before_it_trains(
        tmp_path, tiny_synthetic_root, num_classes):
    # tools/train.py refuses such a config itself (test_bad_input); a Runner built from the config
    # in a user's own script is stopped by mmdet's NumClassCheckHook before the first iteration
    cfg = train_config(tiny_synthetic_root, str(tmp_path), 1)
    cfg.model.bbox_head.num_classes = num_classes
    runner = Runner.from_cfg(cfg)
    with pytest.raises(AssertionError, match=rf'num_classes` \({num_classes}\) in DEIMHead'):
        runner.train()
    assert runner.iter == 0
