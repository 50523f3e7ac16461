import json

import pytest

from tools.analysis_tools.plot_loss_curves import main


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
    assert 'dn.loss_ddf' in text and '(not falling)' in text
    assert out.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
    assert main([work, '--out', str(out)]) == 2  # not overwritten without --force
    assert main([work, '--out', str(out), '--force']) == 1


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
