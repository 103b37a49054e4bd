"""What the Backpropagation page draws: tables, a network diagram and a loss chart for one step.

Every number comes from a `ann_core.training.Step` (the record of `backprop_step`, the call the
training loop makes per sample); this module only names, arranges and formats those numbers.
Units are named by `ann_app.content.labels.unit_name`, as every page names them: x₁ (inputs),
h¹₁ (hidden: layer as a superscript, unit as a subscript) and ŷ (the output); weights by the
edge they sit on (x₁→h¹₁) and biases by their unit, b(h¹₁).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import altair as alt
import numpy as np
import pandas as pd

from ann_app.content.labels import (
    DELTA_COLOUR,
    NEGATIVE,
    POSITIVE,
    REGULARIZATION_LABELS,
    RESULT_FILL,
    SOURCE_FILL,
    unit_name,
)
from ann_core.activations import get_activation
from ann_core.formatting import number
from ann_core.gradcheck import GradientCheck
from ann_core.network import Parameters, pack, sizes_of
from ann_core.regularization import REGULARIZATIONS, is_active
from ann_core.training import Step

#: A diverging walk (huge or infinite weights) shows inf and nan rather than warning.
_quiet = np.errstate(all="ignore")


def parameter_names(sizes: Sequence[int]) -> list[str]:
    """Every parameter's name in `ann_core.network.pack` order: every W row by row, then every b."""
    weights = [
        f"{unit_name(layer, i, sizes)}→{unit_name(layer + 1, j, sizes)}"
        for layer, (n_in, n_out) in enumerate(pairwise(sizes))
        for i in range(n_in)
        for j in range(n_out)
    ]
    biases = [
        f"b({unit_name(layer + 1, j, sizes)})"
        for layer, (_, n_out) in enumerate(pairwise(sizes))
        for j in range(n_out)
    ]
    return weights + biases


def _num(value: float) -> str:
    return f"({number(value, 3)})" if value < 0 else number(value, 3)


@_quiet
def forward_frame(step: Step, activations: Sequence[str]) -> pd.DataFrame:
    """Step I: one row per unit: the products that make up z, then z and a = g(z)."""
    sizes, fwd, rows = sizes_of(step.before), step.forward, []
    for layer, (w, b) in enumerate(step.before):
        a_prev = fwd.a_prev(layer)[0]
        for j in range(w.shape[1]):
            terms = " + ".join(f"{_num(a_prev[i])}·{_num(w[i, j])}" for i in range(w.shape[0]))
            rows.append(
                {
                    "unit": unit_name(layer + 1, j, sizes),
                    "Σ aᵢ·wᵢⱼ + bⱼ": f"{terms} + {_num(b[j])}",
                    "z": float(fwd.z[layer][0, j]),
                    "g": activations[layer],
                    "a = g(z)": float(fwd.a[layer][0, j]),
                }
            )
    return pd.DataFrame(rows)


@_quiet
def backward_frame(
    step: Step, targets: Sequence[float], activations: Sequence[str], loss: str
) -> pd.DataFrame:
    """Step II: one row per unit, output first: g'(z), what multiplies it, and delta.

    For the output, the factor is the error a - t; for a hidden unit j it is sum_k delta_k w_jk,
    the deltas of the layer above weighted by the weights out of j. With cross-entropy and a
    sigmoid output g'(z) cancels (delta = a - t): the output's cell says "cancels", so that
    column is text, its numbers written as the tables show them.
    """
    sizes, fwd, rows = sizes_of(step.before), step.forward, []
    cancels = loss == "cross_entropy"  # its dE/da is (a - t) / g'(z) at the output
    last = len(step.before) - 1
    for layer in range(last, -1, -1):
        a = fwd.a[layer][0]
        slope = get_activation(activations[layer]).derivative_from_output(a)
        for j in range(len(a)):
            row = {"unit": unit_name(layer + 1, j, sizes), "a": float(a[j])}
            if layer == last:
                error = float(a[j] - np.asarray(targets, dtype=float).ravel()[j])
                row["t"] = f"{np.asarray(targets, dtype=float).ravel()[j]:g}"
                row["sources"] = "a − t"
                row["a − t  or  Σₖ δₖ·wⱼₖ"] = error
                row["g′(z)"] = "cancels" if cancels else float(slope[j])
            else:
                w_next = step.before[layer + 1][0]
                d_next = step.deltas[layer + 1][0]
                row["t"] = ""
                row["sources"] = " + ".join(
                    f"{_num(d_next[k])}·{_num(w_next[j, k])}" for k in range(len(d_next))
                )
                row["a − t  or  Σₖ δₖ·wⱼₖ"] = float(d_next @ w_next[j])
                row["g′(z)"] = number(slope[j], 4) if cancels else float(slope[j])
            row["δ"] = float(step.deltas[layer][0, j])
            rows.append(row)
    return pd.DataFrame(rows)


