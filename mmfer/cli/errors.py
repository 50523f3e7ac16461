"""What every mmfer tool does with a user's mistake: one clear line, a non-zero exit.

A tool's ``main`` raises; :func:`run_cli` turns the exception into ``<tool>: error: <message>``
on stderr and exit status 2 (1 for an error that is not the input's fault; an exception may
carry its own ``exit_status``), with the traceback only when ``--debug`` is among the arguments
or ``MMFER_DEBUG=1`` is set.
"""
import os
import sys
from typing import Callable, List, Optional

DEBUG_ENV = 'MMFER_DEBUG'
# the input's fault: a missing or clashing file, a wrong value or key, a bad config
USER_ERRORS = (FileNotFoundError, FileExistsError, IsADirectoryError, NotADirectoryError,
               PermissionError, ValueError, KeyError, ImportError, SyntaxError)


def one_line(error: BaseException) -> str:
    """The message of ``error`` on one line (mmengine wraps a constructor's error in a long
    text that names the class: keep that, drop the rest)."""
    text = str(error) or type(error).__name__
    if isinstance(error, KeyError) and len(error.args) == 1:
        text = str(error.args[0])
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 2 and lines[1].startswith('Original Traceback'):
        # a DataLoader worker's error: torch puts the worker's traceback in the message, and
        # its last line is the one that names the file
        return f'{lines[0]} {lines[-1]}'
    return ' '.join(lines[:6]) + (' ...' if len(lines) > 6 else '')


def debugging(argv: Optional[List[str]] = None) -> bool:
    return '--debug' in (sys.argv[1:] if argv is None else argv) or \
        os.environ.get(DEBUG_ENV) == '1'


def run_cli(prog: str, main: Callable[[Optional[List[str]]], Optional[int]],
            argv: Optional[List[str]] = None) -> int:
    """``main(argv)``'s status, or 2 / 1 with one line on stderr if it raises.

    ``--debug`` is taken out of the arguments here, so every tool accepts it.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = debugging(args)
    try:
        return main([a for a in args if a != '--debug']) or 0
    except KeyboardInterrupt:
        print(f'{prog}: interrupted', file=sys.stderr)
        return 130
    except Exception as error:  # every failure ends as one line, unless debugging
        if debug:
            raise
        print(f'{prog}: error: {one_line(error)} (--debug or {DEBUG_ENV}=1 shows where)',
              file=sys.stderr)
        return getattr(error, 'exit_status', 2 if isinstance(error, USER_ERRORS) else 1)


def print_table(table: str, out: Optional[str] = None, force: bool = False) -> None:
    """Print a tool's table, and write it to ``out`` too (whole or not at all; an existing
    file only with ``force``)."""
    from mmfer.utils.io import write_text_atomic
    print(table)
    if out:
        write_text_atomic(table + '\n', out, force=force)

