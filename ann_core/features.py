"""Engineered input features: the columns the network's first layer sees, made from the raw inputs.

TensorFlow Playground lets a student feed a network x₁, x₂ and five functions of them (x₁², x₂²,
x₁x₂, sin x₁, sin x₂): with the right ones a network without a hidden layer draws a circle,
because the curve is already in its inputs. A run's `features` setting names its columns, in
this table's order, and `feature_columns` computes them from the raw inputs; the data sets,
uploads and every surface drawn over (x₁, x₂) stay raw.

The frame of each feature. x₁, x₂ (and regression's x) are the raw inputs, so the default
features reproduce the post bit for bit. The others measure the inputs from the data's centre:
the classification data sit around (0.5, 0.5), the centre of the post's square [-0.5, 1.5]²
(TensorFlow Playground's sit around 0), so their squares, product and sines use x̃ = x - 0.5;
squares of raw coordinates would centre every circle on the corner (0, 0), and none could go
around the data. Their sines make one period per unit, like TensorFlow Playground's sin x₁
over its square. Regression's x runs over [-5, 5], centred already: its powers use x / 5, so
they stay in [-1, 1] as x² and x³ of raw x (up to 125) would not; sin x is of raw x, so that
the SIN data is a straight line in it. Each feature's `formula` says exactly what it computes.

Regression over two inputs (PLANE and GAUSS, on [-5, 5]²) takes x₁ and x₂ as they are, and no
other feature: the others of x₁ and x₂ measure from the classification square's centre (0.5,
0.5) with a period of one unit, which would not fit that square (`input_features`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .datasets import CLASSIFICATION_VIEW, REGRESSION_X_RANGE

#: The centre of the post's square, which the classification features measure from.
CENTRE = sum(CLASSIFICATION_VIEW) / 2
#: Half the regression axis's width, which its powers divide x by.
HALF_WIDTH = REGRESSION_X_RANGE[1]


@dataclass(frozen=True)
class Feature:
    """One input column: its URL-friendly name, its short label, what it computes (`formula`),
    its task, and `column`, the function from the raw inputs (n, columns) to its values (n,)."""

    name: str
    label: str
    formula: str
    task: str
    column: Callable[[np.ndarray], np.ndarray]


def _centred(X: np.ndarray, i: int) -> np.ndarray:
    """Raw input column i of the classification data, measured from the square's centre."""
    return X[:, i] - CENTRE


def _scaled(X: np.ndarray) -> np.ndarray:
    """Regression's x divided by HALF_WIDTH, in [-1, 1] over the data's axis."""
    return X[:, 0] / HALF_WIDTH


_TABLE = [
    Feature("x1", "x₁", "x₁", "classification", lambda X: X[:, 0]),
    Feature("x2", "x₂", "x₂", "classification", lambda X: X[:, 1]),
    Feature("x1sq", "x₁²", "(x₁ − 0.5)²", "classification", lambda X: _centred(X, 0) ** 2),
    Feature("x2sq", "x₂²", "(x₂ − 0.5)²", "classification", lambda X: _centred(X, 1) ** 2),
    Feature(
        "x1x2",
        "x₁x₂",
        "(x₁ − 0.5)(x₂ − 0.5)",
        "classification",
        lambda X: _centred(X, 0) * _centred(X, 1),
    ),
    Feature(
        "sinx1",
        "sin x₁",
        "sin 2π(x₁ − 0.5)",
        "classification",
        lambda X: np.sin(2 * np.pi * _centred(X, 0)),
    ),
    Feature(
        "sinx2",
        "sin x₂",
        "sin 2π(x₂ − 0.5)",
        "classification",
        lambda X: np.sin(2 * np.pi * _centred(X, 1)),
    ),
    Feature("x", "x", "x", "regression", lambda X: X[:, 0]),
    Feature("xsq", "x²", "(x / 5)²", "regression", lambda X: _scaled(X) ** 2),
    Feature("xcube", "x³", "(x / 5)³", "regression", lambda X: _scaled(X) ** 3),
    Feature("sinx", "sin x", "sin x", "regression", lambda X: np.sin(X[:, 0])),
]
#: Every feature by name, in the order a network's first layer takes them.
FEATURES: dict[str, Feature] = {feature.name: feature for feature in _TABLE}
#: The raw inputs of each task: the default features.
RAW_FEATURES = {"classification": ("x1", "x2"), "regression": ("x",)}
#: The features of regression over two inputs (PLANE, GAUSS): its raw inputs alone.
TWO_INPUT_REGRESSION_FEATURES = ("x1", "x2")


def features_of(task: str) -> tuple[str, ...]:
    """The names of `task`'s features, in table order."""
    return tuple(name for name, feature in FEATURES.items() if feature.task == task)


def raw_inputs_only(task: str, n_inputs: int) -> bool:
    """Whether a network on `task`'s data of `n_inputs` columns takes its raw inputs and no other
    feature (regression over two inputs): then there are no features to choose."""
    return task == "regression" and n_inputs == 2


def input_features(task: str, n_inputs: int) -> tuple[str, ...]:
    """The features a network may take on `task`'s data of `n_inputs` raw columns, in table
    order: the task's own, or x₁ and x₂ alone for regression over two inputs."""
    if raw_inputs_only(task, n_inputs):
        return TWO_INPUT_REGRESSION_FEATURES
    return features_of(task)


def raw_features(task: str, n_inputs: int) -> tuple[str, ...]:
    """The raw inputs of `task`'s data of `n_inputs` columns: a run's default features."""
    if raw_inputs_only(task, n_inputs):
        return TWO_INPUT_REGRESSION_FEATURES
    return RAW_FEATURES[task]


def in_table_order(names: Sequence[str]) -> tuple[str, ...]:
    """`names` sorted as the table lists them, so equal choices make equal settings."""
    order = list(FEATURES)
    return tuple(sorted(names, key=order.index))


def feature_labels(names: Sequence[str]) -> tuple[str, ...]:
    """The short labels (x₁², sin x₁ ...) of the named features, in the order given."""
    return tuple(FEATURES[name].label for name in names)


def feature_columns(names: Sequence[str], X: np.ndarray) -> np.ndarray:
    """The first layer's inputs: one column per named feature, of the raw inputs X (n, columns)."""
    X = np.atleast_2d(np.asarray(X, dtype=float))
    return np.column_stack([FEATURES[name].column(X) for name in names])
