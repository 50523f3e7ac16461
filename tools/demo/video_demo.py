"""Detect faces and their expressions in a video file or a camera, frame by frame.

    python tools/demo/video_demo.py VIDEO|CAMERA_ID CONFIG --weights W [--out out.mp4] [--show]
                                    [--score-thr 0.3] [--max-faces N] [--device cpu]
                                    [--backend pytorch|onnxruntime|openvino] [--max-frames N]
                                    [--force]

Every frame gets the faces drawn (box, expression, score, a bar of the 7 scores); with --out
the drawn frames are written as a video of the input's size and frame rate (written beside and
renamed into place at the end, so an interrupted run never leaves a half file under that name).
A video file shows a progress bar with frames per second; a camera (an integer id) runs until
q is pressed in the window (--show) or --max-frames frames.
"""
import argparse
import os
import os.path as osp
import sys
import time

import cv2

from mmfer.apis import FERInferencer
from mmfer.cli import run_cli
from mmfer.cli.demo_arguments import add_model_arguments


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('video', help='a video file, or a camera id (0, 1, ...)')
    add_model_arguments(parser)
    parser.add_argument('--out', help='write the drawn frames to this video (.mp4 or .avi)')
    parser.add_argument('--show', action='store_true', help='show the frames in a window')
    parser.add_argument('--max-frames', type=int, help='stop after this many frames')
    parser.add_argument('--force', action='store_true', help='overwrite --out if it exists')
    return parser.parse_args(argv)


def open_capture(source: str) -> cv2.VideoCapture:
    """A capture of a camera id or a video file, with errors that name it."""
    if source.isdigit():
        capture = cv2.VideoCapture(int(source))
        if not capture.isOpened():
            raise FileNotFoundError(f'camera {source} cannot be opened (no such camera, or '
                                    'it is in use)')
        return capture
    if not osp.isfile(source):
        raise FileNotFoundError(f'{source}: no such video file')
    capture = cv2.VideoCapture(source)
    if not capture.isOpened():
        raise ValueError(f'{source}: OpenCV cannot read this video (not a video, or a codec '
                         'it lacks)')
    return capture


def progress(done: int, total: int, started: float) -> None:
    rate = done / max(time.perf_counter() - started, 1e-9)
    width = 30
    filled = int(width * done / total) if total > 0 else 0
    bar = '#' * filled + '-' * (width - filled)
    end = '\n' if done == total else ''
    print(f'\r[{bar}] {done}/{total if total > 0 else "?"} frames, {rate:.1f} frames/s',
          end=end, file=sys.stderr, flush=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    writer = capture = None
    partial = None
    if not osp.isfile(args.weights):
        raise FileNotFoundError(f'--weights {args.weights}: no such checkpoint file')
    if args.out and osp.exists(args.out) and not args.force:
        raise FileExistsError(f'{args.out} already exists; pass --force to overwrite it')
    if args.out and osp.splitext(args.out)[1].lower() not in ('.mp4', '.avi'):
        raise ValueError(f'--out {args.out}: write .mp4 or .avi')
    capture = open_capture(args.video)
    inferencer = FERInferencer(args.config, weights=args.weights, device=args.device,
                                backend=args.backend)
    total = int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) if not args.video.isdigit() else 0
    if args.max_frames:
        total = min(total, args.max_frames) if total > 0 else args.max_frames
    fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
    done, started = 0, time.perf_counter()
    try:
        while args.max_frames is None or done < args.max_frames:
            ok, frame = capture.read()
            if not ok:
                break
            _, drawn = inferencer.annotate(frame, args.score_thr, args.max_faces)
            if args.out and writer is None:
                os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
                partial = f'{args.out}.partial{osp.splitext(args.out)[1]}'
                codec = 'mp4v' if args.out.lower().endswith('.mp4') else 'MJPG'
                writer = cv2.VideoWriter(partial, cv2.VideoWriter_fourcc(*codec), fps,
                                         (drawn.shape[1], drawn.shape[0]))
            if writer is not None:
                writer.write(drawn)
            done += 1
            if total:
                progress(done, total, started)
            if args.show:
                cv2.imshow('mmfer', drawn)
                if cv2.waitKey(1) & 0xFF == ord('q'):
                    break
    finally:
        capture.release()
        if writer is not None:
            writer.release()
    if done == 0:
        if partial and osp.exists(partial):
            os.remove(partial)
        raise ValueError(f'{args.video}: no frame could be read')
    if partial:
        os.replace(partial, args.out)
    rate = done / max(time.perf_counter() - started, 1e-9)
    print(f'{done} frames at {rate:.1f} frames/s' + (f' -> {args.out}' if args.out else ''))
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('video_demo', main))
