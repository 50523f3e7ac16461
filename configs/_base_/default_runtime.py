default_scope = 'mmfer'
custom_imports = dict(
    imports=['mmfer.datasets', 'mmfer.evaluation', 'mmfer.models', 'mmfer.engine',
             'mmfer.visualization'],
    allow_failed_imports=False)

default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=20),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', interval=1, max_keep_ckpts=2,
                    save_best='coco/bbox_mAP_50', rule='greater'),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='DetVisualizationHook'),
    # before each training and validation epoch: the heads' num_classes must equal the number
    # of classes in the dataset's metainfo
    num_class_check=dict(type='NumClassCheckHook'),
    # a non-finite loss term or gradient stops the run, by name, before any checkpoint of it
    divergence=dict(type='DivergenceHook', max_skipped_steps=20),
    # a resumed run draws the random numbers the uninterrupted one draws
    random_state=dict(type='RandomStateHook'),
    # the images a dataset with bad_images='skip' dropped, counted beside every evaluation
    skipped_images=dict(type='SkippedImagesHook'))

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'))

vis_backends = [dict(type='LocalVisBackend')]
# No fixed name: each run gets its own visualizer (named after the run), also when several
# runs share one process.
visualizer = dict(type='FERVisualizer', vis_backends=vis_backends)
log_processor = dict(type='LogProcessor', window_size=20, by_epoch=True)

log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=0, deterministic=False)
