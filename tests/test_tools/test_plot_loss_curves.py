"""tools/analysis_tools/plot_loss_curves.py: every loss term plotted, the ones that do not fall
reported, and broken logs named."""
import json

import pytest

from tests.conftest import cli
from tests.test_utils.test_loss_curves import RISE_THEN_FALL
from tools.analysis_tools.plot_loss_curves import main as tool_main

main = cli('plot_loss_curves', tool_main)


def write_run(tmp_path, rows):
    vis = tmp_path / 'work' / '20260101_000000' / 'vis_data'
    vis.mkdir(parents=True)
    with open(vis / 'scalars.json', 'w') as f:
        for row in rows:
            f.write(json.dumps(row) + '\n')
    return str(tmp_path / 'work')


def test_plots_every_term_and_reports_falling_ones(tmp_path, capsys):
    rows = [dict(iter=i, loss=10 - i, loss_cls=5 - 0.4 * i, **{'d0.loss_cls': 4 - 0.3 * i,
                 'dn.loss_ddf': 0.1 * i}) for i in range(10)]
    rows.append({'coco/bbox_mAP_50': 0.3, 'step': 10})
    work = write_run(tmp_path, rows)
    out = tmp_path / 'curves.png'
    assert main([work, '--out', str(out)]) == 1  # dn.loss_ddf rises
    text = capsys.readouterr().out
    assert 'not falling: dn.loss_ddf\n' in text
    assert out.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    assert main([work, '--out', str(out)]) == 2  # not overwritten without --force
    assert main([work, '--out', str(out), '--force']) == 1


def test_strict_requires_every_term_to_end_below_its_start(tmp_path, capsys):
    rows = [dict(iter=i, loss=10 - i, **{'d0.loss_ddf': v}) for i, v in
            enumerate(RISE_THEN_FALL)]
    work = write_run(tmp_path, rows)
    assert main([work, '--out', str(tmp_path / 'a.png')]) == 0
    assert 'falls after its peak' in capsys.readouterr().out
    assert main([work, '--out', str(tmp_path / 'b.png'), '--strict']) == 1
    assert 'not falling: d0.loss_ddf' in capsys.readouterr().out


def test_clear_errors_for_missing_or_broken_logs(tmp_path, capsys):
    assert main([str(tmp_path), '--out', str(tmp_path / 'a.png')]) == 2
    assert 'no */vis_data/scalars.json' in capsys.readouterr().err
    work = write_run(tmp_path, [])
    (tmp_path / 'work' / '20260101_000000' / 'vis_data' / 'scalars.json').write_text('{bad\n')
    assert main([work, '--out', str(tmp_path / 'b.png')]) == 2
    assert 'line 1: not JSON' in capsys.readouterr().err
    assert not (tmp_path / 'b.png').exists()


@pytest.mark.parametrize('rows', [[{'coco/bbox_mAP_50': 0.1, 'step': 1}]])
def test_a_run_without_losses_is_an_error(tmp_path, rows, capsys):
    assert main([write_run(tmp_path, rows), '--out', str(tmp_path / 'c.png')]) == 2
    assert 'no loss values' in capsys.readouterr().err
