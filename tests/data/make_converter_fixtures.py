"""Make tests/data/affectnet/ and tests/data/expw/: a few synthetic faces in the layouts
AffectNet and ExpW ship (mmfer/datasets/affectnet_converter.py and expw_converter.py document
them), for the converters' tests. Run from the repository root:

    python tests/data/make_converter_fixtures.py

AffectNet: Manually_Annotated_file_lists/validation.csv (one row per face: the box, the 68
landmarks with the face's 5 at the eye-centre, nose-tip and mouth-corner indices, every
expression code 0..8 once and Happy again) and Manually_Annotated_Images/101/*.jpg. ExpW:
label/label.lst (one line per face, one or two faces per image, the second less confident)
and image/origin/*.jpg.
"""
import os

import cv2
import numpy as np

from mmfer.datasets.synthetic import SyntheticConfig, make_synthetic_image

FIVE_FROM_68 = [range(36, 42), range(42, 48), [30], [48], [54]]


def affectnet(root='tests/data/affectnet'):
    os.makedirs(f'{root}/Manually_Annotated_file_lists', exist_ok=True)
    os.makedirs(f'{root}/Manually_Annotated_Images/101', exist_ok=True)
    rows = []
    for i, code in enumerate([0, 1, 2, 3, 4, 5, 6, 7, 8, 1]):
        img, (face,) = make_synthetic_image(SyntheticConfig(seed=5, img_size=96), 'test', i)
        name = f'101/img_{i:02d}.jpg'
        cv2.imwrite(f'{root}/Manually_Annotated_Images/{name}', img[:, :, ::-1],
                    [cv2.IMWRITE_JPEG_QUALITY, 80])
        points = np.zeros((68, 2))
        for idx, p in zip(FIVE_FROM_68, face.keypoints[:, :2]):
            points[list(idx)] = p
        x, y, w, h = face.bbox
        rows.append(f'{name},{x:.1f},{y:.1f},{w:.1f},{h:.1f},'
                    + ';'.join(f'{v:.2f}' for v in points.ravel()) + f',{code},0.1,0.2')
    with open(f'{root}/Manually_Annotated_file_lists/validation.csv', 'w') as f:
        f.write('subDirectory_filePath,face_x,face_y,face_width,face_height,facial_landmarks,'
                'expression,valence,arousal\n' + '\n'.join(rows) + '\n')


def expw(root='tests/data/expw'):
    os.makedirs(f'{root}/label', exist_ok=True)
    os.makedirs(f'{root}/image/origin', exist_ok=True)
    lines = []
    cfg = SyntheticConfig(seed=6, img_size=128, faces_per_image=(1, 2))
    for i in range(6):
        img, faces = make_synthetic_image(cfg, 'train', i)
        name = f'expw_{i:02d}.jpg'
        cv2.imwrite(f'{root}/image/origin/{name}', img[:, :, ::-1],
                    [cv2.IMWRITE_JPEG_QUALITY, 80])
        for j, face in enumerate(faces):
            x, y, w, h = face.bbox
            lines.append(f'{name} {j} {y:.0f} {x:.0f} {x + w:.0f} {y + h:.0f} '
                         f'{0.9 - 0.3 * j:.2f} {(i + j) % 7}')
    with open(f'{root}/label/label.lst', 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    affectnet()
    expw()
