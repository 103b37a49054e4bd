"""Autoencoders: networks trained to give back their inputs through a narrow layer, the code.

An autoencoder's targets are its inputs: 2 -> 8 -> 1 -> 8 -> 2 must squeeze each point (x1, x2)
into one number and unfold it again. The layers up to the code (the narrowest hidden layer)
encode, the layers after it decode; no target but the data is needed. With a code of one unit,
every reconstruction lies on one curve, the decoder's image of the code's range: through tanh
layers a curve that can follow the data, and with no hidden layers around a linear code (2 -> 1
-> 2, all linear) a straight line, which training turns toward the data's first principal axis
(`principal_axis`), as principal component analysis would draw it.

`train_autoencoder` trains one (multi_output.train_network with Y = X) and returns its
`NetworkRun`, the parameters after every epoch; `encode_epochs`, `decode_epochs`, `code_curve`
and `reconstruction_distances` (`reconstruction_error`: their root mean square) read it over the
epochs, for a page to draw. `points_of` gives a
data set's points centred and scaled (`centred_and_scaled`), as the page trains on them;
`principal_projections`, `principal_line_error` and `axis_angle` measure the straight line
principal component analysis would draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from .config import MAX_SEED, check_number
from .constraints import Interval, LayerSizes
from .datasets import make_dataset
from .multi_output import (
    MAX_LAYERS_AROUND_A_CODE,
    NetworkRun,
    NetworkTraining,
    check_activation,
    checked_setting,
    train_network,
)
from .network import MAX_UNITS_PER_LAYER, Parameters, forward_stack, init_parameters, offsets


@dataclass(frozen=True)
class AutoencoderConfig:
    """An autoencoder's hidden layers, their activations and how to train it; its input and
    output layers have a unit per column of the data.

    hidden_activation is one name for every hidden layer, or one per hidden layer (stored as
    that tuple). The training settings mean what TrainingConfig's do; online steps by default,
    at a small rate that is not annealed. `seed` draws the initial weights. Anything wrong
    raises a ValueError naming the setting.
    """

    hidden_units: tuple[int, ...] = (8, 1, 8)
    hidden_activation: str | tuple[str, ...] = "tanh"
    output_activation: str = "linear"
    learning_rate: float = 0.05
    epochs: int = 300
    anneal: float = 1.0
    momentum: float = 0.0
    batch_size: int | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise once, so equal settings hash equal
        set_(self, "hidden_units", _hidden_units(self.hidden_units))
        set_(self, "hidden_activation", _per_layer(self.hidden_activation, self.hidden_units))
        check_activation("output_activation", self.output_activation)
        set_(self, "seed", check_number("seed", self.seed, 0, MAX_SEED, integer=True))
        self.training(1)  # checks the layers and training settings, naming what is wrong

    @property
    def activations(self) -> tuple[str, ...]:
        """Every weight layer's activation, the output's last."""
        return (*self.hidden_activation, self.output_activation)

    def training(self, n_inputs: int) -> NetworkTraining:
        """The network n_inputs -> hidden_units -> n_inputs and how to train it."""
        return NetworkTraining(
            sizes=(n_inputs, *self.hidden_units, n_inputs),
            activations=self.activations,
            learning_rate=self.learning_rate,
            epochs=self.epochs,
            anneal=self.anneal,
            momentum=self.momentum,
            batch_size=self.batch_size,
        )


#: At least one hidden layer (the code), as many as multi_output allows, each of 1 to
#: MAX_UNITS_PER_LAYER units.
HIDDEN_UNITS = LayerSizes(
    layers=Interval(int, 1, MAX_LAYERS_AROUND_A_CODE), units=Interval(int, 1, MAX_UNITS_PER_LAYER)
)


def _hidden_units(value: object) -> tuple[int, ...]:
    """Hidden-layer sizes as a tuple of ints, as HIDDEN_UNITS allows."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        value = tuple(int(h) if isinstance(h, np.integer) else h for h in value)
    if message := HIDDEN_UNITS.check(value):
        raise ValueError(f"hidden_units={value!r} {message} (one at least: the code)")
    return value


