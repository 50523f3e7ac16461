"""The command-line arguments the image and video demos share: the model and its weights, the
faces kept, and where the model runs."""
import argparse


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    """CONFIG, --weights, --score-thr, --max-faces, --device and --backend."""
    from mmfer.apis.fer_inferencer import BACKENDS
    parser.add_argument('config', help='config file, or the name of an mmfer config')
    parser.add_argument('--weights', required=True, help='checkpoint file')
    parser.add_argument('--score-thr', type=float, default=0.3, help='lowest face score kept')
    parser.add_argument('--max-faces', type=int, help='at most this many faces per image')
    parser.add_argument('--device', default='cpu', help='cpu or cuda:0, ... (pytorch backend)')
    parser.add_argument('--backend', choices=BACKENDS, default='pytorch',
                        help='run the model in PyTorch, or exported to ONNX in onnxruntime or '
                        'OpenVINO (DEIM-style detectors; the deploy extra)')
