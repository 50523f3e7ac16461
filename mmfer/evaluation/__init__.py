from .metrics import *  # noqa: F401,F403
from .table import format_table1, read_metrics, table1_row

__all__ = ['format_table1', 'read_metrics', 'table1_row']
