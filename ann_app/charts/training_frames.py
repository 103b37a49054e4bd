"""The DataFrames behind the training pages' charts, built from a Run and cached arrays.

Pure pandas/NumPy, no Streamlit: the pages hand them to `training_plots`. Losses are shown per
sample (the post's summed loss divided by the rows it sums over), so training and test losses,
and runs with different amounts of data, compare on one axis; the summed value is kept too.
A run's weight penalty Ω goes on that axis as it is: every step descends its batch's mean
sample objective plus Ω (`ann_core.regularization`), so Ω is already per sample.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from ann_app.content.labels import PENALTY, PINNED, unit_name
from ann_core.features import FEATURES
from ann_core.regularization import is_active
from ann_core.restarts import Restarts
from ann_core.run import Run

LEARNED = 0.95  # a restart "learned it" when its final training accuracy reaches this
#: The weight picker's selection (`network_chart`, pickable): the p of the clicked edge or unit.
PICK = "pick"


def loss_frame(run: Run) -> pd.DataFrame:
    """Loss per epoch: set ("training"/"test"), epoch, loss (per sample) and summed (the post's);
    with a penalty active in any segment, its own series PENALTY, whose loss is Ω (summed: NaN,
    as Ω is no sum over samples).

    The training loss of epoch k is summed during epoch k, as the post does; the test loss and
    the penalty are measured with the parameters after epoch k (from epoch 0).
    """
    parts = [
        pd.DataFrame(
            {
                "set": "training",
                "epoch": np.arange(1, run.epochs + 1),
                "loss": run.mean_loss,
                "summed": run.loss,
            }
        )
    ]
    if run.test_loss is not None:
        parts.append(
            pd.DataFrame(
                {
                    "set": "test",
                    "epoch": np.arange(run.epochs + 1),
                    "loss": run.mean_test_loss,
                    "summed": run.test_loss,
                }
            )
        )
    if any(is_active(s.config.regularization, s.config.reg_rate) for s in run.segments):
        parts.append(
            pd.DataFrame(
                {
                    "set": PENALTY,
                    "epoch": np.arange(run.epochs + 1),
                    "loss": run.penalty,
                    "summed": np.nan,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def accuracy_frame(run: Run) -> pd.DataFrame:
    """Accuracy after each epoch (from 0): set, epoch, accuracy; empty for regression."""
    parts = [
        pd.DataFrame({"set": name, "epoch": np.arange(run.epochs + 1), "accuracy": values})
        for name, values in (("training", run.accuracy), ("test", run.test_accuracy))
        if values is not None
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def pinned_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A pinned run's training series from its `loss_frame` or `accuracy_frame`, as the set
    PINNED, for the current run's chart to draw beside its own series."""
    pinned = frame[frame["set"] == "training"].copy()
    pinned["set"] = PINNED
    return pinned.reset_index(drop=True)


def curve_frame(x: np.ndarray, prediction: np.ndarray) -> pd.DataFrame:
    """A regression's prediction alone over x: x, value (the pinned run's small fit)."""
    return pd.DataFrame({"x": x, "value": prediction})


def history_frame(run: Run) -> pd.DataFrame:
    """One row per epoch (0 = initial weights) with every metric, for the CSV download."""
    frame = pd.DataFrame({"epoch": np.arange(run.epochs + 1)})
    frame["training_loss_summed"] = np.concatenate([[np.nan], run.loss])
    frame["training_loss_per_sample"] = np.concatenate([[np.nan], run.mean_loss])
    for name, values in (
        ("test_loss_summed", run.test_loss),
        ("training_accuracy", run.accuracy),
        ("test_accuracy", run.test_accuracy),
    ):
        if values is not None:
            frame[name] = values
    return frame


def cells_frame(points: np.ndarray, values: np.ndarray) -> pd.DataFrame:
    """Square cells centred on grid points (x1, x2) with a value, with their corners for rect."""
    half = (points[1, 0] - points[0, 0]) / 2
    return pd.DataFrame(
        {
            "x1": points[:, 0] - half,
            "x1_end": points[:, 0] + half,
            "x2": points[:, 1] - half,
            "x2_end": points[:, 1] + half,
            "output": values,
        }
    )


def unit_cells_frame(points: np.ndarray, activations: np.ndarray, layer: int = 1) -> pd.DataFrame:
    """Every unit's map of hidden layer `layer` (the first, as `cached.unit_maps` draws it) at
    one epoch: `cells_frame` plus the unit's name (`unit_name`: h¹₁, h¹₂, ...)."""
    parts = []
    for unit in range(activations.shape[-1]):
        frame = cells_frame(points, activations[:, unit])
        frame["unit"] = unit_name(layer, unit)
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def feature_cells_frame(
    points: np.ndarray, values: np.ndarray, names: Sequence[str]
) -> pd.DataFrame:
    """Every input feature's map: `cells_frame` of values[:, i] (its feature's column at the
    grid points), plus its label (x₁², ...) and formula, one feature after another."""
    parts = []
    for column, name in enumerate(names):
        frame = cells_frame(points, values[:, column])
        frame["feature"] = FEATURES[name].label
        frame["formula"] = FEATURES[name].formula
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def feature_curves_frame(x: np.ndarray, values: np.ndarray, names: Sequence[str]) -> pd.DataFrame:
    """Every input feature over the regression's x: x, value (values[:, i]), feature, formula."""
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "x": x,
                    "value": values[:, column],
                    "feature": FEATURES[name].label,
                    "formula": FEATURES[name].formula,
                }
            )
            for column, name in enumerate(names)
        ],
        ignore_index=True,
    )


