"""benchmarks/data_pipeline_official.py: our training pipeline at its heaviest stage beside
DEIM's (stood in for by the fake checkout), images per second and the time ratio."""
import json
from dataclasses import asdict

from benchmarks.data_pipeline_official import main as pipeline_main
from tests.conftest import TINY_SYNTHETIC


def test_both_pipelines_timed_on_the_same_images(fake_checkout, tiny_synthetic_root,
                                                 tmp_path, capsys):
    yml = tmp_path / 'synth.yml'
    yml.write_text('width: 4\nimages: SYNTH/images/train/\n')
    out = tmp_path / 'pipeline.json'
    settings = [f'train_dataloader.dataset.dataset.synthetic.{k}={v}'.replace(' ', '')
                for k, v in asdict(TINY_SYNTHETIC).items()]  # those the tiny set was made with
    assert pipeline_main(['--official', fake_checkout, '--official-yml', str(yml),
                          '--data', tiny_synthetic_root, '--images', '4',
                          '--out', str(out), '--cfg-options', *settings]) == 0
    result = json.load(open(out))
    rows = {r['code']: r for r in result['rows']}
    assert set(rows) == {'mmfer', 'official'} and result['images'] == 4
    assert all(r['images_per_s'] > 0 for r in rows.values())
    assert result['time_ratio'] > 0 and 'mmfer time / official time' in capsys.readouterr().out
    # DEIM's config is written beside its own, SYNTH/ read as the data folder
    written = open(f'{fake_checkout}/configs/synth/data_pipeline_benchmark.yml').read()
    assert f'{tiny_synthetic_root}/images/train/' in written
