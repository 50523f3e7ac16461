"""benchmarks/neighborhood_attention_tiles.py: the tile sweep of the PyTorch attention path."""
import argparse
import json

import pytest

from benchmarks.neighborhood_attention_tiles import main as tiles_main
from benchmarks.neighborhood_attention_tiles import parse_tile


def test_every_tile_and_head_dim_is_timed_and_the_fastest_marked(tmp_path, capsys):
    out = tmp_path / 'tiles.json'
    result = tiles_main(['--size', '12', '--kernel', '5', '--heads', '2', '--head-dims', '8',
                         '4', '--tiles', '4x8', '2x2', '--rounds', '2', '--threads', '1',
                         '--out', str(out)])
    assert json.load(open(out)) == result
    assert set(result['head_dims']) == {'8', '4'}
    for row in result['head_dims'].values():
        assert set(row) == {'4x8', '2x2'}
        assert all(0 < ms['min_ms'] <= ms['median_ms'] for ms in row.values())
    assert capsys.readouterr().out.count('(fastest)') == 2


@pytest.mark.parametrize('text', ['4', '4x', 'ax8', '0x8', '4x8x2'])
def test_a_malformed_tile_is_refused_with_its_text(text):
    with pytest.raises(argparse.ArgumentTypeError, match='tile'):
        parse_tile(text)


def test_a_tile_parses_case_blind():
    assert parse_tile('4X16') == (4, 16)
