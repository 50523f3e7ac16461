from .raw_and_ema_val_loop import RawAndEMAValLoop

__all__ = ['RawAndEMAValLoop']
