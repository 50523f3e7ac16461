from .unfreeze_lpb_hook import UnfreezeLPBHook

__all__ = ['UnfreezeLPBHook']
