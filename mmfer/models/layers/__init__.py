from .dfpm import DFPM, ChannelGate, SpatialGate
from .ema import ForeachExpMomentumEMA
from .natten_block import NATBlock, NeighborhoodAttention2D
from .neighborhood_attention import (
                                     na2d_heads_first,
                                     na2d_natten,
                                     na2d_pytorch,
                                     natten_usable,
                                     neighborhood_attention_2d,
                                     uses_natten,
)
from .sliced_max_pool import SlicedMaxPool2d

__all__ = ['DFPM', 'ChannelGate', 'SpatialGate', 'ForeachExpMomentumEMA', 'NATBlock',
           'NeighborhoodAttention2D', 'na2d_heads_first', 'na2d_natten', 'na2d_pytorch',
           'natten_usable', 'neighborhood_attention_2d', 'uses_natten', 'SlicedMaxPool2d']