def points_frame(run: Run) -> pd.DataFrame:
    """The rows actually trained on (and the test rows): a classifier's x1, x2, class, set; a
    regression's x, y, set (x1, x2, y, set over two inputs)."""
    parts = []
    for name, X, y in (("training", run.X, run.y), ("test", run.X_test, run.y_test)):
        if not len(y):
            continue
        if run.config.task == "classification":
            parts.append(class_points_frame(X, y, name))
        else:
            inputs = {"x": X[:, 0]} if X.shape[1] == 1 else {"x1": X[:, 0], "x2": X[:, 1]}
            parts.append(pd.DataFrame({**inputs, "y": y, "set": name}))
    return pd.concat(parts, ignore_index=True)


def target_extent(run: Run) -> tuple[float, float]:
    """The lowest and highest target of a regression's rows (training and test): the range a
    prediction over two inputs is coloured on, the same at every epoch."""
    targets = np.concatenate([run.y, run.y_test])
    low, high = float(targets.min()), float(targets.max())
    return (low, high) if high > low else (low - 0.5, high + 0.5)


def class_points_frame(X: np.ndarray, y: np.ndarray, name: str = "training") -> pd.DataFrame:
    """Labelled points of two inputs as the surface chart draws them: x1, x2, class (as text,
    a category), set."""
    frame = pd.DataFrame({"x1": X[:, 0], "x2": X[:, 1], "class": y.astype(int).astype(str)})
    frame["set"] = name
    return frame


def restarts_frame(result: Restarts, n_rows: int) -> pd.DataFrame:
    """One row per seed: final loss per sample, final accuracy (if any), learned, diverged, and
    the outcome in words: "diverged", else "learned it" or "did not" ("finished" without an
    accuracy). A diverged run's final values are those of its last epoch before it diverged."""
    frame = pd.DataFrame(
        {
            "seed": result.seeds,
            "final loss": result.final_loss / n_rows,
            "diverged": result.diverged,
        }
    )
    finished = "finished"
    if result.final_accuracy is not None:
        frame["final accuracy"] = result.final_accuracy
        frame["learned"] = (result.final_accuracy >= LEARNED) & ~result.diverged
        finished = np.where(frame["learned"], "learned it", "did not")
    frame["outcome"] = np.where(result.diverged, "diverged", finished)
    return frame


def contribution_name(unit: int, layer: int) -> str:
    """The regression legend's name of a last-hidden-layer unit's a·w (its output times its
    weight into ŷ): the unit's `unit_name`, "h²₁: a·w" (`layer` is the last hidden layer's
    number: with two hidden layers the contributions come from the second,
    `ann_core.run.Run.contributions`)."""
    return f"{unit_name(layer, unit)}: a·w"


def fit_frame(
    x: np.ndarray,
    prediction: np.ndarray,
    contributions: np.ndarray,
    bias: float,
    truth: np.ndarray | None = None,
    *,
    layer: int,
) -> pd.DataFrame:
    """Long frame for the regression chart: x, value, series, kind (curve/unit/bias), order.

    Units are named by `contribution_name` ("h¹₁: a·w", ...; `layer` is the last hidden
    layer's number, len(sizes) - 2); the constant output bias is its own series, so the
    stacked units plus the bias equal the prediction (for a linear output).
    """
    parts = [pd.DataFrame({"x": x, "value": prediction, "series": "prediction", "kind": "curve"})]
    if truth is not None:
        parts.append(pd.DataFrame({"x": x, "value": truth, "series": "true f(x)", "kind": "truth"}))
    for unit in range(contributions.shape[1]):
        label = contribution_name(unit, layer)
        parts.append(
            pd.DataFrame({"x": x, "value": contributions[:, unit], "series": label, "kind": "unit"})
        )
    parts.append(pd.DataFrame({"x": x, "value": bias, "series": "output bias", "kind": "bias"}))
    return pd.concat(parts, ignore_index=True)


