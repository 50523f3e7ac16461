from .dfpm_natten_neck import DFPMNattenNeck

__all__ = ['DFPMNattenNeck']
