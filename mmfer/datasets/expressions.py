"""The 7 basic expressions and the 5 facial landmarks, in RAF-DB's order.

RAF-DB's label ids 1..7 are Surprise, Fear, Disgust, Happiness, Sadness, Anger, Neutral; mmfer's
COCO files keep those ids as category ids, and the 5 manual landmarks as COCO keypoints.
"""
EXPRESSION_CLASSES = ('Surprise', 'Fear', 'Disgust', 'Happiness', 'Sadness', 'Anger',
                      'Neutral')
# One colour per expression (RGB), for visualisation.
EXPRESSION_PALETTE = [(255, 187, 0), (148, 0, 211), (34, 139, 34), (255, 215, 0),
                      (30, 144, 255), (220, 20, 60), (160, 160, 160)]
LANDMARK_NAMES = ('left_eye', 'right_eye', 'nose', 'left_mouth_corner', 'right_mouth_corner')
# After a horizontal flip the left eye becomes the right one, and so on.
LANDMARK_FLIP_INDICES = (1, 0, 2, 4, 3)
NUM_LANDMARKS = len(LANDMARK_NAMES)


def coco_categories(classes=EXPRESSION_CLASSES) -> list:
    """COCO ``categories`` for the expressions (the 7 by default), ids 1.., with the 5
    landmarks as keypoints."""
    skeleton = [[1, 2], [1, 3], [2, 3], [3, 4], [3, 5], [4, 5]]
    return [dict(id=i + 1, name=name, supercategory='face', keypoints=list(LANDMARK_NAMES),
                 skeleton=skeleton) for i, name in enumerate(classes)]
