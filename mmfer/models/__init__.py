"""mmfer's models: backbones, necks, the DEIM head and losses, detectors, and the two
branches' pre-training models."""
from .backbones import *  # noqa: F401,F403
from .branch_pretrainers import *  # noqa: F401,F403
from .data_preprocessors import *  # noqa: F401,F403
from .dense_heads import *  # noqa: F401,F403
from .detectors import *  # noqa: F401,F403
from .layers import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .necks import *  # noqa: F401,F403
from .task_modules import *  # noqa: F401,F403
