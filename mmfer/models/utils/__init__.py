from .deim_conversion import convert_deim_state_dict, fit_to_model, map_key
from .deploy import conv_bn_kernel_bias, switch_to_deploy
from .module_swap import replace_children

__all__ = ['convert_deim_state_dict', 'fit_to_model', 'map_key', 'conv_bn_kernel_bias',
           'replace_children', 'switch_to_deploy']