#: Step III's columns: the gradient without a penalty; with one, the parameter's value, the
#: data's share, the penalty's share (its formula by kind) and their total, which Step IV follows.
GRADIENT = "∂E/∂w = a_prev·δ"
VALUE = "w or b"
DATA_SHARE = "data: a_prev·δ"
PENALTY_SHARE = {"l1": "penalty: λ·sign(w)", "l2": "penalty: λ·w"}
TOTAL = "∂E/∂w = data + penalty"


def active_penalty(step: Step) -> str:
    """The step's penalty ("l1" or "l2") when it changes anything, else "none"."""
    return step.regularization if is_active(step.regularization, step.reg_rate) else "none"


@_quiet
def gradient_frame(step: Step) -> pd.DataFrame:
    """Step III: one row per parameter: its input a_prev (1 for a bias), delta, their product.

    With a penalty, the product is the data's share; beside it come the parameter's value, the
    penalty's share (0 for a bias) and the total gradient.
    """
    sizes, rows = sizes_of(step.before), []
    names = iter(parameter_names(sizes))
    for layer, (dw, _) in enumerate(step.data_gradients):
        a_prev = step.forward.a_prev(layer)[0]
        for i in range(dw.shape[0]):
            for j in range(dw.shape[1]):
                rows.append(
                    _gradient_row(next(names), a_prev[i], step.deltas[layer][0, j], dw[i, j])
                )
    for layer, (_, db) in enumerate(step.data_gradients):
        for j in range(len(db)):
            rows.append(_gradient_row(next(names), 1.0, step.deltas[layer][0, j], db[j]))
    frame = pd.DataFrame(rows)
    kind = active_penalty(step)
    if kind == "none":
        return frame
    frame = frame.rename(columns={GRADIENT: DATA_SHARE})
    frame[VALUE] = pack(step.before)
    frame[PENALTY_SHARE[kind]] = pack(step.penalty_gradients)
    frame[TOTAL] = pack(step.gradients)
    return frame


def _gradient_row(name: str, a_prev: float, delta: float, gradient: float) -> dict:
    return {
        "parameter": name,
        "a_prev": float(a_prev),
        "δ": float(delta),
        GRADIENT: float(gradient),
    }


def gradient_tints(step: Step) -> tuple[list[str], list[str]]:
    """Step III's columns to tint: what it reads (blue) and what it produces (orange)."""
    kind = active_penalty(step)
    if kind == "none":
        return ["a_prev", "δ"], [GRADIENT]
    return ["a_prev", "δ", VALUE], [DATA_SHARE, PENALTY_SHARE[kind], TOTAL]


#: What each penalty adds to the objective E, and to a weight's gradient, in words.
_PENALTY_WORDS = {
    "l1": ("Ω = λ·Σ|w|", "λ·sign(w), ±{rate} whatever the weight's size (0 at w = 0)"),
    "l2": ("Ω = ½λ·Σw²", "λ·w, {rate} times the weight, a pull towards 0 in proportion to it"),
}


def penalty_note(kind: str, rate: float) -> str:
    """Step III's sentence on what the penalty `kind` ("l1" or "l2") at rate λ adds."""
    objective, share = _PENALTY_WORDS[kind]
    label = REGULARIZATION_LABELS[REGULARIZATIONS.index(kind)]
    return (
        f"The {label} penalty at λ = {rate:g} adds {objective} over the weights to E, so each "
        f"weight's gradient gains {share.format(rate=f'{rate:g}')}; biases get none (their "
        "penalty share is 0). The loss plotted leaves Ω out."
    )


