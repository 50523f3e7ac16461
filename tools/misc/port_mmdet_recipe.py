"""Port MMDetection COCO recipes onto mmfer's face data, as config files a reader can read.

    python tools/misc/port_mmdet_recipe.py CONFIG [CONFIG ...] [--check]

Each CONFIG's header holds its ``# port:`` lines (mmfer/recipes/port_file.py says which
arguments they take); the tool writes the rest of the file: ``_base_`` (the recipe, or the
``parent`` row config) and the entries that resolve to the ported recipe, so the file shows
what moving the recipe onto face data changes. To add a row, write a file with its comment and
port lines and run the tool on it; to change a row's data, scale, length or model, edit its
port lines and run it again. Files are ported in order, so give a parent before its children.
--check writes nothing and fails (status 1) if any file differs from a fresh port.
"""
import argparse
import difflib
import sys

from mmfer.cli import run_cli
from mmfer.utils.io import write_text_atomic


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('configs', nargs='+', metavar='CONFIG')
    parser.add_argument('--check', action='store_true',
                        help='write nothing; fail if a file differs from a fresh port')
    args = parser.parse_args(argv)
    from mmfer.recipes.port_file import port_text
    differ = []
    for path in args.configs:
        with open(path, encoding='utf-8') as f:
            old = f.read()
        new = port_text(path)
        if new == old:
            continue
        differ.append(path)
        if args.check:
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(True), new.splitlines(True), path, f'{path} (ported again)'))
        else:
            write_text_atomic(new, path, force=True)
            print(f'wrote {path}')
    if args.check and differ:
        print(f'{len(differ)} of {len(args.configs)} configs differ from a fresh port',
              file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('port_mmdet_recipe', main))
