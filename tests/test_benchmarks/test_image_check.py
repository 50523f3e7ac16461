"""benchmarks/image_check.py: the cost of the dataset image check, per 1,000 images."""
import json

import numpy as np
from PIL import Image

from benchmarks.image_check import main


def test_times_every_image_of_a_folder_and_writes_json(tmp_path, capsys):
    for i in range(4):
        Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(tmp_path / f'{i}.jpg')
    out = tmp_path / 'r' / 'image_check.json'
    main(['--data', str(tmp_path), '--runs', '2', '--out', str(out)])
    result = json.loads(out.read_text())
    assert result['images'] == 4 and result['runs'] == 2
    assert 0 < result['ms_per_1000_images']['min_ms'] <= result['ms_per_1000_images']['median_ms']
    assert 'per 1,000 images' in capsys.readouterr().out
