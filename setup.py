"""mmfer: facial expression detection (Natten-DEIM) as an MMDetection 3.x extension."""
import os
import os.path as osp
import shutil
import sys

from setuptools import find_packages, setup

# What an installed mmfer carries beside its code, as MMDetection's wheel does (mmdet/.mim/):
# the configs, their model index (so models resolve by name) and the tools.
MIM_FILES = ('configs', 'tools', 'model-index.yml')


def read_version():
    scope = {}
    with open(osp.join(osp.dirname(__file__), 'mmfer', 'version.py')) as f:
        exec(f.read(), scope)
    return scope['__version__']


def read_requirements(name):
    path = osp.join(osp.dirname(__file__), 'requirements', name)
    with open(path) as f:
        lines = (line.split('#')[0].strip() for line in f)
        return [line for line in lines if line and not line.startswith('-')]


def add_mim_extension():
    """Copy ``MIM_FILES`` into ``mmfer/.mim`` when a wheel or an sdist is built (an editable
    install reads them from the checkout itself)."""
    if not any(cmd in sys.argv for cmd in ('bdist_wheel', 'sdist', 'install')):
        return
    root = osp.dirname(osp.abspath(__file__))
    mim = osp.join(root, 'mmfer', '.mim')
    shutil.rmtree(mim, ignore_errors=True)
    os.makedirs(mim)
    for name in MIM_FILES:
        src = osp.join(root, name)
        if osp.isdir(src):
            shutil.copytree(src, osp.join(mim, name),
                            ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
        else:
            shutil.copyfile(src, osp.join(mim, name))


add_mim_extension()
setup(
    name='mmfer',
    version=read_version(),
    description='Natten-DEIM facial expression detection on MMDetection 3.x',
    long_description=open('README.md').read() if osp.exists('README.md') else '',
    long_description_content_type='text/markdown',
    packages=find_packages(exclude=('configs', 'tools', 'tests', 'benchmarks')),
    python_requires='>=3.9',
    install_requires=read_requirements('runtime.txt'),
    extras_require={
        'tests': read_requirements('tests.txt'),
        'mim': read_requirements('mminstall.txt'),
        'deploy': read_requirements('deploy.txt'),
    },
    include_package_data=True,
    license='Apache-2.0',
    zip_safe=False,
)
