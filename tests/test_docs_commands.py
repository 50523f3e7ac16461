"""Every command in the docs' shell blocks names things that exist: scripts and make targets,
the flags their parsers accept, the environment variables they read, the repository paths and
model names they use. (The blocks a new user runs first also run for real:
tests/test_docs_first_hour.py.)"""
import argparse
import glob
import os.path as osp
import re
import shlex

import pytest

from tests.conftest import REPO

DOCS = (['README.md', 'data/README.md']
        + sorted(osp.relpath(p, REPO) for p in glob.glob(f'{REPO}/docs/*.md'))
        + sorted(osp.relpath(p, REPO) for p in glob.glob(f'{REPO}/configs/*/README.md')))
SHELL_LANGUAGES = ('bash', 'sh', 'shell')
PYTHONS = ('python', 'python3', '.venv/bin/python')
# variables any program reads: the interpreter's, the libraries', mmfer's own
COMMON_ENV = {'PYTHONPATH', 'OMP_NUM_THREADS', 'CUDA_VISIBLE_DEVICES', 'MMFER_DEBUG',
              'MMFER_VENV', 'MMFER_CACHE'}
REPO_FOLDERS = ('configs/', 'tools/', 'benchmarks/', 'docs/', 'mmfer/', 'requirements/')
CONFIG_NAMES = {osp.splitext(osp.basename(p))[0]
                for p in glob.glob(f'{REPO}/configs/**/*.py', recursive=True)}
CONFIG_FAMILIES = {name.split('_')[0] for name in CONFIG_NAMES}


def shell_blocks(path):
    """``(line number, text)`` of each fenced shell block of the file at ``path``."""
    text = open(osp.join(REPO, path), encoding='utf-8').read()
    for match in re.finditer(r'^```(\w*)\n(.*?)^```', text, re.M | re.S):
        if match.group(1) in SHELL_LANGUAGES:
            yield text[:match.start()].count('\n') + 2, match.group(2)


def split_outside_quotes(text):
    """``text`` cut at the newlines, ``;`` and ``&&`` outside quotes, each ``# comment`` (a
    ``#`` outside quotes after a space or at a line's start) dropped; a quoted string, such as
    the code of ``python -c``, may span lines and hold any of them."""
    pieces, current, quote, i = [], [], None, 0
    while i < len(text):
        char = text[i]
        if quote is None:
            if char == '#' and (i == 0 or text[i - 1].isspace()):
                i = text.find('\n', i) if '\n' in text[i:] else len(text)
                continue
            if char in '\n;' or text.startswith('&&', i):
                pieces.append(''.join(current))
                current = []
                i += 2 if char == '&' else 1
                continue
            if char in '\'"':
                quote = char
        elif char == quote:
            quote = None
        current.append(char)
        i += 1
    return pieces + [''.join(current)]


def commands(block):
    """The commands of a block: continuation lines joined, comments dropped, ``&&`` and ``;``
    split, the usage notation's brackets (``[--flag X]``) opened."""
    for command in split_outside_quotes(re.sub(r'\\\n', ' ', block)):
        command = command.strip()
        if command:
            yield command.replace('[', ' ').replace(']', ' ')


def all_commands():
    return [(f'{path}:{number}', command) for path in DOCS
            for number, block in shell_blocks(path) for command in commands(block)]


def parser_options(script):
    """The option strings ``script``'s argparse parser accepts: its ``main`` (or
    ``parse_args``) is called with the parser's ``parse_args`` replaced, so nothing runs."""
    import importlib

    class Captured(Exception):
        pass

    def capture(self, *args, **kwargs):
        raise Captured(self)

    module = importlib.import_module(script[:-3].replace('/', '.'))
    entry = getattr(module, 'parse_args', None) or module.main
    original = argparse.ArgumentParser.parse_args
    argparse.ArgumentParser.parse_args = capture
    try:
        entry([])
    except Captured as captured:
        parser = captured.args[0]
    finally:
        argparse.ArgumentParser.parse_args = original
    options = {o for action in parser._actions for o in action.option_strings}
    if 'run_cli(' in open(osp.join(REPO, script), encoding='utf-8').read():
        options.add('--debug')  # run_cli takes it out of every tool's arguments
    return options


def read_by(text, name):
    return re.search(rf'\$\{{?{name}\b|environ(?:\.get\(|\[)\s*[\'"]{name}[\'"]', text)


def make_targets_and_variables():
    text = open(osp.join(REPO, 'Makefile'), encoding='utf-8').read()
    targets = set(re.findall(r'^([\w.-]+)\s*:(?!=)', text, re.M))
    variables = set(re.findall(r'^([A-Z_]+)\s*[?:]?=', text, re.M))
    return targets, variables, text


