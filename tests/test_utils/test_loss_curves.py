"""mmfer.utils.loss_curves: a loss term's trend from window means."""
import numpy as np
import pytest

from mmfer.utils.loss_curves import Trend, loss_trends

# a DDF-like term: 0 at first, rises, then falls to 0.6 of its peak; a flat one; a late rise
RISE_THEN_FALL = [0.0, 0.0, 1.0, 2.0, 2.0, 2.0, 1.6, 1.4, 1.2, 1.2]
FLAT = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 0.95]


def test_trends_take_window_means_and_the_highest_one_between():
    curves = {'rise': (np.arange(10), np.array(RISE_THEN_FALL)),
              'flat': (np.arange(10), np.array(FLAT))}
    trends = loss_trends(curves, fraction=0.2)  # windows of 2 values
    assert trends['rise'] == Trend(0.0, 2.0, 1.2)
    assert trends['rise'].verdict() == 'falls after its peak'
    assert trends['rise'].verdict(min_drop=0.5) == 'does not fall'
    assert trends['flat'] == pytest.approx(Trend(1.0, 1.0, 0.95))
    assert trends['flat'].verdict() == 'falls'
    assert Trend(1.0, 1.0, 1.0).verdict() == 'does not fall'
