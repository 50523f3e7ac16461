"""mmfer.recipes.mmdet_recipes: an MMDetection recipe put on the face data, its own optimizer and
augmentation kept, its sizes, classes, schedule and pretrained files changed as the docs say."""
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.hub import get_config

from mmfer.cli.run_checks import check_pretrained_files
from mmfer.recipes.mmdet_recipes import on_face_data, recipe_iterations, rescale_schedule
from mmfer.recipes.pretrained_weights import scratch_options
from tests.conftest import REPO

YOLOX = 'mmdet::yolox/yolox_s_8xb8-300e_coco.py'


def config(path):
    return Config.fromfile(osp.join(REPO, 'configs', path))


def recipe(name):
    return get_config(name).to_dict()


def test_yolox_keeps_its_optimizer_and_augmentation_on_rafdb_at_320():
    cfg = config('yolox/yolox_s_72e_rafdb-320.py')
    published = recipe(YOLOX)
    assert cfg.optim_wrapper.optimizer.type == published['optim_wrapper']['optimizer']['type']
    assert cfg.optim_wrapper.optimizer.lr == published['optim_wrapper']['optimizer']['lr']
    pipeline = cfg.train_dataloader.dataset.pipeline
    assert [t.type for t in pipeline] == [t['type'] for t in
                                          published['train_dataloader']['dataset']['pipeline']]
    mosaic = next(t for t in pipeline if t.type == 'Mosaic')
    assert tuple(mosaic.img_scale) == (320, 320)  # 640 in the recipe, halved with the input
    inner = cfg.train_dataloader.dataset.dataset
    assert inner.type == 'RAFDBDataset' and inner.data_root == 'data/rafdb/'
    assert cfg.model.bbox_head.num_classes == 7
    # the last 15 of 300 epochs without Mosaic: 4 of 72 here; the EMA by the run's length
    hooks = {h.type: h for h in cfg.custom_hooks}
    assert hooks['YOLOXModeSwitchHook'].num_last_epochs == round(15 / 300 * 72)
    iterations = recipe_iterations(published)
    assert hooks['RunLengthEMAHook'].window_ratio == pytest.approx(1 / 0.0001 / iterations)
    assert cfg.train_cfg.max_epochs == 72 and cfg.train_cfg.val_interval == 4
    assert cfg.auto_scale_lr.base_batch_size == 64


def test_a_recipe_at_another_scale_scales_its_anchors_but_ssd_refuses():
    published = recipe('mmdet::yolo/yolov3_d53_8xb8-ms-416-273e_coco.py')
    at_416 = published['model']['bbox_head']['anchor_generator']['base_sizes']
    for scale in (640, 320):
        path = f'yolov3/yolov3_d53_72e_rafdb{"-320" if scale == 320 else ""}.py'
        anchors = config(path).model.bbox_head.anchor_generator.base_sizes
        assert anchors[0][0] == tuple(round(s * scale / 416) for s in at_416[0][0])
    with pytest.raises(ValueError, match=r"SSD's anchors are tied to its input size \(300\)"):
        on_face_data(get_config('mmdet::ssd/ssd300_coco.py'), data='rafdb', img_scale=(320, 320),
                     max_epochs=72)
    assert config('ssd/ssd300_72e_rafdb.py').model.bbox_head.type == 'PredictableSSDHead'


def test_pretrained_backbones_are_local_files_and_scratch_rows_unfreeze():
    cfg = config('retinanet/retinanet_r50_fpn_72e_rafdb.py')
    assert cfg.model.backbone.init_cfg.checkpoint == 'checkpoints/resnet50-0676ba61.pth'
    assert cfg.pretrained_weights == {
        'checkpoints/resnet50-0676ba61.pth':
            'https://download.pytorch.org/models/resnet50-0676ba61.pth'}
    assert scratch_options(cfg.model) == ['model.backbone.init_cfg=None',
                                          'model.backbone.frozen_stages=-1',
                                          'model.backbone.norm_eval=False']
    scratch = config('retinanet/retinanet_r50_fpn_3e_synth.py').model.backbone
    assert 'init_cfg' not in scratch or scratch.init_cfg is None
    assert scratch.frozen_stages == -1 and scratch.norm_eval is False


def test_a_missing_pretrained_file_names_the_key_the_url_and_the_way_out(tmp_path):
    cfg = config('retinanet/retinanet_r50_fpn_72e_rafdb.py')
    cfg.model.backbone.init_cfg.checkpoint = str(tmp_path / 'resnet50-0676ba61.pth')
    cfg.pretrained_weights = {str(tmp_path / 'resnet50-0676ba61.pth'):
                              'https://download.pytorch.org/models/resnet50-0676ba61.pth'}
    with pytest.raises(FileNotFoundError) as error:
        check_pretrained_files(cfg, 'retinanet_r50_fpn_72e_rafdb.py')
    message = str(error.value)
    assert 'model.backbone.init_cfg.checkpoint' in message
    assert 'https://download.pytorch.org/models/resnet50-0676ba61.pth' in message
    assert 'model.backbone.init_cfg=None' in message


def test_a_schedule_published_in_iterations_is_placed_in_shares_of_the_run():
    published = recipe('mmdet::ssd/ssd300_coco.py')
    schedule = rescale_schedule(published, max_epochs=72)
    warmup, steps = (s['scheduler'] for s in schedule['param_scheduler'])
    assert warmup['end'] == pytest.approx(500 / recipe_iterations(published))
    assert steps['milestones'] == pytest.approx([16 / 24, 22 / 24])
    assert schedule['train_cfg']['max_epochs'] == 72


def test_unknown_data_is_refused():
    with pytest.raises(ValueError, match="data must be one of"):
        on_face_data(get_config(YOLOX), data='affectnet', img_scale=(640, 640), max_epochs=1)
