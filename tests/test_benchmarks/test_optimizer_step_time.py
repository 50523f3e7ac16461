"""benchmarks/optimizer_step_time.py: one group a parameter against one group a setting."""
import json

from benchmarks.optimizer_step_time import main
from tests.conftest import MAIN_CONFIG


def test_times_both_constructors_on_the_main_job_and_writes_json(tmp_path, capsys):
    out = tmp_path / 'optimizer_step_time.json'
    main([MAIN_CONFIG, '--threads', '1', '--steps', '2', '--rounds', '1', '--out', str(out)])
    result = json.loads(out.read_text())
    default = result['constructors']['DefaultOptimWrapperConstructor']
    grouped = result['constructors']['GroupedOptimWrapperConstructor']
    # DEIM's recipe: half the lr in the backbone, no decay on the rest's norms and biases
    assert default['groups'] > 500 and 2 <= grouped['groups'] <= 4
    assert 0 < grouped['min_ms'] <= grouped['median_ms']
    assert 'parameter groups' in capsys.readouterr().out
