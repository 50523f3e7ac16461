from .dfpm_natten_neck import DFPMNattenNeck
from .hybrid_encoder import HybridEncoder

__all__ = ['DFPMNattenNeck', 'HybridEncoder']
