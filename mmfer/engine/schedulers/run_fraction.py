"""Any mmengine parameter scheduler, placed in fractions of the run instead of epochs."""
import copy
import math

from mmengine.optim.scheduler.param_scheduler import INF

from mmfer.registry import PARAM_SCHEDULERS

# the arguments of mmengine's and mmdet's schedulers that are positions or lengths in the run
POSITION_KEYS = ('begin', 'end', 'T_max')
POSITION_LIST_KEYS = ('milestones',)
# the shortest phase whose linear ramp completes (LinearLR's total_iters is end - begin - 1)
MIN_PHASE_ITERS = 2


@PARAM_SCHEDULERS.register_module()
class RunFractionScheduler:
    """Builds ``scheduler`` (any registered scheduler config) with its positions given as
    fractions of the run, resolved into iterations when the run's length is known.

    A recipe published for COCO (``MultiStepLR`` at epochs 16 and 22 of 24, a 500-iteration
    warm-up of ~44,000) keeps its shape on a dataset of another length, and on a run whose
    epochs are changed from the command line (``train_cfg.max_epochs=1``), because its
    positions are shares of the run, not numbers copied from another schedule:

    .. code-block:: python

        dict(type='RunFractionScheduler', convert_to_iter_based=True,
             scheduler=dict(type='MultiStepLR', milestones=[0.667, 0.917], gamma=0.1))

    ``begin``, ``end``, ``T_max`` and ``milestones`` of ``scheduler`` are fractions in [0, 1]
    (``begin`` defaults to 0, ``end`` to 1); every other argument is passed through. The
    scheduler is built iteration-based, each position rounded to an iteration, and a phase
    never shorter than two iterations (a warm-up of 0.2 % in a run of 20 iterations still
    exists, and ends where it should: mmengine's ``LinearLR`` reaches its end factor after
    ``end - begin - 1`` steps, so a one-iteration warm-up would hold the learning rate at
    ``start_factor`` for the whole run). Only ``convert_to_iter_based=True`` is accepted: the
    run's length in iterations is what the fractions need.

    mmfer.recipes.mmdet_recipes writes MMDetection's recipes in this form.
    """

    def __init__(self, *args, **kwargs):
        raise ValueError('RunFractionScheduler needs convert_to_iter_based=True (its '
                         'fractions are resolved with the run\'s length in iterations)')

    @classmethod
    def build_iter_from_epoch(cls, optimizer, scheduler: dict, end=INF, epoch_length=None,
                              begin=0, by_epoch=True, **kwargs):
        """The runner's entry point: ``end`` is the run's epochs (the runner's default end),
        ``epoch_length`` its iterations per epoch."""
        if kwargs:
            raise TypeError(f'RunFractionScheduler takes scheduler=dict(...), not '
                            f'{sorted(kwargs)}: put them inside scheduler')
        if end == INF or not epoch_length:
            raise ValueError('RunFractionScheduler needs the run\'s epochs and epoch length '
                             '(build it inside a runner, with a training loop)')
        total = int(round((end - begin) * epoch_length))
        return PARAM_SCHEDULERS.build(resolve_fractions(scheduler, total),
                                      default_args=dict(optimizer=optimizer))


def resolve_fractions(scheduler: dict, total_iters: int) -> dict:
    """``scheduler`` with its fractional positions turned into iterations of a run of
    ``total_iters``, built iteration-based.

    >>> resolve_fractions(dict(type='LinearLR', end=0.001), 400)
    {'type': 'LinearLR', 'end': 2, 'begin': 0, 'by_epoch': False}
    >>> resolve_fractions(dict(type='MultiStepLR', milestones=[0.5, 0.75]), 400)
    {'type': 'MultiStepLR', 'milestones': [200, 300], 'begin': 0, 'end': 400, 'by_epoch': False}

    Raises:
        ValueError: a position outside [0, 1], or ``begin`` not before ``end``.
    """
    cfg = copy.deepcopy(dict(scheduler))
    for key in ('by_epoch', 'convert_to_iter_based'):
        cfg.pop(key, None)
    cfg.setdefault('begin', 0.0)
    cfg.setdefault('end', 1.0)
    for key in POSITION_KEYS + POSITION_LIST_KEYS:
        values = cfg.get(key)
        if values is None:
            continue
        for value in (values if key in POSITION_LIST_KEYS else [values]):
            if not 0 <= value <= 1:
                raise ValueError(f'{cfg["type"]}: {key}={values} is not a fraction of the run '
                                 '(RunFractionScheduler wants values in [0, 1])')
    if cfg['begin'] >= cfg['end']:
        raise ValueError(f'{cfg["type"]}: begin={cfg["begin"]} must come before '
                         f'end={cfg["end"]}')
    begin = int(round(cfg['begin'] * total_iters))
    end = max(int(round(cfg['end'] * total_iters)), begin + MIN_PHASE_ITERS)
    cfg.update(begin=begin, end=end, by_epoch=False)
    if 'T_max' in cfg:
        cfg['T_max'] = max(int(math.ceil(cfg['T_max'] * total_iters)), 1)
    if 'milestones' in cfg:
        cfg['milestones'] = [int(round(m * total_iters)) for m in cfg['milestones']]
    return cfg
