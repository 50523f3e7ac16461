"""Building a trained detector from its config and checkpoint, for tools that use it:
MMDetection's ``init_detector``, with the checks that make a mistake one clear line."""
import os.path as osp
import warnings
from typing import Tuple

from mmengine.config import Config
from mmengine.runner.checkpoint import _load_checkpoint
from torch import nn

from mmfer.recipes.pretrained_weights import strip_pretrained_files
from mmfer.utils import register_all_modules
from mmfer.utils.state_dict import check_fits, is_state_dict

from .model_index import find_config


def load_detector(config: str, checkpoint: str, device: str = 'cpu',
                  deploy: bool = False) -> Tuple[nn.Module, Config]:
    """The config's model with the checkpoint's weights, in eval mode (re-parameterised for
    inference by :func:`~mmfer.models.utils.switch_to_deploy` if ``deploy``); the config.

    ``config`` is a file or a model name of the model index. The config's pretrained-weight
    paths are ignored (the checkpoint holds every weight); the checkpoint must fit the model
    exactly (``init_detector`` alone loads what fits and only warns of the rest).

    Raises:
        FileNotFoundError: the config or the checkpoint is missing.
        ValueError: the checkpoint is not one, or its weights do not fit the config's model
            (the message lists the keys).
    """
    from mmdet.apis import init_detector

    from mmfer.datasets.expressions import EXPRESSION_PALETTE
    config = find_config(config)
    if not osp.isfile(checkpoint):
        raise FileNotFoundError(f'checkpoint {checkpoint}: no such file')
    register_all_modules()  # also lets torch.load read mmengine's training state
    try:
        loaded = _load_checkpoint(checkpoint, map_location='cpu')
    except Exception as e:  # torch raises several types for files that are not checkpoints
        raise ValueError(f'{checkpoint}: not a readable checkpoint ({e})') from e
    state = loaded.get('state_dict', loaded) if isinstance(loaded, dict) else None
    if not is_state_dict(state):
        raise ValueError(f'{checkpoint}: no state dict of tensors in it')
    cfg = Config.fromfile(config)
    cfg.model = strip_pretrained_files(cfg.model)
    with warnings.catch_warnings():  # what does not fit is reported below, by name
        warnings.simplefilter('ignore')
        model = init_detector(cfg, checkpoint, palette=EXPRESSION_PALETTE, device=device)
    state = {k[len('module.'):] if k.startswith('module.') else k: v for k, v in state.items()}
    check_fits(model.state_dict(), state, checkpoint, f'the model of {config}')
    if deploy:
        from mmfer.models.utils import switch_to_deploy
        switch_to_deploy(model)
    return model.eval(), cfg


def test_scale(cfg: Config, default: int = 640) -> int:
    """The square side the config's test pipeline resizes to."""
    for step in cfg.test_dataloader.dataset.pipeline:
        if step.get('type', '').endswith('Resize') and 'scale' in step:
            return int(step['scale'][0])
    return default
