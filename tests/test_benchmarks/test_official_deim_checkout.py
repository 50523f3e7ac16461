"""benchmarks/official_deim_checkout.sh: DEIM's code extracted from a clone and patched."""
import os
import subprocess

from tests.conftest import REPO

SCRIPT = f'{REPO}/benchmarks/official_deim_checkout.sh'
FILES = {'engine/solver/det_engine.py': 'from torch.utils.tensorboard import SummaryWriter\n',
         'engine/core/_config.py': 'from torch.utils.tensorboard import SummaryWriter\n',
         'engine/data/transforms/_transforms.py': 'import torchvision.transforms.v2 as T\n'}


def test_extracts_a_clone_and_patches_it_once(tmp_path):
    clone = tmp_path / 'DEIM'
    for path, text in FILES.items():
        (clone / path).parent.mkdir(parents=True, exist_ok=True)
        (clone / path).write_text(text)
    git = ['git', '-C', str(clone), '-c', 'user.name=t', '-c', 'user.email=t@t']
    subprocess.run(git[:3] + ['init', '-q'], check=True)
    subprocess.run(git + ['add', '.'], check=True)
    subprocess.run(git + ['commit', '-qm', 'DEIM'], check=True)
    out = tmp_path / 'official'
    env = dict(os.environ, OFFICIAL_DEIM_NO_PIP='1')
    run = subprocess.run(['bash', SCRIPT, str(out), str(clone)], capture_output=True, text=True,
                         env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(out)
    engine = (out / 'engine/solver/det_engine.py').read_text()
    assert 'except Exception:' in engine and 'class SummaryWriter' in engine
    assert '_cls.make_params = _cls._get_params' in (
        out / 'engine/data/transforms/_transforms.py').read_text()
    assert (out / '.extra/calflops/__init__.py').is_file()
    # a second run leaves a patched checkout as it is
    subprocess.run(['bash', SCRIPT, str(out), str(clone)], check=True, env=env,
                   capture_output=True)
    assert (out / 'engine/solver/det_engine.py').read_text() == engine


def test_without_arguments_it_prints_its_usage():
    run = subprocess.run(['bash', SCRIPT], capture_output=True, text=True)
    assert run.returncode == 2 and 'official_deim_checkout.sh OUT_DIR [SOURCE]' in run.stdout
