"""Plain-words findings about a finished run: diverged, stalled, saturated, stuck at the base
rate, or starting to overfit. The pages show them so that a failed run teaches something.

A diverged run (by the rule of `divergence`) gets that finding alone: its last epochs say more
about the blow-up than about plateaus or saturation, so the other checks would mislead.
`headline` is the one finding that matters at a given epoch, in a line: what a page shows
first. Its losses are per sample (`Run.mean_loss`), the one unit every page shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .continuation import rate_at
from .divergence import RULE_IN_WORDS, WORSE_THAN_START
from .formatting import number, rate_text
from .run import Run

#: |z| beyond which a sigmoid or tanh unit's slope is below about 0.01: it has saturated.
SATURATED_Z = {"sigmoid": 4.6, "tanh": 2.65}
#: A run "stalled" if its last epoch's loss is above this share of its first epoch's loss.
STALLED_SHARE = 0.9
#: Test loss this far above its own minimum counts as overfitting.
OVERFIT_RISE = 1.2
#: From this many hidden units feeding one unit, the diverged advice suggests fewer.
MANY_UNITS = 8


@dataclass(frozen=True)
class Finding:
    """One observation about a run: a short kind ('diverged', ...) and a sentence."""

    kind: str
    message: str


def diagnose(run: Run) -> list[Finding]:
    """Everything worth telling a student about how `run` went, most serious first (a diverged
    run: that alone)."""
    if (finding := _diverged(run)) is not None:
        return [finding]
    checks = (_saturated, _stalled, _base_rate, _overfitting)
    return [finding for check in checks if (finding := check(run)) is not None]


def headline(run: Run, epoch: int) -> Finding:
    """The one thing that matters about `run` at `epoch`, in a line: diverged (with the
    advice), overfitting since the test loss's lowest epoch, stalled on a plateau, or what it
    has learned. Kinds: diverged, overfitting, stalled, start, learned."""
    if run.diverged_at is not None:
        shown = "the epochs before it are shown" if run.epochs else "only the initial weights"
        return Finding(
            "diverged",
            f"Diverged in epoch {run.diverged_at} ({shown}): lower the learning rate η "
            f"(now {rate_text(run.config.learning_rate)}).",
        )
    if run.made_worse:
        start, end = _start_and_end(run)
        return Finding(
            "diverged",
            f"Diverged: the steps made it worse, loss per sample {start} → {end}: lower the "
            f"learning rate η (now {rate_text(run.config.learning_rate)}).",
        )
    if epoch == 0:
        return Finding("start", "Epoch 0: the initial random weights. Press Play, or scrub.")
    if (since := _overfitting_since(run, epoch)) is not None:
        best, factor = since
        now, lowest = number(run.mean_test_loss[epoch]), number(run.mean_test_loss[best])
        return Finding(
            "overfitting",
            f"Overfitting since epoch {best}: the test loss per sample is {now}, "
            f"{factor:.1f} times its lowest ({lowest}).",
        )
    loss = number(run.mean_loss[epoch - 1])
    moved = 1 - run.loss[epoch - 1] / run.loss[0] if run.loss[0] > 0 else 0.0
    if epoch >= 2 and moved < 1 - STALLED_SHARE:
        return Finding(
            "stalled",
            f"Stalled on a plateau: after epoch {epoch} the loss per sample is {loss}, only "
            f"{moved:.0%} below epoch 1's.",
        )
    if run.accuracy is not None:
        test = (
            ""
            if run.test_accuracy is None
            else f" and {right_of(run.test_accuracy[epoch], len(run.y_test))} test points"
        )
        return Finding(
            "learned",
            f"After epoch {epoch}: {right_of(run.accuracy[epoch], len(run.y))} training "
            f"points right{test}; loss per sample {loss}.",
        )
    if run.mean_test_loss is not None:
        test = number(run.mean_test_loss[epoch])
        return Finding(
            "learned",
            f"After epoch {epoch}: loss per sample {loss} on the training points, {test} on "
            "the test points.",
        )
    return Finding(
        "learned", f"After epoch {epoch}: loss per sample {loss}, {moved:.0%} below epoch 1's."
    )


def right_of(accuracy: float, rows: int) -> str:
    """`accuracy` over `rows` points as a count and a share: "198 of 200 (99.0%)"."""
    return f"{right_count(accuracy, rows)} of {rows} ({accuracy:.1%})"


def right_count(accuracy: float, rows: int) -> int:
    """How many of `rows` points an `accuracy` (a share) puts right."""
    return round(accuracy * rows)


def _overfitting_since(run: Run, epoch: int) -> tuple[int, float] | None:
    """(the test loss's lowest epoch, its loss at `epoch` over that lowest) when it has risen by
    OVERFIT_RISE since while the training loss fell, else None."""
    test_loss = run.test_loss
    if test_loss is None or epoch < 2:
        return None
    best = int(np.argmin(test_loss[: epoch + 1]))
    if best == epoch or not test_loss[epoch] > OVERFIT_RISE * test_loss[best]:
        return None
    if not run.loss[epoch - 1] < run.loss[max(best - 1, 0)]:  # both rising is not overfitting
        return None
    return best, float(test_loss[epoch] / test_loss[best])


def _diverged(run: Run) -> Finding | None:
    if run.made_worse:
        start, end = _start_and_end(run)
        return Finding(
            "diverged",
            f"Training diverged: its steps made the network worse, the loss per sample ends at "
            f"{end} against {start} with the initial weights (above {WORSE_THAN_START:g} times "
            "it). The first steps threw the units so far that they saturated, confidently "
            "wrong, where almost no error signal flows back. " + _divergence_advice(run),
        )
    if run.diverged_at is None:
        return None
    shown = "only the initial weights are shown"
    if run.epochs:
        shown = (
            "the epochs before it are shown: the loss per sample was "
            f"{number(run.mean_loss[0])} in epoch 1"
        )
    if run.epochs > 1:
        shown += f" and {number(run.mean_loss[-1])} in epoch {run.epochs}"
    return Finding(
        "diverged",
        f"Training diverged in epoch {run.diverged_at}: the weights or the loss ran away "
        f"({RULE_IN_WORDS}), so {shown}. " + _divergence_advice(run),
    )


def _start_and_end(run: Run) -> tuple[str, str]:
    """The loss per sample of the initial and the last weights, as a page shows them."""
    start, end = run.start_and_end_loss
    return number(start / len(run.y)), number(end / len(run.y))


def _divergence_advice(run: Run) -> str:
    """What to change: always the rate; the momentum, the number of units or the data's scale
    when they add to the size of the steps."""
    config = run.config
    advice = [
        "The steps were too large for this error surface: lower the learning rate η "
        f"(now {rate_text(config.learning_rate)})."
    ]
    widest = max(config.hidden_units, default=0)
    if widest >= MANY_UNITS:
        advice.append(
            f"With {widest} units in a hidden layer, each unit they feed adds up {widest} terms, "
            "so a step moves it further than with a few: use fewer units, or a smaller rate."
        )
    if config.momentum > 0:
        advice.append(f"Momentum {config.momentum:g} makes the steps larger again: lower it.")
    if config.problem == "CUSTOM":
        advice.append("Large values in your data make large steps too: scale them to about ±1.")
    return " ".join(advice)


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
    start, now = run.config.learning_rate, rate_at(run, run.epochs)
    why = (
        f"annealing may have shrunk the learning rate from {rate_text(start)} to {rate_text(now)} "
        "before it got anywhere"
        if now < start
        else "the learning rate may be too small to leave it"
    )
    return Finding(
        "stalled",
        f"The loss per sample hardly moved: from {number(run.mean_loss[0])} in epoch 1 to "
        f"{number(run.mean_loss[-1])} in epoch {run.epochs}. The network may sit on a plateau "
        f"of the error surface, or {why}.",
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
