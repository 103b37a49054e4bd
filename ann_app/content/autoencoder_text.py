"""What the Autoencoders page says of its runs, in sentences written from their numbers: a
bottleneck's reconstructions against the best straight line, and the starts compared over many
seeds. Pure functions (numbers in, Markdown out), so the claim tests read the same sentences.
"""

from __future__ import annotations

from ann_core.formatting import number
from ann_core.start_trials import STARTS, StartTrials

#: How a curve's error compares with the best straight line's (as a share of it): at most
#: MUCH_CLOSER "much closer", below CLOSER "closer, though not by much", up to ABOUT_AS_CLOSE
#: "about as close" (no line is closer in root mean square: principal_line_error).
MUCH_CLOSER = 0.8
CLOSER = 0.97
ABOUT_AS_CLOSE = 1.03
DIGITS = 3  # the distances and weight sizes as the page quotes them


def distance(value: float) -> str:
    """A distance or a weight size as the page quotes it."""
    return number(value, DIGITS)


def error_line(epoch: int, error: float, line_error: float) -> str:
    """The bottleneck's line under Play: how far the reconstructions are at `epoch`."""
    return (
        f"After epoch {epoch}: the reconstructions lie {distance(error)} from their points "
        f"(root mean square; the best straight line's: {distance(line_error)})."
    )


def bottleneck_finding(
    units: int,
    hidden: str,
    code_units: int,
    epochs: int,
    error: float,
    line_error: float,
    angle: float | None,
) -> str:
    """What the trained autoencoder did: `error` after its `epochs`, against the best straight
    line's `line_error`; `angle`, a line's degrees from the principal axis (a one-unit code
    with no layers around it, else None)."""
    after = f"After {epochs} epochs the reconstructions lie {distance(error)}"
    line = f"{distance(line_error)} for the best straight line"
    if code_units > 1:
        return (
            f"A code of {code_units} units is as wide as the points: nothing has to be "
            f"squeezed. {after} from their points (root mean square; {line})."
        )
    if units == 0:
        return (
            "With no hidden layers around the code, the decoder is a single linear layer: "
            "whatever the code c, its output w c + b lies on one straight line. After "
            f"{epochs} epochs that line is {number(angle or 0.0, 2)}° from the principal "
            "axis (dashed), the line principal component analysis draws through the points, "
            f"and the reconstructions lie {distance(error)} from their points (root mean "
            f"square; {line}, principal component analysis's)."
        )
    share = error / line_error
    if share <= MUCH_CLOSER:
        verdict = "the curve follows the points much closer than any straight line can."
    elif share < CLOSER:
        verdict = "the curve follows the points closer than any straight line can, not by much."
    elif share <= ABOUT_AS_CLOSE:
        verdict = "about as close as the best straight line: the curve found no bend that helps."
    else:
        verdict = "not even as close as the best straight line: training has not found it yet."
    return (
        f"Through layers of {units} {hidden} units, the one-unit code's reconstructions all lie "
        "on one curve (blue), the decoder's outputs as the code runs over the values the "
        f"points get. {after} from their points (root mean square), {line} (dashed, the "
        "principal axis): "
        f"{verdict}"
    )


def _median(trials: StartTrials, start: str) -> str:
    """The median epoch at which `start`'s runs reach the goal, in brackets ("" if none does)."""
    median = trials.median_epochs(start)
    return "" if median is None else f" (median epoch {median:g})"


def _compared(size: float, other: float) -> str:
    """How a weight size compares with another, in words."""
    if size > 1.2 * other:
        return "larger"
    return "smaller" if size < other / 1.2 else "about as large"


def starts_findings(trials: StartTrials, epochs: int) -> list[str]:
    """What the comparison found, a sentence a finding: how many runs from each start reach
    the goal within `epochs` and how fast, how large each start's weights are, and what that
    says of pretraining."""
    n, goal = len(trials.seeds), f"{trials.goal:.0%}"
    sizes = dict(zip(STARTS, trials.weight_size.mean(axis=1), strict=True))
    size = {name: distance(value) for name, value in sizes.items()}
    count = {name: trials.reached_count(name) for name in STARTS}
    larger = _compared(sizes["pretrained"], sizes["random"])
    findings = [
        f"**Random starts** (the post's draws, mean |w| {size['random']}): {count['random']} "
        f"of {n} runs reach {goal} training accuracy within {epochs} epochs"
        f"{_median(trials, 'random')}.",
        f"**Pretrained starts**: {count['pretrained']} of {n}{_median(trials, 'pretrained')}. "
        f"Their weights are {larger}: mean |w| {size['pretrained']}.",
        f"**Random starts scaled to the pretrained sizes** (random directions, mean |w| "
        f"{size['scaled']}): {count['scaled']} of {n}{_median(trials, 'scaled')}.",
    ]
    margin = max(1, round(n / 10))  # a tenth of the seeds: within it, "about as many"
    if count["pretrained"] < count["random"] - margin:
        verdict = "Pretraining hurts here: fewer pretrained runs reach the goal than random ones."
    elif count["pretrained"] <= count["random"] + margin:
        verdict = "Pretraining makes no difference here: about as many runs reach the goal."
    elif count["scaled"] >= count["pretrained"] - margin:
        verdict = (
            "So what pretraining gives here is mostly the size of its weights: random "
            "directions at the same sizes reach the goal about as often."
        )
    else:
        verdict = (
            "Pretraining gives more than the size of its weights: random directions at the "
            "same sizes reach the goal less often."
        )
    diverged = trials.diverged.sum(axis=1)
    if diverged.any():
        counts = dict(zip(STARTS, diverged, strict=True))
        findings.append(
            f"Some runs diverged (blew up, or ended worse than they began): {counts['random']} "
            f"random, {counts['pretrained']} pretrained and {counts['scaled']} scaled."
        )
    return [*findings, verdict]
