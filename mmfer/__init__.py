"""mmfer: facial expression detection (Natten-DEIM) as an MMDetection 3.x extension."""
import mmcv
import mmdet
import mmengine
from mmengine.utils import digit_version

from .version import __version__

# mmdet 3.3.0 asserts mmcv < 2.2.0 itself; we state our own, tested, ranges.
_REQUIRED = {
    'mmcv': (mmcv.__version__, '2.0.0rc4', '2.2.0'),
    'mmengine': (mmengine.__version__, '0.7.1', '1.0.0'),
    'mmdet': (mmdet.__version__, '3.0.0', '3.4.0'),
}
for _name, (_found, _low, _high) in _REQUIRED.items():
    if not digit_version(_low) <= digit_version(_found) < digit_version(_high):
        raise ImportError(
            f'mmfer {__version__} needs {_low} <= {_name} < {_high}, but {_name} {_found} is '
            'installed. Run tools/setup_env.sh to create a matching environment.')

# the 'mmfer' registry scope: `custom_imports=dict(imports=['mmfer'])` in any MMDetection config
# makes `type='mmfer.DFPMNattenNeck'` resolve (the registries import mmfer's modules on first
# use)
from . import registry  # noqa: E402,F401

__all__ = ['__version__']