def source_reads(name):
    """Whether any of mmfer's scripts, tools or tests reads the environment variable ``name``
    (for variables on a ``make`` line, which reach everything the target runs)."""
    files = (glob.glob(f'{REPO}/tools/**/*.sh', recursive=True)
             + glob.glob(f'{REPO}/tools/**/*.py', recursive=True)
             + glob.glob(f'{REPO}/tests/**/*.py', recursive=True)
             + glob.glob(f'{REPO}/mmfer/**/*.py', recursive=True))
    return any(read_by(open(f, encoding='utf-8').read(), name) for f in files)


def expand_braces(token):
    match = re.search(r'\{([^{}]*,[^{}]*)\}', token)
    if not match:
        return [token]
    return [t for part in match.group(1).split(',')
            for t in expand_braces(token[:match.start()] + part + token[match.end():])]


def check_command(where, command):
    """The problems of one command, as lines naming ``where``."""
    problems = []
    try:
        tokens = shlex.split(command)
    except ValueError as e:
        return [f'{where}: cannot be split as a shell line ({e}): {command}']
    env = []
    while tokens and re.fullmatch(r'[A-Z_][A-Z0-9_]*=.*', tokens[0]):
        env.append(tokens.pop(0).split('=')[0])
    if not tokens or tokens[0] == '...':
        return problems
    program, args = tokens[0], tokens[1:]
    if program in PYTHONS:
        if not args or args[0] in ('-c', '-m'):
            return problems
        script, args = args[0], args[1:]
    elif program == 'bash':
        script, args = args[0], args[1:]
    elif program == 'make':
        targets, variables, makefile = make_targets_and_variables()
        for arg in args:
            if '=' in arg:
                name = arg.split('=')[0]
                if name not in variables and not source_reads(name):
                    problems.append(f'{where}: make variable {name} is read by nothing: '
                                    f'{command}')
            elif not arg.startswith('-') and arg not in targets:
                problems.append(f'{where}: no make target {arg!r}: {command}')
        for name in env:
            if name not in COMMON_ENV and name not in variables and not source_reads(name):
                problems.append(f'{where}: {name} is read by nothing that make runs: {command}')
        return problems
    else:
        return problems  # ln, git, source, ...: not mmfer's
    if not osp.isfile(osp.join(REPO, script)):
        return [f'{where}: no such script {script}: {command}']
    text = open(osp.join(REPO, script), encoding='utf-8').read()
    for name in env:
        if name not in COMMON_ENV and not read_by(text, name):
            problems.append(f'{where}: {script} does not read {name}: {command}')
    if script.endswith('.py'):
        options = parser_options(script)
        for arg in args:
            flag = arg.split('=')[0]
            if flag.startswith('--') and flag not in options:
                problems.append(f'{where}: {script} has no option {flag}: {command}')
    for arg in args:
        for token in expand_braces(arg.split('=')[-1]):
            if token.startswith(REPO_FOLDERS) and '$' not in token and \
                    not osp.exists(osp.join(REPO, token)):
                problems.append(f'{where}: no such path {token}: {command}')
            elif (re.fullmatch(r'[a-z0-9]+(?:[-_.][a-z0-9]+)*', token) and '_' in token
                  and token.split('_')[0] in CONFIG_FAMILIES and token not in CONFIG_NAMES
                  and not token.endswith(('.pth', '.json', '.md', '.tar', '.onnx', '.png'))):
                problems.append(f'{where}: no config named {token}: {command}')
    return problems


def test_the_docs_hold_shell_blocks_to_check():
    found = all_commands()
    assert len(found) > 40
    assert any('rafdb2coco.py' in command for _, command in found)


def test_every_command_in_the_docs_names_what_exists():
    problems = [p for where, command in all_commands() for p in check_command(where, command)]
    assert not problems, '\n'.join(problems)


@pytest.mark.parametrize('command, message', [
    ('python tools/train.py CONFIG --wrok-dir X', 'has no option --wrok-dir'),
    ('python tools/nope.py CONFIG', 'no such script tools/nope.py'),
    ('DATA_ROT=x bash tools/reproduce_table1.sh s 1 640', 'does not read DATA_ROT'),
    ('make train-dmeo', "no make target 'train-dmeo'"),
    ('make test PYTEST_ARG=-x', 'make variable PYTEST_ARG is read by nothing'),
    ('python tools/test.py configs/deim/nope.py CKPT', 'no such path configs/deim/nope.py'),
    ('python tools/test.py deim_hgnetv2-n_9e_synth CKPT', 'no config named deim_hgnetv2-n_9e'),
    ('python tools/train.py configs/natten_deim/natten-deim_hgnetv2-{n,x}_72e_rafdb.py',
     'no such path configs/natten_deim/natten-deim_hgnetv2-x_72e_rafdb.py'),
])
def test_the_checker_finds_each_kind_of_mistake(command, message):
    assert any(message in p for p in check_command('doc.md:1', command))


def test_the_checker_accepts_the_usage_notation():
    assert not check_command('doc.md:1', 'python tools/train.py CONFIG [--work-dir DIR] '
                                         '[--resume [CKPT]] [--cfg-options k=v ...] --debug')
