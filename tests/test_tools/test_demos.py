"""tools/demo/image_demo.py and video_demo.py on synthetic faces and on a real photograph
(matplotlib ships one: Grace Hopper), at several sizes, in grayscale, with alpha, rotated by
EXIF, and on files that are not images."""
import json
import os.path as osp

import cv2
import matplotlib
import numpy as np
import pytest
from PIL import Image

from mmfer.datasets.synthetic import SyntheticConfig, make_synthetic_image
from tests.conftest import MAIN_CONFIG, cli
from tools.demo.image_demo import main as image_demo_main
from tools.demo.video_demo import main as video_demo_main

image_demo = cli('image_demo', image_demo_main)
video_demo = cli('video_demo', video_demo_main)

PHOTO = osp.join(matplotlib.get_data_path(), 'sample_data', 'grace_hopper.jpg')


@pytest.fixture(scope='module')
def images(tmp_path_factory):
    folder = tmp_path_factory.mktemp('images')
    photo = cv2.imread(PHOTO)  # 600 x 512, a real face
    synthetic = make_synthetic_image(SyntheticConfig(), 'test', 0)[0][:, :, ::-1]
    cv2.imwrite(str(folder / 'synthetic.jpg'), synthetic)
    cv2.imwrite(str(folder / 'photo_small.jpg'), cv2.resize(photo, (64, 75)))
    cv2.imwrite(str(folder / 'photo.jpg'), photo)
    cv2.imwrite(str(folder / 'photo_large.png'), cv2.resize(photo, (1536, 1800)))
    cv2.imwrite(str(folder / 'photo_gray.png'), cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY))
    cv2.imwrite(str(folder / 'photo_alpha.png'), cv2.cvtColor(photo, cv2.COLOR_BGR2BGRA))
    # stored landscape, EXIF orientation 6: shown rotated 90 degrees clockwise, portrait
    rotated = Image.fromarray(np.ascontiguousarray(photo[:, :, ::-1])).transpose(
        Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    rotated.save(folder / 'photo_exif.jpg', exif=exif)
    (folder / 'broken.jpg').write_bytes(b'\xff\xd8\xff this is not a JPEG')
    (folder / 'notes.txt').write_text('not an image, not listed')
    return folder


def run_demo(images, out, *extra):
    return image_demo([str(images), MAIN_CONFIG, '--weights', out['weights'],
                       '--out-dir', out['dir'], '--score-thr', '0', '--max-faces', '2',
                       *extra])


def test_every_readable_image_gets_a_drawing_and_a_json(images, tmp_path, main_job_checkpoint,
                                                        capsys):
    out = dict(weights=main_job_checkpoint, dir=str(tmp_path / 'out'))
    assert run_demo(images, out) == 0
    captured = capsys.readouterr()
    assert 'skipped' in captured.err and 'broken.jpg: not a readable image' in captured.err
    assert '7 image(s) done, 1 skipped' in captured.out
    sizes = dict(synthetic=(160, 160), photo_small=(75, 64), photo=(600, 512),
                 photo_large=(1800, 1536), photo_gray=(600, 512), photo_alpha=(600, 512),
                 photo_exif=(600, 512))  # EXIF honoured: portrait as shown, not as stored
    for name, (h, w) in sizes.items():
        drawn = cv2.imread(osp.join(out['dir'], f'{name}.jpg'))
        assert drawn.shape == (h, w, 3), name
        with open(osp.join(out['dir'], f'{name}.json')) as f:
            result = json.load(f)
        assert (result['height'], result['width']) == (h, w)
        assert len(result['faces']) == 2
        for face in result['faces']:
            x1, y1, x2, y2 = face['bbox']
            assert 0 <= x1 <= x2 <= w and 0 <= y1 <= y2 <= h  # in the image's own pixels
            assert len(face['class_scores']) == 7 and face['expression'] in face['class_scores']
    assert not osp.exists(osp.join(out['dir'], 'broken.jpg'))


def test_glob_input_and_no_silent_overwrite(images, tmp_path, main_job_checkpoint, capsys):
    out = dict(weights=main_job_checkpoint, dir=str(tmp_path / 'out'))
    assert image_demo([str(images / 'photo*.jpg'), MAIN_CONFIG, '--weights', out['weights'],
                       '--out-dir', out['dir']]) == 0
    assert sorted(p for p in __import__('os').listdir(out['dir']) if p.endswith('.json')) == [
        'photo.json', 'photo_exif.json', 'photo_small.json']
    assert image_demo([str(images / 'photo.jpg'), MAIN_CONFIG, '--weights', out['weights'],
                       '--out-dir', out['dir']]) == 2
    assert 'already exist; pass --force' in capsys.readouterr().err
    assert image_demo([str(images / 'photo.jpg'), MAIN_CONFIG, '--weights', out['weights'],
                       '--out-dir', out['dir'], '--force']) == 0


def test_bad_arguments_end_with_one_line(images, tmp_path, main_job_checkpoint, capsys):
    assert image_demo([str(tmp_path / 'nothing*.jpg'), MAIN_CONFIG, '--weights',
                       main_job_checkpoint]) == 2
    assert 'no file matches it' in capsys.readouterr().err
    assert image_demo([str(images), MAIN_CONFIG, '--weights', str(tmp_path / 'w.pth')]) == 2
    assert 'w.pth: no such checkpoint file' in capsys.readouterr().err
    assert image_demo([str(images / 'broken.jpg'), MAIN_CONFIG, '--weights',
                       main_job_checkpoint, '--out-dir', str(tmp_path / 'o')]) == 1


def make_video(path, frames=6, size=(160, 120)):
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), 10.0, size)
    for i in range(frames):
        image = make_synthetic_image(SyntheticConfig(), 'test', i)[0][:, :, ::-1]
        writer.write(cv2.resize(image, size))
    writer.release()


