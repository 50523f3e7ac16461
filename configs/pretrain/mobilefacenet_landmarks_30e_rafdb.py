# The landmark prior branch pre-trained on RAF-DB's 5 manual landmarks (converted RAF-DB,
# docs/rafdb.md), for Table 1 without POSTER++'s checkpoint: the synthetic recipe
# (mobilefacenet_landmarks_1e_synth.py) on RAF-DB's training split over 30 epochs, scored on its
# validation split.
_base_ = './mobilefacenet_landmarks_1e_synth.py'

rafdb = dict(_delete_=True, type='RAFDBDataset', data_root='data/rafdb/',
             data_prefix=dict(img='Image/original/'))
train_dataloader = dict(dataset=dict(faces=dict(rafdb, ann_file='annotations/rafdb_train.json')))
val_dataloader = dict(dataset=dict(faces=dict(rafdb, ann_file='annotations/rafdb_val.json')))
test_dataloader = dict(dataset=dict(faces=dict(rafdb, ann_file='annotations/rafdb_test.json')))
train_cfg = dict(max_epochs=30)
