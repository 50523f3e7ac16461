"""Print a config as it resolves: every ``_base_`` merged, ``--cfg-options`` applied.

    python tools/misc/print_config.py CONFIG [--cfg-options KEY=VALUE ...]

MMDetection's tool of the same name, for mmfer's configs (``mmdet::`` bases included).
"""
import argparse
import sys

from mmengine.config import Config, DictAction

from mmfer.cli import run_cli


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config', help='a config file')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override settings, as tools/train.py takes them')
    args = parser.parse_args(argv)
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    print(cfg.pretty_text)
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('print_config', main))
