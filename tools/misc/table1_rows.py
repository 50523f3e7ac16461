"""The rows of the paper's Table 1 that ROWS names, one per line, for tools/reproduce_table1.sh.

    python tools/misc/table1_rows.py ROWS [--data rafdb|rafdb-320|synth] [--size n|s|m]
                                     [--schedule 72e|sgd-100e]
                                     [--info-out FILE --get KEY ... [--num-procs N]
                                      [--cfg-options k=v ...]]

ROWS is ``all`` or row names separated by commas or spaces ('' for the default: deim
natten-deim); the
rows are those of mmfer.evaluation.table1_rows, in the paper's order. Each line is
``KEY CONFIG`` (CONFIG under configs/) or ``KEY -`` for a row this installation cannot run.
With --info-out, FILE gets what tools/misc/run_info.py --get prints for each runnable row's
config, in the rows' order (one Python start for both: each costs seconds).
"""
import argparse
import sys

from mmfer.cli import run_cli
from mmfer.cli.run_config import add_common_arguments
from mmfer.cli.run_info import INFO_KEYS, info_lines
from mmfer.evaluation.table1_rows import select_rows
from mmfer.utils.io import write_atomic


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('rows', help="all, row names, or '' for deim and natten-deim")
    parser.add_argument('--data', choices=['rafdb', 'rafdb-320', 'synth'], default='rafdb')
    parser.add_argument('--size', choices=list('nsm'), default='n')
    parser.add_argument('--schedule', choices=['72e', 'sgd-100e'], default='72e')
    parser.add_argument('--info-out', help='write the runnable rows\' run_info values here')
    parser.add_argument('--get', nargs='+', choices=INFO_KEYS, default=['summary'])
    parser.add_argument('--num-procs', type=int, default=1)
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    rows = []  # (key, config under configs/, or None where this installation cannot run it)
    for row in select_rows(args.rows):
        config = None if row.unavailable else row.config(args.data, args.size, args.schedule)
        rows.append((row.key, config and f'configs/{config}'))
    if args.info_out:
        info = info_lines([config for _, config in rows if config], args.get,
                          args.cfg_options, args.num_procs)

        def write(tmp: str) -> None:
            with open(tmp, 'w', encoding='utf-8') as f:
                f.writelines(f'{line}\n' for line in info)
        write_atomic(args.info_out, write, force=True)
    print('\n'.join(f'{key} {config or "-"}' for key, config in rows))
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('table1_rows', main))
