"""mmfer's models: backbones, necks and layers (heads and detectors come with issue 4)."""
from .backbones import *  # noqa: F401,F403
from .layers import *  # noqa: F401,F403
from .necks import *  # noqa: F401,F403