def _per_layer(names: object, hidden_units: tuple[int, ...]) -> tuple[str, ...]:
    """One activation name per hidden layer, from one name for all or a sequence of them."""
    if isinstance(names, str):
        names = (names,) * len(hidden_units)
    if not isinstance(names, Sequence) or len(names) != len(hidden_units):
        raise ValueError(
            f"hidden_activation={names!r} must be one name, or one per hidden layer "
            f"({len(hidden_units)})"
        )
    for name in names:
        check_activation("hidden_activation", name)
    return tuple(names)


def train_autoencoder(
    config: AutoencoderConfig,
    X: np.ndarray,
    initial: Parameters | None = None,
    engine: str = "auto",
) -> NetworkRun:
    """Train an autoencoder on the rows of X (n, d), in order, to give back X: the targets are
    the inputs. It starts from `initial` (W, b) pairs when given, else from uniform draws in
    [-0.5, 0.5) of RandomState(config.seed), as init_parameters draws them."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or not 1 <= X.shape[1] <= MAX_UNITS_PER_LAYER:
        raise ValueError(
            f"X must be a table of shape (n, d), d up to {MAX_UNITS_PER_LAYER}, got {X.shape}"
        )
    training = config.training(X.shape[1])
    if initial is None:
        initial = init_parameters(training.sizes, np.random.RandomState(config.seed))
    return train_network(training, X, X, initial, engine)


def code_layer(sizes: Sequence[int]) -> int:
    """Which layer holds the code, the narrowest hidden layer (the first of equals), as an index
    of ForwardPass.a (0: the first hidden layer)."""
    hidden = list(sizes[1:-1])
    if not hidden:
        raise ValueError(f"sizes={tuple(sizes)!r} has no hidden layer to hold a code")
    return hidden.index(min(hidden))


def encode_epochs(
    run: NetworkRun, points: np.ndarray, epochs: Sequence[int] | None = None
) -> np.ndarray:
    """The code of each of `points` (m, d) after each of `epochs` (default: 0 to last): the
    code layer's activations, shape (n_epochs, m, code units)."""
    return run.forward_epochs(points, epochs).a[code_layer(run.sizes)]


def decode_epochs(
    run: NetworkRun, codes: np.ndarray, epochs: Sequence[int] | None = None
) -> np.ndarray:
    """What the layers after the code make of code values `codes` (m, code units) after each
    of `epochs`: shape (n_epochs, m, d). A sweep of a one-unit code over its range draws the
    curve every reconstruction lies on."""
    first = code_layer(run.sizes) + 1  # the decoder's first weight layer
    sizes = run.sizes[first:]
    codes = np.atleast_2d(np.asarray(codes, dtype=float)).reshape(-1, sizes[0])
    thetas = run.history[run.rows(epochs)][:, _columns_of(run.sizes, first)]
    with np.errstate(all="ignore"):
        return forward_stack(thetas, sizes, codes, run.activations[first:]).output


def _columns_of(sizes: Sequence[int], first: int) -> np.ndarray:
    """Where the weight layers from `first` on lie in network.pack's flat vector, in its
    order (every W, then every b): the flat vector of the network they make alone."""
    pairs, (w_starts, b_starts) = list(pairwise(sizes)), offsets(sizes)
    layers = range(first, len(pairs))
    weights = [np.arange(w_starts[k], w_starts[k] + pairs[k][0] * pairs[k][1]) for k in layers]
    biases = [np.arange(b_starts[k], b_starts[k] + pairs[k][1]) for k in layers]
    return np.concatenate(weights + biases)


def reconstruction_distances(run: NetworkRun, epochs: Sequence[int] | None = None) -> np.ndarray:
    """How far each training point lies from its reconstruction, after each of `epochs`
    (default: 0 to last): Euclidean distances, shape (n_epochs, n)."""
    reconstructions = run.predict_epochs(run.X, epochs)
    return np.sqrt(((reconstructions - run.X) ** 2).sum(axis=-1))


