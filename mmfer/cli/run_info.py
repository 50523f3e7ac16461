"""What a training run will be, read from its config: optimizer, scaled lr, batch, epochs,
input size and the pretrained files it needs (``tools/misc/run_info.py``, the reproduction
scripts' labels)."""
from typing import Iterable, List, Optional

#: what :func:`run_info` reports, in the order ``tools/misc/run_info.py --get`` lists them
INFO_KEYS = ('summary', 'max_epochs', 'batch_size', 'effective_batch', 'base_batch', 'base_lr',
             'lr', 'input_size', 'scratch_options', 'missing_weights')


def run_info(cfg, num_procs: int = 1) -> dict:
    """``max_epochs``, ``batch_size`` (per process), ``effective_batch``, ``base_batch`` (the
    recipe's, ``auto_scale_lr.base_batch_size``), ``base_lr``, ``lr`` (scaled linearly to the
    effective batch), ``optimizer``, ``input_size``, ``scratch_options``,
    ``missing_weights`` (space-separated) and ``summary`` (:func:`describe`)."""
    from mmfer.recipes.mmdet_recipes import recipe_scale
    from mmfer.recipes.pretrained_weights import missing_pretrained_files, scratch_options
    optimizer = cfg.optim_wrapper.optimizer
    batch = cfg.train_dataloader.batch_size
    effective = num_procs * batch
    base_batch = cfg.get('auto_scale_lr', {}).get('base_batch_size', effective)
    info = dict(max_epochs=cfg.train_cfg.max_epochs, batch_size=batch,
                effective_batch=effective, base_batch=base_batch, base_lr=optimizer.lr,
                lr=optimizer.lr * effective / base_batch, optimizer=optimizer.type,
                input_size=recipe_scale(cfg), scratch_options=' '.join(scratch_options(cfg.model)),
                missing_weights=' '.join(
                    checkpoint for _, checkpoint in missing_pretrained_files(cfg.model)))
    info['summary'] = describe(info)
    return info


def describe(info: dict) -> str:
    """One line, e.g. 'AdamW, lr 4e-04 x 8 / 32 = 1e-04 (batch 8 = 1 x 8), 72 epochs'."""
    procs = info['effective_batch'] // info['batch_size']
    return (f"{info['optimizer']}, lr {info['base_lr']:.3g} x {info['effective_batch']} / "
            f"{info['base_batch']} = {info['lr']:.3g} (batch {info['effective_batch']} = "
            f"{procs} x {info['batch_size']}), {info['max_epochs']} epochs")


def info_lines(configs: Iterable[str], keys: Iterable[str], cfg_options: Optional[dict] = None,
               num_procs: int = 1) -> List[str]:
    """The values ``keys`` of each config in turn, one a line (each config read once)."""
    from .run_config import load_run_config
    keys = list(keys)
    if num_procs < 1:
        raise ValueError(f'--num-procs must be at least 1, got {num_procs}')
    lines = []
    for config in configs:
        info = run_info(load_run_config(config, cfg_options), num_procs)
        lines += [str(info[key]) for key in keys]
    return lines
