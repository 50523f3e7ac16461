"""CPUDistributedDataParallel with the main job's model when one process's batch has no face.

That process skips denoising, so the label embedding gets no gradient there: DDP must not hang
or fail, and both processes must end each step with the same averaged gradients.
"""
import os.path as osp

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from mmengine.config import Config

from tests.conftest import MAIN_CONFIG


def _train_two_steps(rank, init_file, out_dir):
    from mmfer.engine.cpu_distributed import CPUDistributedDataParallel
    from mmfer.registry import MODELS
    from mmfer.testing.fake_data import fake_face_batch
    from mmfer.utils import register_all_modules

    register_all_modules()
    torch.set_num_threads(1)
    dist.init_process_group('gloo', init_method=f'file://{init_file}', rank=rank, world_size=2)
    from mmfer.recipes.pretrained_weights import strip_pretrained_files
    cfg = Config.fromfile(MAIN_CONFIG)
    torch.manual_seed(0)
    model = MODELS.build(strip_pretrained_files(cfg.model))
    model.init_weights()
    ddp = CPUDistributedDataParallel(model, find_unused_parameters=cfg.find_unused_parameters)
    optimizer = torch.optim.SGD(ddp.parameters(), lr=1e-3)
    batch = fake_face_batch(1, 160, faces_per_image=1 - rank, seed=rank)
    for _ in range(2):  # DDP reports unreduced parameters at the step after the one skipping them
        losses = ddp(**model.data_preprocessor(batch, True), mode='loss')
        optimizer.zero_grad()
        sum(losses.values()).backward()
        optimizer.step()
    grads = torch.cat([p.grad.flatten() for p in model.parameters() if p.grad is not None])
    torch.save(dict(grads=grads, dn_terms=sorted(k for k in losses if k.startswith('dn.'))),
               osp.join(out_dir, f'rank{rank}.pth'))
    dist.destroy_process_group()


def test_a_process_whose_batch_has_no_face_keeps_ddp_in_step(tmp_path):
    mp.spawn(_train_two_steps, args=(str(tmp_path / 'init'), str(tmp_path)), nprocs=2,
             join=True)
    with_face, without_face = (torch.load(tmp_path / f'rank{r}.pth') for r in range(2))
    assert with_face['dn_terms'] and not without_face['dn_terms']
    assert with_face['grads'].shape == without_face['grads'].shape
    assert torch.equal(with_face['grads'], without_face['grads'])
    assert with_face['grads'].abs().sum() > 0