def test_a_deploy_backend_writes_the_faces_pytorch_finds(images, tmp_path, main_job_checkpoint):
    """OpenVINO (both deploy runtimes against PyTorch: tests/test_apis/test_fer_inferencer.py)."""
    backend = 'openvino'
    faces = {}
    for name in ('pytorch', backend):
        out = dict(weights=main_job_checkpoint, dir=str(tmp_path / name))
        assert run_demo(images / 'photo.jpg', out, '--backend', name) == 0
        faces[name] = json.load(open(tmp_path / name / 'photo.json'))['faces']
    assert len(faces[backend]) == len(faces['pytorch']) == 2
    for a, b in zip(faces['pytorch'], faces[backend]):
        assert a['expression'] == b['expression']
        assert np.allclose(a['bbox'], b['bbox'], atol=1e-2)  # pixels of a 512 x 600 photo
        assert b['score'] == pytest.approx(a['score'], abs=1e-3)


def test_video_demo_writes_every_frame_drawn(tmp_path, main_job_checkpoint, capsys):
    """In OpenVINO (the PyTorch path of the same inferencer: the image demo's tests)."""
    make_video(tmp_path / 'in.mp4')
    out = tmp_path / 'out.mp4'
    assert video_demo([str(tmp_path / 'in.mp4'), MAIN_CONFIG, '--weights',
                       main_job_checkpoint, '--out', str(out), '--score-thr', '0',
                       '--backend', 'openvino']) == 0
    captured = capsys.readouterr()
    assert '6/6 frames' in captured.err and 'frames/s' in captured.err
    video = cv2.VideoCapture(str(out))
    assert int(video.get(cv2.CAP_PROP_FRAME_COUNT)) == 6
    assert (int(video.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(video.get(cv2.CAP_PROP_FRAME_HEIGHT))) == (160, 120)
    assert not list(tmp_path.glob('*.partial*'))
    assert video_demo([str(tmp_path / 'in.mp4'), MAIN_CONFIG, '--weights',
                       main_job_checkpoint, '--out', str(out)]) == 2
    assert 'already exists; pass --force' in capsys.readouterr().err


def test_video_demo_bad_sources(tmp_path, main_job_checkpoint, capsys):
    assert video_demo([str(tmp_path / 'missing.mp4'), MAIN_CONFIG, '--weights',
                       main_job_checkpoint]) == 2
    assert 'missing.mp4: no such video file' in capsys.readouterr().err
    (tmp_path / 'fake.mp4').write_text('not a video')
    assert video_demo([str(tmp_path / 'fake.mp4'), MAIN_CONFIG, '--weights',
                       main_job_checkpoint]) == 2
    assert 'fake.mp4' in capsys.readouterr().err
    assert video_demo(['7', MAIN_CONFIG, '--weights', main_job_checkpoint]) == 2
    assert 'camera 7 cannot be opened' in capsys.readouterr().err
