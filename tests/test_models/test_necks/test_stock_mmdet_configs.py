"""The neck in MMDetection's own configs (shipped inside the mmdet package), as a new user would
use it: a fresh interpreter, `custom_imports=dict(imports=['mmfer'])`, the scope prefix, and for
FPN detectors nothing else but the neck's type."""
import subprocess
import sys

import pytest

SCRIPT = r'''
import os.path as osp, torch, mmdet
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.utils import import_modules_from_strings
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmengine.structures import InstanceData

root = osp.join(osp.dirname(mmdet.__file__), '.mim', 'configs')
def batch(n=1, size=128):
    g = torch.Generator().manual_seed(0)
    samples = []
    for _ in range(n):
        s = DetDataSample(metainfo=dict(img_shape=(size, size), ori_shape=(size, size),
                                        pad_shape=(size, size), scale_factor=(1.0, 1.0),
                                        batch_input_shape=(size, size)))
        s.gt_instances = InstanceData(bboxes=torch.tensor([[20.0, 24.0, 90.0, 100.0]]),
                                      labels=torch.tensor([3]))
        samples.append(s)
    return dict(inputs=[torch.randint(0, 255, (3, size, size), generator=g, dtype=torch.uint8)
                        for _ in range(n)], data_samples=samples)

# DINO selects 900 queries: its input must give that many tokens
for name, edit, size in [('retinanet/retinanet_r50_fpn_1x_coco.py', 'type', 128),
                         ('faster_rcnn/faster-rcnn_r50_fpn_1x_coco.py', 'type', 128),
                         ('dino/dino-4scale_r50_8xb2-12e_coco.py', 'channel_mapper', 256)]:
    cfg = Config.fromfile(osp.join(root, name))
    cfg.custom_imports = dict(imports=['mmfer'], allow_failed_imports=False)
    import_modules_from_strings(**cfg.custom_imports)
    if edit == 'type':  # FPN -> our neck: the type is the whole edit
        cfg.model.neck.type = 'mmfer.DFPMNattenNeck'
    else:  # DINO's ChannelMapper: same levels and width, its conv options dropped
        old = cfg.model.neck
        cfg.model.neck = dict(type='mmfer.DFPMNattenNeck', in_channels=old.in_channels,
                              out_channels=old.out_channels, num_outs=old.num_outs,
                              add_extra_convs='on_input')
    cfg.model.backbone.init_cfg = None
    init_default_scope('mmdet')
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()  # DINO's level_embed is torch.Tensor(...) until then: uninitialised memory
    assert type(model.neck).__name__ == 'DFPMNattenNeck', type(model.neck)
    data = model.data_preprocessor(batch(size=size), training=True)
    losses = model(**data, mode='loss')
    total, _ = model.parse_losses(losses)
    assert torch.isfinite(total)
    total.backward()
    assert model.neck.nat_blocks[0].attn.qkv.weight.grad is not None
    model.eval()
    with torch.no_grad():
        result = model(**model.data_preprocessor(batch(size=size), False), mode='predict')
    print(name, 'outputs', model.neck.num_outs, 'boxes',
          tuple(result[0].pred_instances.bboxes.shape))
'''


@pytest.mark.first  # long: started first (tests/conftest.py)
def test_fpn_detectors_take_the_neck_by_its_type_alone_and_dino_by_its_levels():
    result = subprocess.run([sys.executable, '-c', SCRIPT], capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if ' outputs ' in line]
    assert lines[0].startswith('retinanet/retinanet_r50_fpn_1x_coco.py outputs 5')
    assert lines[1].startswith('faster_rcnn/faster-rcnn_r50_fpn_1x_coco.py outputs 5')
    assert lines[2].startswith('dino/dino-4scale_r50_8xb2-12e_coco.py outputs 4')
