"""Training steps of Natten-DEIM-S and DEIM-S under mixed precision on a GPU: images per second
and peak memory, for the dtypes a user would pick (float16, bfloat16).

    python benchmarks/gpu_check.py [--out results.json] [--batch 16] [--shape 640] [--steps 10]
                                   [--device cuda] [--dtypes float16 bfloat16]

Each step is what mmengine's AmpOptimWrapper does (autocast forward, a gradient scaler for
float16, AdamW), on the RAF-DB configs' models at the given input (random weights, one random
face per image): a loss that is not finite is reported as such. ``--device cpu`` runs the same
code on the CPU, tiny (benchmarks/gpu_check.sh's test before a GPU is lent).
"""
import argparse
import os.path as osp
import sys
import time

import torch

from mmfer.benchmark import results_path, write_results
from mmfer.recipes.pretrained_weights import strip_pretrained_files
from mmfer.registry import MODELS
from mmfer.testing.fake_data import fake_face_batch
from mmfer.utils import register_all_modules

HERE = osp.dirname(osp.abspath(__file__))

CONFIGS = {'Natten-DEIM-S': 'configs/natten_deim/natten-deim_hgnetv2-s_72e_rafdb.py',
           'DEIM-S': 'configs/deim/deim_hgnetv2-s_72e_rafdb.py'}


def train_steps(config: str, dtype: torch.dtype, batch: int, shape: int, steps: int,
                device: str) -> dict:
    """Seconds per step (median of ``steps`` after two warm-ups), images/s, peak memory."""
    from mmengine.config import Config
    torch.manual_seed(0)
    model = MODELS.build(strip_pretrained_files(
        Config.fromfile(osp.join(HERE, '..', config)).model)).to(device)
    model.init_weights()
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    scaler = torch.amp.GradScaler(device, enabled=dtype == torch.float16 and device == 'cuda')
    data = model.data_preprocessor(fake_face_batch(batch, shape, seed=1), True)
    times, finite = [], True
    if device == 'cuda':
        torch.cuda.reset_peak_memory_stats()
    for step in range(steps + 2):
        if device == 'cuda':
            torch.cuda.synchronize()
        start = time.perf_counter()
        with torch.autocast(device, dtype=dtype):
            losses = model(**data, mode='loss')
        loss = sum(losses.values())
        finite &= bool(torch.isfinite(loss))
        optimizer.zero_grad()
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        if device == 'cuda':
            torch.cuda.synchronize()
        if step >= 2:
            times.append(time.perf_counter() - start)
    seconds = sorted(times)[len(times) // 2]
    return dict(seconds_per_step=round(seconds, 4), images_per_s=round(batch / seconds, 1),
                peak_memory_gib=round(torch.cuda.max_memory_allocated() / 2 ** 30, 2)
                if device == 'cuda' else None, finite_losses=finite)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--out', default=results_path('gpu_train_steps'))
    parser.add_argument('--batch', type=int, default=16)
    parser.add_argument('--shape', type=int, default=640)
    parser.add_argument('--steps', type=int, default=10)
    parser.add_argument('--device', default='cuda', choices=['cuda', 'cpu'])
    parser.add_argument('--dtypes', nargs='+', default=['float16', 'bfloat16'])
    args = parser.parse_args(argv)
    if args.device == 'cuda' and not torch.cuda.is_available():
        print('gpu_check: error: torch sees no GPU (--device cpu runs the check on the CPU)',
              file=sys.stderr)
        return 2
    register_all_modules()
    rows = []
    for name, config in CONFIGS.items():
        for dtype in args.dtypes:
            row = dict(model=name, dtype=dtype, batch=args.batch, shape=args.shape)
            try:
                row.update(train_steps(config, getattr(torch, dtype), args.batch, args.shape,
                                       args.steps, args.device))
            except Exception as error:  # a configuration that cannot run is a result
                row['error'] = f'{type(error).__name__}: {error}'[:300]
            rows.append(row)
            print(row, flush=True)
    device = torch.cuda.get_device_name() if args.device == 'cuda' else 'cpu'
    write_results(dict(device=device, torch=torch.__version__, rows=rows), args.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
