"""Run DEIM's own code once, for the parity test: build a DEIM / D-FINE model from DEIM's
config, give every weight and BatchNorm statistic a random value (DEIM zero-initialises its
box and score heads, so a freshly built model answers almost the same whatever the input),
and save the state dict, an input and the eval-mode outputs.

    PYTHONPATH=DEIM_CHECKOUT:DEIM_CHECKOUT/.extra python official_deim_reference.py \
        CONFIG_YML SIZE OUT.pth

Runs in its own process: DEIM's code is a package called ``engine``, configured globally.
"""
import sys

import torch


def main(config: str, size: int, out: str) -> None:
    from engine.core import YAMLConfig  # DEIM's code, on PYTHONPATH only in this process
    torch.manual_seed(0)
    # raw label indices (mmdet maps them to COCO category ids in its metric instead)
    cfg = YAMLConfig(config, HGNetv2={'pretrained': False}, remap_mscoco_category=False)
    model, post = cfg.model.eval(), cfg.postprocessor.eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(('.up', '.reg_scale')):
                continue
            p.add_(torch.randn_like(p) * (0.1 if p.dim() > 1 else 0.2))
        for name, b in model.named_buffers():
            if name.endswith('running_var'):
                b.uniform_(0.5, 2.0)
            elif name.endswith('running_mean'):
                b.normal_(0, 0.2)
        image = torch.rand(1, 3, size, size)
        outputs = model(image)
        detections = post(outputs, torch.tensor([[size, size]]))[0]
    torch.save(dict(state_dict=model.state_dict(), image=image,
                    pred_logits=outputs['pred_logits'], pred_boxes=outputs['pred_boxes'],
                    post=detections), out)


if __name__ == '__main__':
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