def reconstruction_error(run: NetworkRun, epochs: Sequence[int] | None = None) -> np.ndarray:
    """How far the training points lie from their reconstructions after each of `epochs`
    (default: 0 to last), as one number an epoch: the root mean square of their distances
    (the square root of the squared error per point that training lowers), shape
    (n_epochs,)."""
    return np.sqrt((reconstruction_distances(run, epochs) ** 2).mean(axis=-1))


def principal_line_error(X: np.ndarray) -> float:
    """`reconstruction_error` of the best straight line through the rows of X, the principal
    axis (`principal_projections`): no line leaves them closer in root mean square."""
    X = np.asarray(X, dtype=float)
    return float(np.sqrt(((X - principal_projections(X)) ** 2).sum(axis=1).mean()))


def principal_axis(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The data's centre and first principal direction (a unit vector, sign as the SVD gives
    it): the line principal component analysis projects the rows of X onto."""
    X = np.asarray(X, dtype=float)
    centre = X.mean(axis=0)
    _, _, directions = np.linalg.svd(X - centre, full_matrices=False)
    return centre, directions[0]


#: Code values along a one-unit code's curve (`code_curve`).
CURVE_POINTS = 60


def code_curve(
    run: NetworkRun, epochs: Sequence[int] | None = None, n_points: int = CURVE_POINTS
) -> np.ndarray:
    """The curve a one-unit code's reconstructions lie on after each of `epochs` (default: 0
    to last): the decoder's outputs at `n_points` code values evenly from the lowest code the
    training points get then to the highest. Shape (n_epochs, n_points, d)."""
    if run.sizes[code_layer(run.sizes) + 1] != 1:
        raise ValueError(f"sizes={run.sizes!r}: a curve needs a code of one unit")
    rows = run.rows(epochs)
    codes = encode_epochs(run, run.X, rows)[..., 0]
    sweeps = np.linspace(codes.min(axis=1), codes.max(axis=1), int(n_points), axis=1)
    return np.stack(
        [decode_epochs(run, sweep, [row])[0] for sweep, row in zip(sweeps, rows, strict=True)]
    )


def centred_and_scaled(X: np.ndarray) -> np.ndarray:
    """The rows of X moved so that their centre is 0 and scaled by one factor (so a shape keeps
    its proportions) so that their coordinates' root mean square is 1; the scale of tanh units."""
    X = np.asarray(X, dtype=float)
    centred = X - X.mean(axis=0)
    spread = float(np.sqrt((centred**2).mean()))
    return centred / spread if spread > 0 else centred


def points_of(problem: str, n_observations: int, noise: float, seed: int) -> np.ndarray:
    """A data set's points without their classes or targets (datasets.make_dataset, drawn from
    RandomState(seed)), centred and scaled (`centred_and_scaled`): an autoencoder's data."""
    n_observations, noise, seed = (
        checked_setting(name, value)
        for name, value in (("n_observations", n_observations), ("noise", noise), ("seed", seed))
    )
    dataset = make_dataset(problem, n_observations, noise, np.random.RandomState(seed))
    return centred_and_scaled(dataset.X)


def principal_projections(X: np.ndarray) -> np.ndarray:
    """Each row of X projected onto the data's principal axis (`principal_axis`): the closest
    points of the best straight line through them, the reconstructions of principal component
    analysis with one component."""
    X = np.asarray(X, dtype=float)
    centre, direction = principal_axis(X)
    return centre + np.outer((X - centre) @ direction, direction)


def axis_angle(a: np.ndarray, b: np.ndarray) -> float:
    """The angle in degrees (0 to 90) between two lines of directions a and b."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    cosine = abs(float(a @ b)) / (np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.degrees(np.arccos(min(cosine, 1.0))))
