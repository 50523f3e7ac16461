"""The random generators a resumed run continues from: the state each epoch's training starts
with, saved in every checkpoint and put back at the start of the next epoch."""
import random
from functools import partial
from typing import Optional

import numpy as np
import torch
from mmengine.hooks import Hook

from mmfer.registry import HOOKS


def random_state() -> dict:
    """The states of Python's, NumPy's and torch's (CPU and every GPU) global generators."""
    state = dict(python=random.getstate(), numpy=np.random.get_state(),
                 torch=torch.get_rng_state())
    if torch.cuda.is_available():
        state['cuda'] = torch.cuda.get_rng_state_all()
    return state


def set_random_state(state: dict) -> None:
    """Put back what :func:`random_state` returned."""
    random.setstate(state['python'])
    np.random.set_state(state['numpy'])
    torch.set_rng_state(state['torch'])
    if 'cuda' in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state['cuda'])


def seed_worker(worker_id: int, num_workers: int, rank: int, world_size: int, seed: int,
                epoch: int) -> None:
    """Seed a DataLoader worker from the run's seed, the epoch, its rank and its id (no two
    workers of a run share a seed): each epoch's workers draw new numbers, and the same ones in
    a resumed run."""
    worker_seed = (seed + (epoch * world_size + rank) * num_workers + worker_id) % 2**32
    random.seed(worker_seed)
    np.random.seed(worker_seed)
    torch.manual_seed(worker_seed)


@HOOKS.register_module()
class RandomStateHook(Hook):
    """Make a resumed run draw the random numbers the uninterrupted run draws.

    mmengine's checkpoints restore the model, optimizer, schedulers and the sampler's epoch,
    not the global generators that batch augmentations (MixUp, multi-scale resizing) and a
    pipeline run in the main process draw from. The state at the end of each training epoch is
    recorded, saved in the epoch's checkpoint (``random_state``), and put back before the next
    epoch trains, in the uninterrupted run as in the resumed one; so the numbers an evaluation
    between the two draws do not shift the training either. DataLoader workers are seeded
    from the epoch too (:func:`seed_worker`) and start afresh each epoch where they would
    persist: a resumed run's new workers then draw what the uninterrupted run's drew.
    """
    priority = 'VERY_HIGH'  # before CheckpointHook saves the epoch

    def __init__(self) -> None:
        self.state: Optional[dict] = None

    def after_train_epoch(self, runner) -> None:
        self.state = random_state()

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        if self.state is not None:
            checkpoint['random_state'] = self.state

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        self.state = checkpoint.get('random_state', self.state)

    def before_train_epoch(self, runner) -> None:
        if self.state is not None:
            set_random_state(self.state)
        loader = runner.train_dataloader
        if getattr(loader, 'num_workers', 0) > 0 and runner.seed is not None:
            loader.worker_init_fn = partial(seed_worker, num_workers=loader.num_workers,
                                            rank=runner.rank, world_size=runner.world_size,
                                            seed=runner.seed, epoch=runner.epoch)
            loader._iterator = None  # persistent workers would keep the last epoch's seeds