def stack_frame(
    x: np.ndarray, contributions: np.ndarray, bias: float, *, layer: int
) -> pd.DataFrame:
    """The output bias, then each unit's a·w, piled up in order: x, series, lower, upper; the
    units named as `fit_frame` names them (`contribution_name`, of hidden layer `layer`).

    Each band runs from the running total before it to the running total after it, so the
    last band's upper edge is bias + sum_j a_j w_j: the output unit's z (the prediction, for
    a linear output). Bands of negative contributions go down, so the pile can fall too.
    """
    layers = np.column_stack([np.full(len(x), bias), contributions])
    upper = np.cumsum(layers, axis=1)
    lower = upper - layers
    names = [
        "output bias",
        *(contribution_name(j, layer) for j in range(layers.shape[1] - 1)),
    ]
    return pd.concat(
        [
            pd.DataFrame(
                {"x": x, "series": name, "order": k, "lower": lower[:, k], "upper": upper[:, k]}
            )
            for k, name in enumerate(names)
        ],
        ignore_index=True,
    )


def marks_frame(marks: Sequence[tuple[int, str]]) -> pd.DataFrame:
    """Where each segment of a continued run starts (epoch) and what it changed (change), for
    `training_plots.with_marks`."""
    return pd.DataFrame(
        {"epoch": [epoch for epoch, _ in marks], "change": [text for _, text in marks]}
    )


def parameters_frame(
    sizes: Sequence[int], inputs: Sequence[str], theta: np.ndarray
) -> pd.DataFrame:
    """One row per weight and bias, in the order of the flat vector `ann_core.network.pack`
    lays out (every layer's W, row by row, then every layer's b): p (its index there), layer,
    from, to and value. Units are named by `unit_name`, as every page names them (an input
    by its feature's label `inputs[i]`, h¹₁, ŷ); a bias comes from "bias"."""
    n_layers = len(sizes) - 1
    layers, sources, targets = [], [], []

    def unit(layer: int, index: int) -> str:
        return unit_name(layer, index, sizes, inputs)

    def name(layer: int) -> str:
        ends = ["inputs", *(f"hidden {k}" for k in range(1, n_layers)), "output"]
        return f"{ends[layer]} → {ends[layer + 1]}"

    for layer, (n_in, n_out) in enumerate(pairwise(sizes)):
        for i in range(n_in):
            for j in range(n_out):
                layers.append(name(layer))
                sources.append(unit(layer, i))
                targets.append(unit(layer + 1, j))
    for layer, (_, n_out) in enumerate(pairwise(sizes)):
        for j in range(n_out):
            layers.append(name(layer))
            sources.append("bias")
            targets.append(unit(layer + 1, j))
    return pd.DataFrame(
        {
            "p": np.arange(len(layers)),
            "layer": layers,
            "from": sources,
            "to": targets,
            "value": np.asarray(theta, dtype=float),
        }
    )


def parameter_label(row: Mapping[str, Any]) -> str:
    """A row of `parameters_frame` in words, with its p: "w: h¹₁ → ŷ (p 7)", "bias of h¹₂
    (p 12)"."""
    if row["from"] == "bias":
        return f"bias of {row['to']} (p {int(row['p'])})"
    return f"w: {row['from']} → {row['to']} (p {int(row['p'])})"


