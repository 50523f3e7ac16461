from .deim_conversion import convert_deim_state_dict, fit_to_model, map_key

__all__ = ['convert_deim_state_dict', 'fit_to_model', 'map_key']
