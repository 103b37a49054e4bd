"""The post's data sets (AND, OR, XOR, RING, SIN, ABS), more of our own and TensorFlow
Playground's, and checks on user data.

Every generator draws from the RandomState it is given, never from NumPy's global state, in the
post's order: the noise first, then one shuffle (PLANE and GAUSS draw their points before the
noise). A test split, when asked for, is the tail of that shuffled order, so it costs no extra
draws and the same seed always gives the same split.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

_TRUTH_TABLE = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_X1, _X2 = _TRUTH_TABLE[:, 0].astype(bool), _TRUTH_TABLE[:, 1].astype(bool)

#: Each logic problem: its table of noise-free inputs and their classes (Figure 7).
LOGIC_TABLES: dict[str, tuple[np.ndarray, np.ndarray]] = {
    "AND": (_TRUTH_TABLE, (_X1 & _X2).astype(float)),
    "OR": (_TRUTH_TABLE, (_X1 | _X2).astype(float)),
    "XOR": (_TRUTH_TABLE, (_X1 ^ _X2).astype(float)),
    # RING: the four corners, the centre (0.5, 0.5) and the centre's four edge neighbours.
    # As in the post's code, the centre is class 0 and the eight points around it class 1.
    "RING": (
        np.vstack([_TRUTH_TABLE, [[0.5, 0.5], [1.0, 0.5], [0.0, 0.5], [0.5, 0.0], [0.5, 1.0]]]),
        np.array([1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0]),
    ),
}

#: Regression targets f(x) on x in [-5, 5].
REGRESSION_FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "SIN": lambda x: 2.5 + np.sin(x),
    "ABS": np.abs,
    # Beyond the post: a jump, which tanh units can only reach with steep weights, and a
    # cubic, whose two bends need at least two units.
    "STEP": lambda x: np.where(x < 0.0, 1.0, 3.0),
    "CUBIC": lambda x: 0.05 * x**3 - 0.5 * x,
}

#: Regression targets f(x₁, x₂) of rows (x₁, x₂) on [-5, 5]², after TensorFlow Playground's two
#: regression data sets (its inputs span [-6, 6]²; these span the axis of the sets above). As
#: high as those sets' targets, so the same noise setting is as loud: a plane rising from -2 to
#: 2 along the diagonal, and a Gaussian bump of height 3 and width (standard deviation) 2 at the
#: origin (Playground's "Gaussian" puts six cones of ±1 on a grid; one bump is this app's).
REGRESSION_SURFACES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "PLANE": lambda X: (X[:, 0] + X[:, 1]) / 5.0,
    "GAUSS": lambda X: 3.0 * np.exp(-(X[:, 0] ** 2 + X[:, 1] ** 2) / 8.0),
}

CLASSIFICATION_PROBLEMS = (*LOGIC_TABLES, "CIRCLE", "SPIRAL", "GAUSSIAN")
REGRESSION_PROBLEMS = (*REGRESSION_FUNCTIONS, *REGRESSION_SURFACES)
PROBLEMS = CLASSIFICATION_PROBLEMS + REGRESSION_PROBLEMS

DEFAULT_NOISE = {"classification": 0.15, "regression": 0.5}
#: Input columns of each task's data (regression's PLANE and GAUSS have two: `n_inputs_of`).
N_INPUTS = {"classification": 2, "regression": 1}
REGRESSION_X_RANGE = (-5.0, 5.0)
#: The square the post draws classification surfaces on.
CLASSIFICATION_VIEW = (-0.5, 1.5)
VIEW_MARGIN = 0.1  # of the points' spread, added on each side of a view fitted to them
MIN_VIEW_SPREAD = 1.0  # points all (nearly) in one place still get a square of this size


def view_of(X: np.ndarray) -> tuple[float, float]:
    """The square (low, high on both inputs) to draw a classifier over so every point shows:
    the post's view when it holds them all, else the points' range widened by VIEW_MARGIN."""
    low, high = float(np.min(X)), float(np.max(X))
    if CLASSIFICATION_VIEW[0] <= low and high <= CLASSIFICATION_VIEW[1]:
        return CLASSIFICATION_VIEW
    centre, spread = (low + high) / 2, max(high - low, MIN_VIEW_SPREAD)
    half = spread / 2 + VIEW_MARGIN * spread
    return (centre - half, centre + half)


def task_of(problem: str) -> str:
    """'classification' or 'regression' for a named problem."""
    if problem in CLASSIFICATION_PROBLEMS:
        return "classification"
    if problem in REGRESSION_PROBLEMS:
        return "regression"
    raise ValueError(f"unknown problem {problem!r}; choose one of {', '.join(PROBLEMS)}")


def n_inputs_of(problem: str, task: str) -> int:
    """The raw input columns of `problem`'s data (of `task`'s, for a CUSTOM problem): two for
    classification and for PLANE and GAUSS, one (x) for the other regression problems."""
    return 2 if problem in REGRESSION_SURFACES else N_INPUTS[task]


@dataclass(frozen=True)
class Dataset:
    """Training rows (in the order they are trained on) and optional held-out test rows."""

    X: np.ndarray
    y: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    task: str


def _logic(problem: str, n: int, noise: float, rng: np.random.RandomState):
    table, classes = LOGIC_TABLES[problem]
    X = np.tile(table, (n, 1)) + noise * rng.randn(n * len(table), 2)
    return X, np.tile(classes, n)


def _circle(n: int, noise: float, rng: np.random.RandomState):
    # n points in a disc of radius 0.3 (class 1) and n in a ring from 0.6 to 0.8 (class 0),
    # centred in the post's unit square.
    radius = np.concatenate([0.3 * np.sqrt(rng.rand(n)), 0.6 + 0.2 * rng.rand(n)])
    angle = 2.0 * np.pi * rng.rand(2 * n)
    X = 0.5 + radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    X = X + noise * rng.randn(2 * n, 2)
    return X, np.concatenate([np.ones(n), np.zeros(n)])


def _spiral(n: int, noise: float, rng: np.random.RandomState):
    # Two arms of 1.5 turns each, the second the first turned by half a circle.
    t = np.linspace(0.0, 1.0, n)
    radius, angle = 0.05 + 0.6 * t, 3.0 * np.pi * t
    arms = [angle, angle + np.pi]
    X = np.vstack([0.5 + radius[:, None] * np.column_stack([np.cos(a), np.sin(a)]) for a in arms])
    X = X + noise * rng.randn(2 * n, 2)
    return X, np.concatenate([np.ones(n), np.zeros(n)])


#: GAUSSIAN's two blobs: class 1 around the first centre, class 0 around the second.
GAUSSIAN_CENTRES = ((0.75, 0.75), (0.25, 0.25))


def _gaussian(n: int, noise: float, rng: np.random.RandomState):
    # n points of each class, normally spread around its centre with standard deviation
    # `noise` on each axis: the noise setting widens the blobs until they overlap.
    centres = np.repeat(np.array(GAUSSIAN_CENTRES), n, axis=0)
    X = centres + noise * rng.randn(2 * n, 2)
    return X, np.concatenate([np.ones(n), np.zeros(n)])


def _regression(problem: str, n: int, noise: float, rng: np.random.RandomState):
    x = np.linspace(*REGRESSION_X_RANGE, n)
    y = REGRESSION_FUNCTIONS[problem](x) + rng.randn(n) * noise
    return x[:, None], y


def _regression_surface(problem: str, n: int, noise: float, rng: np.random.RandomState):
    # As TensorFlow Playground draws them, n points uniform over the square; then, as the sets
    # above, noise of standard deviation `noise` added to each target.
    X = rng.uniform(*REGRESSION_X_RANGE, size=(n, 2))
    y = REGRESSION_SURFACES[problem](X) + rng.randn(n) * noise
    return X, y


def _draw(problem: str, n: int, noise: float, rng: np.random.RandomState):
    if problem in LOGIC_TABLES:
        return _logic(problem, n, noise, rng)
    if problem == "CIRCLE":
        return _circle(n, noise, rng)
    if problem == "SPIRAL":
        return _spiral(n, noise, rng)
    if problem == "GAUSSIAN":
        return _gaussian(n, noise, rng)
    if problem in REGRESSION_FUNCTIONS:
        return _regression(problem, n, noise, rng)
    if problem in REGRESSION_SURFACES:
        return _regression_surface(problem, n, noise, rng)
    raise ValueError(f"unknown problem {problem!r}; choose one of {', '.join(PROBLEMS)}")


def split(X: np.ndarray, y: np.ndarray, test_fraction: float, task: str) -> Dataset:
    """Hold out the last round(test_fraction * n) rows (at least one when the fraction is > 0)."""
    n_test = round(test_fraction * len(y))
    if test_fraction > 0:
        n_test = min(max(n_test, 1), len(y) - 2)
    n_train = len(y) - n_test
    return Dataset(X[:n_train], y[:n_train], X[n_train:], y[n_train:], task)


def make_dataset(
    problem: str,
    n_observations: int,
    noise: float,
    rng: np.random.RandomState,
    test_fraction: float = 0.0,
) -> Dataset:
    """Draw `problem`'s data: noise first, then a shuffle, as the post does.

    For the logic problems n_observations is the number of noisy copies of each table row; for
    CIRCLE, SPIRAL and GAUSSIAN the number of points per class; for regression the number of points
    (on a grid of x, or uniform over the square for PLANE and GAUSS).
    """
    X, y = _draw(problem, int(n_observations), float(noise), rng)
    order = rng.permutation(len(y))
    return split(X[order], y[order], test_fraction, task_of(problem))


MIN_ROWS = 4
MAX_ROWS = 20_000


def check_user_data(
    X: object, y: object, task: str, n_inputs: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Validate user-supplied arrays of `task` with `n_inputs` input columns (None: the task's,
    N_INPUTS), returning float copies, or raise a ValueError that says what is wrong in words a
    student can act on."""
    try:
        X = np.array(X, dtype=float)
        y = np.array(y, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("the data must be numbers only (found text or empty cells)") from None
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or y.ndim != 1:
        raise ValueError(
            f"expected inputs of shape (rows, columns) and one target per row, "
            f"got shapes {X.shape} and {y.shape}"
        )
    if len(X) != len(y):
        raise ValueError(f"{len(X)} input rows but {len(y)} targets: they must match")
    if len(y) < MIN_ROWS:
        raise ValueError(f"need at least {MIN_ROWS} rows to train on, got {len(y)}")
    if len(y) > MAX_ROWS:
        raise ValueError(f"at most {MAX_ROWS:,} rows are allowed, got {len(y):,}")
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
        raise ValueError("the data contain missing (NaN) or infinite values")
    expected_columns = N_INPUTS[task] if n_inputs is None else n_inputs
    if X.shape[1] != expected_columns:
        only = (
            " (regression over two inputs is the built-in PLANE and GAUSS only)"
            if task == "regression" and expected_columns == 1
            else ""
        )
        raise ValueError(
            f"{task} data need {expected_columns} input column(s), got {X.shape[1]}{only}"
        )
    if task == "classification":
        labels = set(np.unique(y).tolist())
        if not labels <= {0.0, 1.0}:
            raise ValueError(f"class labels must be 0 or 1, found {sorted(labels)[:5]}")
        if len(labels) < 2:
            raise ValueError("the labels are all one class: a classifier needs both 0 and 1")
    return X, y
