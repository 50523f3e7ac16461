# The main job (natten-deim_hgnetv2-n-lite_8e_synth.py) with DEIM's fusion in place of its own
# (docs/results.md): its neck without the global fusion, then DEIM-N's HybridEncoder at the
# neck's 64 channels (AIFI on stride 32, then CCFF's top-down and bottom-up paths; DEIM-N's
# ratios: a 4x feed-forward, expansion 0.34, depth 0.5).
_base_ = './natten-deim_hgnetv2-n-lite_8e_synth.py'

model = dict(neck=dict(
    _delete_=True, type='NeckChain',
    necks=[dict(_base_.model.neck, use_fusion=False),
           dict(type='HybridEncoder', in_channels=[64, 64, 64], out_channels=64, num_heads=8,
                feedforward_channels=256, expansion=0.34, depth_mult=0.5)]))
