"""`capped`: a name-only pair's probability lowered under the cap with its order kept, on one value
(screening) and on an array (linkage's scored pairs), so review lists rank the stronger pairs first."""

from __future__ import annotations

import numpy as np

from tipnet.matching.features import CAP_BAND, capped


def test_capped_scores_keep_their_order_inside_the_band() -> None:
    probs = [0.31, 0.45, 0.7, 0.93, 0.999, 1.0]
    lowered = [capped(p, 0.3) for p in probs]
    assert lowered == sorted(lowered) and len(set(lowered)) == len(lowered)
    assert all(0.3 - CAP_BAND < x <= 0.3 for x in lowered)


def test_an_array_is_lowered_as_its_values_one_by_one() -> None:
    probs = np.array([0.71, 0.8, 0.95, 1.0])
    out = capped(probs, 0.7)
    assert np.allclose(out, [capped(float(p), 0.7) for p in probs])
    assert np.all(np.diff(out) > 0) and out.max() == 0.7 and out.min() > 0.7 - CAP_BAND
