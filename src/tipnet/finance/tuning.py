"""Analysts' decisions feeding each typology's queue threshold: one documented, bounded rule, no drift.

Every alert an FIU analyst closes as a false positive or escalates into a case is a label on its score.
Per typology, the threshold is the score below which the analysts' decided alerts were mostly false
positives: alerts scoring under it are still queued (a victim's alert is never dropped) but listed after
every alert at or above it, and marked. The rule, applied by `tipnet finance tune` (a dry run unless
`--apply`, and then audited and kept with who set it and why):

1. Only decided alerts count (closed as false positive, or escalated); fewer than `MIN_DECIDED` for a
   typology and its threshold stays where it is.
2. The proposal is the score `s` among the decided alerts (with at least `MIN_BELOW` of them under it)
   that best separates dismissed from escalated: it maximises `false positives under s - K * escalated
   under s`, an escalated alert pushed under the threshold weighing as much as K = 4 dismissed ones (so
   what falls under it was more than 80% false positives); the lowest such score on a tie, and 0 when no
   score gains anything (analysts escalated the low scorers too).
3. Bounded: one tuning moves a threshold by at most `MAX_STEP`, and never above `MAX_THRESHOLD`.

So a typology whose low-scoring alerts analysts keep dismissing gets a higher threshold (its rules are
trusted less at those scores), and escalations of low scorers bring it back down, step by step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MIN_DECIDED = 10
MIN_BELOW = 5
ESCALATED_WEIGHT = 4  # an escalated alert under the threshold costs as much as 4 dismissed ones gain
MAX_STEP = 0.1
MAX_THRESHOLD = 0.75
RULE = (
    f"the decided score s (>= {MIN_BELOW} decided alerts under it) maximising false positives under s - "
    f"{ESCALATED_WEIGHT} x escalated under s; needs >= {MIN_DECIDED} decided; moves <= {MAX_STEP} per "
    f"tuning, never above {MAX_THRESHOLD}"
)


@dataclass(frozen=True)
class Proposal:
    typology: str
    current: float
    proposed: float
    decided: int
    false_positives: int
    escalated: int
    why: str

    @property
    def changes(self) -> bool:
        return abs(self.proposed - self.current) > 1e-9


def propose(typology: str, current: float, decided: Iterable[tuple[float, bool]]) -> Proposal:
    """`decided`: (score, was a false positive) of each alert an analyst closed or escalated."""
    labels = sorted((round(float(s), 6), bool(fp)) for s, fp in decided)
    fps = sum(1 for _, fp in labels if fp)

    def made(proposed: float, why: str) -> Proposal:
        return Proposal(typology, current, proposed, len(labels), fps, len(labels) - fps, why)

    if len(labels) < MIN_DECIDED:
        return made(current, f"{len(labels)} decided alerts, fewer than {MIN_DECIDED}: unchanged")
    target, best = 0.0, 0
    for s in sorted({s for s, _ in labels}):
        below = [fp for t, fp in labels if t < s]
        gain = sum(below) - ESCALATED_WEIGHT * (len(below) - sum(below))
        if len(below) >= MIN_BELOW and gain > best:
            target, best = s, gain
    bounded = min(MAX_THRESHOLD, max(current - MAX_STEP, min(current + MAX_STEP, target)))
    under = [fp for t, fp in labels if t < target]
    why = (
        f"{len(under)} decided alerts score under {target:.3f}, {sum(under)} of them false positives"
        if target > 0
        else "no score band where analysts mostly dismissed the alerts"
    )
    if abs(bounded - target) > 1e-9:
        why += f"; bounded to {bounded:.3f} (at most {MAX_STEP} per tuning, never above {MAX_THRESHOLD})"
    return made(round(bounded, 6), why)
