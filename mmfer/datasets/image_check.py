"""A dataset's images checked before training: each file exists and starts as an image does.

A stat and a 16-byte read per file, no decode: a missing folder, a missing file, an empty or
unreadable one, or one that is no image (an HTML error page saved as ``.jpg``) is found before
the first iteration, by name, instead of in a DataLoader worker.
"""
import os.path as osp
from collections import Counter
from typing import List, Optional, Sequence, Tuple

# first bytes of the formats OpenCV and Pillow decode (the file name's extension is not trusted)
SIGNATURES = (b'\xff\xd8\xff', b'\x89PNG\r\n\x1a\n', b'BM', b'GIF87a', b'GIF89a',
              b'II*\x00', b'MM\x00*', b'\x00\x00\x00\x0cjP  \r\n', b'\xff\x4f\xff\x51',
              b'P1', b'P2', b'P3', b'P4', b'P5', b'P6', b'#?RADIANCE', b'#?RGBE',
              b'v/1\x01', b'\x59\xa6\x6a\x95')
HEADER_BYTES = 16
BAD_IMAGE_MODES = ('error', 'skip', 'off')


def image_problem(path: str) -> Optional[str]:
    """Why ``path`` cannot be an image file (``'missing'``, ``'empty'``, ...), or None."""
    try:
        with open(path, 'rb') as f:
            head = f.read(HEADER_BYTES)
    except FileNotFoundError:
        return 'missing'
    except IsADirectoryError:
        return 'a folder'
    except OSError as e:
        return f'unreadable ({e.strerror or type(e).__name__})'
    if not head:
        return 'empty'
    if head.startswith(SIGNATURES) or (head[:4] == b'RIFF' and head[8:12] == b'WEBP'):
        return None
    return f'not an image (starts with {head[:8].hex()})'


def find_bad_images(paths: Sequence[str]) -> List[Tuple[str, str]]:
    """``(path, problem)`` for each of ``paths`` that :func:`image_problem` rejects."""
    bad = []
    for path in paths:
        problem = image_problem(path)
        if problem is not None:
            bad.append((path, problem))
    return bad


def describe_bad_images(bad: Sequence[Tuple[str, str]], total: int, ann_file: str,
                        image_dir: str, max_names: int = 5) -> str:
    """One paragraph a user can act on: what is wrong with how many of ``total`` images of
    ``ann_file``, the first ones by path, the folder they were looked for in, and the fix."""
    counts = Counter(problem.split(' (')[0] for _, problem in bad)
    what = ', '.join(f'{n} {problem}' for problem, n in counts.most_common())
    folder = osp.abspath(image_dir) if image_dir else '(no image folder: data_prefix.img is empty)'
    lines = [f'{ann_file}: {len(bad)} of {total} images are bad ({what}); looked in {folder}'
             + ('' if osp.isdir(image_dir or '.') else ', which does not exist') + '.',
             'first: ' + '; '.join(f'{path} ({problem})' for path, problem in bad[:max_names])
             + (f'; ... (+{len(bad) - max_names})' if len(bad) > max_names else '')]
    if counts.get('missing') == len(bad):
        lines.append('Fix: point data_root at the folder the converter wrote (DATA_ROOT=OUT_DIR, '
                     'or --cfg-options data_root=OUT_DIR/; the converted annotation files '
                     'record where the images are), or set data_prefix.img to the image folder.')
    lines.append("To train without the bad files, set the dataset's bad_images='skip' "
                 '(docs/bad_input.md).')
    return '\n'.join(lines)


def check_image_files(paths: Sequence[str], ann_file: str, image_dir: str,
                      mode: str = 'error') -> List[Tuple[str, str]]:
    """``(path, problem)`` of every bad file of ``paths`` (none with ``mode='off'``).

    Args:
        paths: the image files of one annotation file.
        ann_file, image_dir: named in the message.
        mode: ``'error'`` raises on any bad file, ``'skip'`` returns them (the caller drops
            and counts them), ``'off'`` checks nothing.

    Raises:
        FileNotFoundError: ``mode='error'`` and some file is bad; the message is
            :func:`describe_bad_images`'s.
    """
    if mode not in BAD_IMAGE_MODES:
        raise ValueError(f'bad_images must be one of {BAD_IMAGE_MODES}, got {mode!r}')
    if mode == 'off':
        return []
    bad = find_bad_images(paths)
    if bad and mode == 'error':
        raise FileNotFoundError(describe_bad_images(bad, len(paths), ann_file, image_dir))
    return bad


def local_backend(backend_args: Optional[dict]) -> bool:
    """Whether images are read from the local disk, where they can be checked by path."""
    return not backend_args or backend_args.get('backend', 'local') == 'local'
