import pytest
import torch

from mmfer.models.backbones import MobileFaceNet, load_posterpp_checkpoint


def posterpp_file(tmp_path, num_landmarks=68, prefix='', name='mobilefacenet_model_best.pth.tar'):
    """A checkpoint in POSTER++'s layout: {'state_dict': ...} from a 68-landmark model."""
    torch.manual_seed(1)
    source = MobileFaceNet(num_landmarks=num_landmarks)
    state = {prefix + k: v for k, v in source.state_dict().items()}
    path = tmp_path / name
    torch.save(dict(state_dict=state, epoch=10, best_prec1=0.0), path)
    return str(path), source


def test_posterpp_layout_maps():
    net = MobileFaceNet()
    names = set(net.state_dict())
    for key in ('conv1.conv.weight', 'conv1.prelu.weight', 'conv_23.conv_dw.conv.weight',
                'conv_3.model.3.project.bn.running_var', 'conv_4.model.5.conv.prelu.weight',
                'conv_6_sep.bn.weight', 'output_layer.conv_6_dw.conv.weight',
                'output_layer.linear.weight', 'output_layer.bn.running_mean'):
        assert key in names
    assert net.output_layer.linear.out_features == 136


@pytest.mark.parametrize('prefix', ['', 'module.'])
def test_loads_posterpp_checkpoint_strictly(tmp_path, prefix):
    path, source = posterpp_file(tmp_path, prefix=prefix)
    net = MobileFaceNet()
    assert load_posterpp_checkpoint(net, path) == dict(unused_head_keys=[])
    for key, value in source.state_dict().items():
        assert torch.equal(net.state_dict()[key], value)


def test_headless_model_leaves_the_head_out(tmp_path):
    path, source = posterpp_file(tmp_path)
    net = MobileFaceNet(num_landmarks=None)
    info = load_posterpp_checkpoint(net, path)
    assert 'output_layer.linear.weight' in info['unused_head_keys']
    assert torch.equal(net.conv1.conv.weight, source.conv1.conv.weight)


def test_bad_checkpoints(tmp_path):
    net = MobileFaceNet()
    with pytest.raises(FileNotFoundError, match='does not exist'):
        load_posterpp_checkpoint(net, str(tmp_path / 'none.pth'))
    (tmp_path / 'text.pth').write_text('not a checkpoint')
    with pytest.raises(ValueError, match='text.pth: not a readable'):
        load_posterpp_checkpoint(net, str(tmp_path / 'text.pth'))
    path, _ = posterpp_file(tmp_path, num_landmarks=5, name='five.pth')
    with pytest.raises(ValueError, match=r'num_landmarks=68\): shape mismatch \(5\): output_layer'):
        load_posterpp_checkpoint(net, path)
    state = MobileFaceNet().state_dict()
    state.pop('conv1.conv.weight')
    state['extra.weight'] = torch.zeros(1)
    torch.save(dict(state_dict=state), tmp_path / 'keys.pth')
    with pytest.raises(ValueError, match=r'missing keys \(1\): conv1.conv.weight; '
                                         r'unexpected keys \(1\): extra.weight'):
        load_posterpp_checkpoint(net, str(tmp_path / 'keys.pth'))
    torch.save(dict(state_dict=dict(a=object())), tmp_path / 'pickle.pth')
    with pytest.raises(ValueError, match='pickle.pth'):
        load_posterpp_checkpoint(net, str(tmp_path / 'pickle.pth'))
