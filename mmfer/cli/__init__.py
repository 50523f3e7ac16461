"""What mmfer's command-line tools share: errors as one line and an exit status, a run's config
from its command line, and the checks made before a run starts."""
from .errors import print_table, run_cli

__all__ = ['print_table', 'run_cli']
