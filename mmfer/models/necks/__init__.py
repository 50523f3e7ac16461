from .dfpm_natten_neck import DFPMNattenNeck
from .hybrid_encoder import HybridEncoder
from .neck_chain import NeckChain

__all__ = ['DFPMNattenNeck', 'HybridEncoder', 'NeckChain']
