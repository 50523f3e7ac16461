import torch

from mmfer.models.layers.deim_decoder import DEIMDecoder, Gate
from mmfer.models.layers.ms_deform_attn import split_values

SHAPES = [(8, 8), (4, 4), (2, 2)]


def test_gate_starts_as_the_normalized_mean():
    gate = Gate(8)
    x, y = torch.randn(2, 3, 8), torch.randn(2, 3, 8)
    assert torch.allclose(gate(x, y), gate.norm(0.5 * x + 0.5 * y), atol=1e-6)


def test_decoder_outputs_refine_the_layer0_box_and_eval_keeps_one_layer():
    torch.manual_seed(0)
    decoder = DEIMDecoder(32, 4, (2, 2, 2), 64, num_layers=3, num_classes=7)
    memory = torch.randn(2, sum(h * w for h, w in SHAPES), 32)
    query, ref = torch.randn(2, 5, 32), torch.randn(2, 5, 4)
    out = decoder(query, ref, split_values(memory, SHAPES, 4))
    assert out.boxes.shape == (3, 2, 5, 4) and out.logits.shape == (3, 2, 5, 7)
    assert out.corners.shape == (3, 2, 5, 4 * 33)
    # zero-initialised distribution heads: every layer's box is its layer-0 reference box
    assert torch.allclose(out.boxes[0], out.refs[0], atol=1e-5)
    assert torch.equal(out.refs[0], out.pre_boxes.detach())
    assert len(out.layers()) == 3 and out.layers()[-1].corners.shape == (2, 5, 132)
    dn, match = out.split(2)
    assert dn.boxes.shape == (3, 2, 2, 4) and match.pre_logits.shape == (2, 3, 7)
    decoder.eval()
    out = decoder(query, ref, split_values(memory, SHAPES, 4))
    assert out.boxes.shape == (1, 2, 5, 4) and out.pre_logits is None  # only losses read it


def test_eval_idx_picks_the_layer_that_predicts():
    torch.manual_seed(0)
    memory = torch.randn(1, sum(h * w for h, w in SHAPES), 32)
    query, ref = torch.randn(1, 5, 32), torch.randn(1, 5, 4)
    values = split_values(memory, SHAPES, 4)
    decoder = DEIMDecoder(32, 4, (2, 2, 2), 64, num_layers=3, num_classes=7, eval_idx=1)
    for head in decoder.reg_heads:  # non-zero heads: each layer moves the boxes
        torch.nn.init.normal_(head.layers[-1].weight, std=0.1)
    all_layers = decoder.train()(query, ref, values)
    kept = decoder.eval()(query, ref, values)
    assert torch.allclose(kept.boxes[0], all_layers.boxes[1])
    assert not torch.allclose(kept.boxes[0], all_layers.boxes[2])
    # deploy drops layer 2 and the unused heads, as DEIM's deploy() does, and computes the same
    decoder.switch_to_deploy()
    deployed = decoder(query, ref, values)
    assert len(decoder.layers) == len(decoder.reg_heads) == 2
    assert sum(isinstance(h, torch.nn.Linear) for h in decoder.cls_heads) == 1
    assert torch.equal(deployed.boxes, kept.boxes) and torch.equal(deployed.logits, kept.logits)