@_quiet
def update_frame(step: Step, rate: float) -> pd.DataFrame:
    """Step IV: one row per parameter: the old value, minus rate times gradient, the new value."""
    before = pack(step.before)
    gradient = pack(step.gradients)
    return pd.DataFrame(
        {
            "parameter": parameter_names(sizes_of(step.before)),
            "w (old)": before,
            "∂E/∂w": gradient,
            "−η·∂E/∂w": -(gradient * rate),
            "w (new)": pack(step.after),
        }
    )


def parameter_frame(params: Parameters) -> pd.DataFrame:
    """Every weight and bias with its full value, in `pack` order."""
    return pd.DataFrame({"parameter": parameter_names(sizes_of(params)), "value": pack(params)})


@_quiet
def gradient_check_frame(check: GradientCheck, sizes: Sequence[int]) -> pd.DataFrame:
    """Backprop's gradient beside central finite differences, per parameter."""
    return pd.DataFrame(
        {
            "parameter": parameter_names(sizes),
            "backprop": check.analytic,
            "finite differences": check.numeric,
            "relative difference": check.relative_differences,
        }
    )


def walk_loss_frame(losses: Sequence[float], n_samples: int, samples_done: int) -> pd.DataFrame:
    """The walk's per-sample losses with their sample number (from 1) and epoch (from 1); not
    a training page's loss per epoch (`ann_app.charts.training_frames.loss_frame`)."""
    first = samples_done - len(losses)
    number = np.arange(first, samples_done)
    return pd.DataFrame(
        {"sample": number + 1, "epoch": number // n_samples + 1, "loss": np.asarray(losses)}
    )


def walk_loss_chart(frame: pd.DataFrame) -> alt.Chart:
    """Each finished sample's loss (`walk_loss_frame`), in training order, coloured by epoch;
    not a training page's loss chart (`ann_app.charts.training_plots.loss_chart`)."""
    base = alt.Chart(frame).encode(
        x=alt.X("sample:Q", title="sample (in training order)", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("loss:Q", title="loss of the sample"),
        tooltip=[
            alt.Tooltip("sample:Q"),
            alt.Tooltip("epoch:Q"),
            alt.Tooltip("loss:Q", format=".4f"),
        ],
    )
    line = base.mark_line(color="#888888", strokeWidth=1)
    points = base.mark_circle(size=45).encode(
        color=alt.Color("epoch:O", title="epoch", scale=alt.Scale(scheme="viridis"))
    )
    return (line + points).properties(height=220)


#: Step II's output delta for each loss: with cross-entropy and a sigmoid output, g'(z) cancels.
OUTPUT_DELTA = {
    "sse": r"\delta_k = g'(z_k)\,(a_k - t_k)",
    "cross_entropy": r"\delta_k = a_k - t_k",
}


#: Step III's penalty term for each penalty, added to a weight's gradient (never a bias's).
PENALTY_TERM = {
    "none": "",
    "l1": r" + \lambda\, \operatorname{sign}(w_{ij})",
    "l2": r" + \lambda\, w_{ij}",
}


def equations(loss: str, penalty: str = "none") -> tuple[str, str, str, str]:
    """The equation of each of the four steps, for `st.latex`, with `loss`'s output delta and
    `penalty`'s term ("none", "l1" or "l2") in the weights' gradient."""
    return (
        r"z_j = \sum_i a_i\, w_{ij} + b_j, \qquad a_j = g(z_j)",
        OUTPUT_DELTA[loss] + r", \qquad \delta_j = g'(z_j) \sum_k \delta_k\, w_{jk}",
        r"\frac{\partial E}{\partial w_{ij}} = a_i\, \delta_j"
        + PENALTY_TERM[penalty]
        + r", \qquad \frac{\partial E}{\partial b_j} = \delta_j",
        r"w_{ij} \leftarrow w_{ij} - \eta\, \frac{\partial E}{\partial w_{ij}}, \qquad "
        r"b_j \leftarrow b_j - \eta\, \frac{\partial E}{\partial b_j}",
    )


def styled(frame: pd.DataFrame, sources: Sequence[str], results: Sequence[str]):
    """The table with the numbers that feed a step tinted blue, and what it produces orange."""
    numbers = frame.select_dtypes("number").columns
    return (
        frame.style.format(lambda value: number(value, 4), subset=numbers, na_rep="—")
        .set_properties(subset=list(sources), **{"background-color": SOURCE_FILL})
        .set_properties(subset=list(results), **{"background-color": RESULT_FILL})
    )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@_quiet
def backprop_dot(
    step: Step, targets: Sequence[float], activations: Sequence[str], shown: int
) -> str:
    """The network with the current sample's numbers on its units, as Graphviz DOT.

    `shown` is how many steps are revealed, minus one: from Step I every unit shows z and a;
    from Step II also its delta (and the output its error a - t). Edges are coloured by sign
    (blue +, red - and dashed) and sized by magnitude: the weights in Steps I and II, their
    gradients in Step III (how much each weight is to blame), the new weights in Step IV.
    """
    sizes, fwd = sizes_of(step.before), step.forward
    lines = [
        "digraph backprop {",
        'graph [rankdir=LR, bgcolor="transparent", nodesep=0.35, ranksep=0.9, '
        'fontname="Helvetica"];',
        'node [shape=box, style="rounded,filled", color="#333333", fontname="Helvetica", '
        'fontsize=16, margin="0.1,0.05"];',
        'edge [arrowsize=0.7, fontname="Helvetica", fontsize=14];',
    ]
    for layer, n in enumerate(sizes):
        nodes = []
        for j in range(n):
            name = _html(unit_name(layer, j, sizes))
            if layer == 0:
                label = f"<B>{name}</B><BR/>{number(fwd.a_in[0, j], 3)}"
                fill = "#ffffff"
            else:
                z, a = fwd.z[layer - 1][0, j], fwd.a[layer - 1][0, j]
                label = f"<B>{name}</B><BR/>z = {number(z, 3)}<BR/>a = {number(a, 3)}"
                if layer == len(sizes) - 1:
                    t = np.asarray(targets, dtype=float).ravel()[j]
                    label += f"<BR/>target t = {t:g}"
                    if shown >= 1:
                        error = number(a - t, 3)
                        label += f'<BR/><FONT COLOR="{DELTA_COLOUR}">a − t = {error}</FONT>'
                if shown >= 1:
                    delta = step.deltas[layer - 1][0, j]
                    label += f'<BR/><FONT COLOR="{DELTA_COLOUR}">δ = {number(delta, 4)}</FONT>'
                fill = "#dde8f5" if layer == len(sizes) - 1 else "#f0f3f7"
            nodes.append(f'n{layer}_{j} [label=<{label}>, fillcolor="{fill}"];')
        if n > 1:  # an invisible chain keeps the units in order, top to bottom
            nodes.append(" -> ".join(f"n{layer}_{j}" for j in range(n)) + " [style=invis];")
        lines.append("{ rank=same; " + " ".join(nodes) + " }")
    if shown <= 1:
        edges, what = step.before, "weight"
    elif shown == 2:
        edges, what = step.gradients, "gradient"
    else:
        edges, what = step.after, "new weight"
    biggest = max(float(np.max(np.abs(np.where(np.isfinite(w), w, 0.0)))) for w, _ in edges)
    biggest = biggest or 1.0
    for layer, (w, _) in enumerate(edges):
        for i, j in np.ndindex(w.shape):
            value = float(w[i, j])
            colour, dash = (POSITIVE, "solid") if value >= 0 else (NEGATIVE, "dashed")
            width = 0.5 + 3.5 * abs(value) / biggest if np.isfinite(value) else 0.5
            lines.append(
                f'n{layer}_{i} -> n{layer + 1}_{j} [color="{colour}", style={dash}, '
                f'penwidth={width:.2f}, tooltip="{what} {number(value, 4)}"];'
            )
    lines.append("}")
    return "\n".join(lines)
