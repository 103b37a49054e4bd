"""The Error Surfaces page's sentences about Figure 4's curve and Figure 5's surface, built from
the settings the page draws them with and from the curve or surface itself, so that what they
say is what the chart shows (the post's plateau is a sigmoid's: beside tanh it is not there).

The one-weight error E(w₁) = (g(a₀ w₁) − t)² has g monotone, so along w₁ the output g(a₀ w₁)
moves one way: the error falls, rises, or falls to a lowest point (or stretch) and rises again.
The sentence says which, and where the lowest error of the plotted window is.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ann_core.activations import get_activation
from ann_core.formatting import number
from ann_core.surfaces import ErrorGrid

#: Differences of E smaller than this (relative to the curve's range) count as none.
FLAT = 1e-12
#: Along the surface's edge, an error range below this share of the whole surface's is a plateau.
PLATEAU_SHARE = 0.01


def _w(value: float) -> str:
    """A weight as the page's tooltips show it (two decimals, never "-0.00")."""
    return f"{round(float(value), 2) + 0.0:.2f}"


def _at(w1: np.ndarray, indices: np.ndarray) -> str:
    """Where the sampled curve takes its value at `indices` (a run of neighbours)."""
    first, last = _w(w1[indices[0]]), _w(w1[indices[-1]])
    if len(indices) == 1:
        return f"at w₁ = {first}"
    if len(indices) == 2:  # a tie of two samples: the lowest point lies between them
        return f"between w₁ = {first} and {last}"
    return f"for every w₁ from {first} to {last}"


def settings_in_words(activation: str, target: float, a0: float) -> str:
    """The settings the curve is drawn with: "tanh, t = 0, a₀ = 1"."""
    return f"{activation}, t = {target:g}, a₀ = {a0:g}"


def one_weight_sentence(
    activation: str, target: float, a0: float, w1: Sequence[float], error: Sequence[float]
) -> str:
    """What the curve E(w₁) sampled at `w1` (ascending) does, for the settings it was drawn
    with: "Here (sigmoid, t = 1, a₀ = 1) it falls steadily as w₁ grows ..."."""
    w1, error = np.asarray(w1, dtype=float), np.asarray(error, dtype=float)
    head = (
        f"With one weight the error is a curve. Here ({settings_in_words(activation, target, a0)})"
    )
    output = f"the output {activation}(a₀w₁)"
    span = float(np.ptp(error))
    if span == 0:
        why = f": with a₀ = 0, {output} is {activation}(0) whatever w₁ is" if a0 == 0 else ""
        return f"{head} it is flat, E = {number(error[0], 3)} for every w₁{why}."
    tolerance = FLAT * max(span, 1.0)
    steps = np.diff(error)
    low = float(error.min())
    lowest = np.flatnonzero(error <= low + tolerance)
    if np.all(steps < 0):
        return (
            f"{head} it falls steadily as w₁ grows, as {output} moves towards t, down to "
            f"E = {number(low, 3)} at w₁ = {_w(w1[-1])}."
        )
    if np.all(steps > 0):
        return (
            f"{head} it rises steadily as w₁ grows, as {output} moves away from t: its "
            f"lowest, E = {number(low, 3)}, is at w₁ = {_w(w1[0])}."
        )
    if np.all(steps <= tolerance):  # falls, then flat to the right edge
        return (
            f"{head} it falls as w₁ grows, as {output} moves towards t, then stays at "
            f"E = {number(low, 3)} {_at(w1, lowest)}."
        )
    if np.all(steps >= -tolerance):  # flat from the left edge, then rises
        return (
            f"{head} it stays at E = {number(low, 3)} {_at(w1, lowest)}, then rises as "
            f"{output} moves away from t."
        )
    meets = "equals" if low <= tolerance else "comes closest to"
    return (
        f"{head} it is lowest, E = {number(low, 3)}, {_at(w1, lowest)}, where {output} "
        f"{meets} t, and rises on both sides (E = {number(error[0], 3)} at w₁ = {_w(w1[0])}, "
        f"{number(error[-1], 3)} at w₁ = {_w(w1[-1])})."
    )


def two_weight_sentence(activation: str, target: float, a0: float, grid: ErrorGrid) -> str:
    """What Figure 5's surface does along its left edge, w₁ at its most negative: a plateau when
    the hidden unit's output there is about 0 (a sigmoid saturated), so that w₂ multiplies
    nothing; otherwise (tanh saturates at −1) how far w₂ still moves the error."""
    hidden = float(get_activation(activation).value(a0 * grid.w1[0]))
    edge = grid.error[:, 0]  # rows follow w₂
    head = (
        f"One hidden unit turns the curve into a landscape. Here "
        f"({settings_in_words(activation, target, a0)}), along the left edge, w₁ = "
        f"{_w(grid.w1[0])}, the hidden unit's output is {number(hidden, 3)}"
    )
    if np.ptp(edge) <= PLATEAU_SHARE * np.ptp(grid.error):
        return (
            f"{head}, so w₂ multiplies almost nothing: the error stays at E = "
            f"{number(edge.mean(), 3)} whatever w₂ is, a wide, nearly flat plateau."
        )
    return (
        f"{head}, so w₂ still moves the error there, from E = {number(edge.min(), 3)} to "
        f"{number(edge.max(), 3)}: no plateau along that edge."
    )
