from .fdr_coder import FDRCoder

__all__ = ['FDRCoder']
