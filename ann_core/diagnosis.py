"""Plain-words findings about a finished run: diverged, stalled, saturated, stuck at the base
rate, or starting to overfit. The pages show them so that a failed run teaches something.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .training import Run

#: |z| beyond which a sigmoid or tanh unit's slope is below about 0.01: it has saturated.
SATURATED_Z = {"sigmoid": 4.6, "tanh": 2.65}
#: A run "stalled" if its last epoch's loss is above this share of its first epoch's loss.
STALLED_SHARE = 0.9
#: Test loss this far above its own minimum counts as overfitting.
OVERFIT_RISE = 1.2


@dataclass(frozen=True)
class Finding:
    """One observation about a run: a short kind ('diverged', ...) and a sentence."""

    kind: str
    message: str


def diagnose(run: Run) -> list[Finding]:
    """Everything worth telling a student about how `run` went, most serious first."""
    checks = (_diverged, _saturated, _stalled, _base_rate, _overfitting)
    return [finding for check in checks if (finding := check(run)) is not None]


def _diverged(run: Run) -> Finding | None:
    if run.diverged_at is None:
        return None
    return Finding(
        "diverged",
        f"Training diverged in epoch {run.diverged_at}: a weight or the loss became infinite, "
        f"so only the first {run.epochs} epochs are shown. The steps were too large for this "
        "error surface: lower the learning rate (or the momentum).",
    )


def _saturated(run: Run) -> Finding | None:
    """A hidden layer whose units are saturated for most samples, or an output unit that is
    saturated on the wrong side for many of them: either way the error signal vanishes."""
    fwd = run.forward_epochs(run.X, [run.epochs])
    *hidden, output = zip(fwd.z, run.activations, strict=True)
    for layer, (z, name) in enumerate(hidden, start=1):
        if name in SATURATED_Z and np.mean(np.abs(z) > SATURATED_Z[name]) >= 0.8:
            return Finding(
                "saturated",
                f"Hidden layer {layer} is saturated: for most points its units' inputs sit "
                "where the slope is below 0.01, so almost no error signal flows back through "
                "them and learning has frozen. Large learning rates push weights there; try a "
                "smaller one.",
            )
    z, name = output
    if name in SATURATED_Z and run.config.loss == "sse":
        wrong = np.abs(fwd.output[0, :, 0] - run.y) > 0.5
        stuck = np.mean(wrong & (np.abs(z[0, :, 0]) > SATURATED_Z[name]))
        if stuck >= 0.25:
            return Finding(
                "saturated",
                f"For {stuck:.0%} of the points the output unit is saturated on the wrong "
                "side: confidently wrong, with a slope near 0, so with squared error these "
                "mistakes send back almost no error signal. A smaller learning rate avoids "
                "this; cross-entropy's error signal a - t does not vanish there.",
            )
    return None


def _stalled(run: Run) -> Finding | None:
    if run.epochs < 2 or not run.loss[-1] > STALLED_SHARE * run.loss[0]:
        return None
    return Finding(
        "stalled",
        f"The loss hardly moved: from {run.loss[0]:.4g} in epoch 1 to {run.loss[-1]:.4g} in "
        f"epoch {run.epochs}. The network may sit on a plateau of the error surface, or the "
        "learning rate may have been annealed away before it got anywhere.",
    )


def _base_rate(run: Run) -> Finding | None:
    if run.accuracy is None:
        return None
    majority = max(np.mean(run.y >= 0.5), np.mean(run.y < 0.5))
    if run.accuracy[-1] > majority + 1e-12:
        return None
    return Finding(
        "base_rate",
        f"Accuracy {run.accuracy[-1]:.1%} is no better than always answering the most common "
        f"class ({majority:.1%} of the points): the network has not learned the pattern.",
    )


def _overfitting(run: Run) -> Finding | None:
    test_loss = run.test_loss
    if test_loss is None or len(test_loss) < 3:
        return None
    best = int(np.argmin(test_loss))
    if best == len(test_loss) - 1 or not test_loss[-1] > OVERFIT_RISE * test_loss[best]:
        return None
    if not run.loss[-1] < run.loss[max(best - 1, 0)]:  # both rising is not overfitting
        return None
    rise = test_loss[-1] / test_loss[best] - 1
    return Finding(
        "overfitting",
        f"The test loss was lowest after epoch {best} and has risen {rise:.0%} "
        "since, while the training loss kept falling: the network is fitting the noise in "
        "its training points. Fewer hidden units or fewer epochs would generalise better.",
    )