def network_frames(
    sizes: Sequence[int], inputs: Sequence[str], theta: np.ndarray, picked: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The network as a picture (`training_plots.network_chart`), to show or click: one row per
    weight (edges: `parameters_frame`'s columns, label, magnitude, sign, from x, y to x2, y2,
    picked) and one per unit (units: unit, kind, x, y, and for a hidden or output unit its
    bias's p, value, label and sign; an input's p is missing). Units and labels are named as
    `parameters_frame` names them. Layer k (0: the inputs) stands in column x = k, its n units
    spread evenly over the largest layer's height N, top to bottom: y = ((n - 1) / 2 - i) N / n
    for its unit i, so that every column is centred on y = 0 and a small layer beside a large
    one is not crowded. `picked` marks the parameter of that p (an edge or a unit's bias)."""
    params = parameters_frame(sizes, inputs, theta)
    params["label"] = [parameter_label(row) for row in params.to_dict("records")]
    params["magnitude"] = params["value"].abs()
    params["sign"] = np.where(params["value"] >= 0, "positive", "negative")
    params["picked"] = params["p"] == picked
    pairs = list(pairwise(int(n) for n in sizes))
    n_weights = sum(a * b for a, b in pairs)

    counts = np.asarray(sizes, dtype=float)

    def height(layer: np.ndarray, unit: np.ndarray) -> np.ndarray:  # unit's y in its layer
        n = counts[layer]
        return ((n - 1) / 2 - unit) * counts.max() / n

    layer = np.concatenate([np.full(a * b, k) for k, (a, b) in enumerate(pairs)])
    source = np.concatenate([np.repeat(np.arange(a), b) for a, b in pairs])
    target = np.concatenate([np.tile(np.arange(b), a) for a, b in pairs])
    edges = params.iloc[:n_weights].assign(
        x=layer, y=height(layer, source), x2=layer + 1, y2=height(layer + 1, target)
    )
    biases = params.iloc[n_weights:]
    column = np.concatenate([np.full(b, k + 1) for k, (_, b) in enumerate(pairs)])
    index = np.concatenate([np.arange(b) for _, b in pairs])
    last = len(sizes) - 1
    units = pd.concat(
        [
            pd.DataFrame(
                {
                    "unit": list(inputs),
                    "kind": "input",
                    "x": 0,
                    "y": height(np.zeros(int(sizes[0]), int), np.arange(int(sizes[0]))),
                    "p": pd.array([None] * int(sizes[0]), dtype="Int64"),
                    "value": np.nan,
                    "label": [f"{name}: an input (no parameter)" for name in inputs],
                    "sign": "input",
                    "picked": False,
                }
            ),
            pd.DataFrame(
                {
                    "unit": biases["to"].to_numpy(),
                    "kind": np.where(column == last, "output", "hidden"),
                    "x": column,
                    "y": height(column, index),
                    "p": pd.array(biases["p"].to_numpy(), dtype="Int64"),
                    "value": biases["value"].to_numpy(),
                    "label": biases["label"].to_numpy(),
                    "sign": biases["sign"].to_numpy(),
                    "picked": biases["picked"].to_numpy(),
                }
            ),
        ],
        ignore_index=True,
    )
    return edges.reset_index(drop=True), units


def picked_of(selection: Mapping[str, Any], n_parameters: int) -> int | None:
    """The parameter a click on the pickable `network_chart` picked, from the selection Streamlit
    returns (``event["selection"]``: PICK's selected tuples, each the clicked edge's or unit's
    p), or None: no tuple, an input unit (its p is null), or a p the network does not have."""
    tuples = selection.get(PICK)
    if not isinstance(tuples, Sequence) or not tuples or not isinstance(tuples[0], Mapping):
        return None
    p = tuples[0].get("p")
    if isinstance(p, bool) or not isinstance(p, int | float) or not float(p).is_integer():
        return None
    return int(p) if 0 <= p < n_parameters else None


def edits_of(shown: pd.DataFrame, edited: pd.DataFrame) -> dict[int, float]:
    """The parameters whose value a student changed in the weights table (`parameters_frame`
    shown, `edited` as the table returns it): index -> new value; an emptied cell is no edit."""
    old, new = shown["value"].to_numpy(float), edited["value"].to_numpy(float)
    changed = np.flatnonzero(np.isfinite(new) & (new != old))
    return {int(shown["p"].iloc[i]): float(new[i]) for i in changed}


def by_epoch(
    frames: Sequence[pd.DataFrame], epochs: Sequence[int], fields: Sequence[str]
) -> pd.DataFrame:
    """One frame per epoch of `epochs` (the same rows in the same order) as one wide frame for
    an animated chart: the first's other columns, then each field at epoch k as column
    f"{field}_{k}" (float32: half the bytes, and far finer than a pixel)."""
    first = frames[0].drop(columns=list(fields))
    values = {
        f"{field}_{epoch}": frame[field].to_numpy(np.float32)
        for epoch, frame in zip(epochs, frames, strict=True)
        for field in fields
    }
    return pd.concat([first.reset_index(drop=True), pd.DataFrame(values)], axis=1)
