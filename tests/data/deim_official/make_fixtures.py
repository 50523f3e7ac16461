"""Make tests/data/deim_official/ from ../shared/fixtures/deim_official/ with DEIM's own code,
small enough to travel with the repository (the originals are 15 MB each).

    bash benchmarks/official_deim_checkout.sh /tmp/official_deim
    PYTHONPATH=/tmp/official_deim:/tmp/official_deim/.extra python \
        tests/data/deim_official/make_fixtures.py ../shared/fixtures/deim_official /tmp/official_deim

- ``deim_hgnetv2_n_synth_trained_fp16.pth``: the trained DEIM-N's EMA weights rounded to
  float16 (stored so; the two constant buffers, anchors and 1 / num_points, stay float32), the test image rounded to float16, and DEIM's own outputs for both (cast
  back to float32) recomputed here by DEIM's model and PostProcessor: the reference a port must
  match, as the original's is, only for the rounded weights.
- ``deim_hgnetv2_n_coco_layout.json``: the key, shape and dtype of every entry of DEIM-N's COCO
  checkpoint layout (the original holds random weights in it; the tests make such weights
  from this).
"""
import json
import os.path as osp
import sys

import torch

HERE = osp.dirname(osp.abspath(__file__))
CONSTANTS = ('anchors', 'num_points_scale')


def main(shared: str, checkout: str) -> None:
    from engine.core import YAMLConfig  # DEIM's code, on PYTHONPATH only in this process
    trained = torch.load(osp.join(shared, 'deim_hgnetv2_n_synth_trained.pth'),
                         weights_only=False)
    config = osp.join(checkout, 'configs', 'deim_dfine', 'deim_n_fx.yml')
    with open(osp.join(shared, 'deim_n_fx.yml')) as src, open(config, 'w') as dst:
        dst.write(src.read())
    cfg = YAMLConfig(config, HGNetv2={'pretrained': False}, remap_mscoco_category=False)
    model, post = cfg.model.eval(), cfg.postprocessor.eval()
    # the constants a port computes (the anchors DEIM's eval mode reads from a buffer made for
    # 160 px, the deformable attention's 1 / num_points scales) stay float32: rounded, they
    # would move DEIM's outputs away from what the rounded weights give
    half = {k: v.half() if v.is_floating_point() and not k.endswith(CONSTANTS) else v
            for k, v in trained['state_dict'].items()}
    model.load_state_dict({k: v.float() if v.is_floating_point() else v
                           for k, v in half.items()}, strict=True)
    image = trained['image'].half()
    with torch.no_grad():
        outputs = model(image.float())
        size = image.shape[-1]
        detections = post(outputs, torch.tensor([[size, size]]))[0]
    torch.save(dict(state_dict=half, image=image, pred_logits=outputs['pred_logits'],
                    pred_boxes=outputs['pred_boxes'], post=detections,
                    seed=trained['seed'], config=trained['config'],
                    num_classes=trained['num_classes']),
               osp.join(HERE, 'deim_hgnetv2_n_synth_trained_fp16.pth'))
    layout = torch.load(osp.join(shared, 'deim_hgnetv2_n_coco_layout.pth'), weights_only=False)
    with open(osp.join(HERE, 'deim_hgnetv2_n_coco_layout.json'), 'w') as f:
        json.dump({k: dict(shape=list(v.shape), dtype=str(v.dtype).split('.')[-1])
                   for k, v in layout['model'].items()}, f, indent=0)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
