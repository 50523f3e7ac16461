from .ddf_loss import DDFLoss
from .fgl_loss import FGLLoss
from .mal_loss import MALLoss

__all__ = ['DDFLoss', 'FGLLoss', 'MALLoss']
