"""`TrainingConfig`: every setting of a training run, validated once, from one table.

It is a frozen dataclass, so equal settings hash equally and the app can cache runs on it.
Settings left as None take the post's defaults for the problem's task. Numbers are stored as
plain Python numbers: NumPy scalars are accepted, whole-number settings hold ints (5.0 becomes
5) and the others floats (2 becomes 2.0), so equal settings compare and hash equal whatever
type they came in. Anything else that is wrong raises a ValueError naming the setting.
"""

from __future__ import annotations

import reprlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, fields

import numpy as np

from .activations import ACTIVATIONS
from .constraints import Constraint, Interval, LayerSizes, Names, NoneOr, Options
from .datasets import DEFAULT_NOISE, N_INPUTS, PROBLEMS, n_inputs_of, task_of
from .features import FEATURES, in_table_order, input_features, raw_features
from .losses import LOSSES
from .network import MAX_HIDDEN_LAYERS, MAX_UNITS_PER_LAYER
from .regularization import MAX_REG_RATE, REGULARIZATIONS

#: The post's activations per task: (hidden, output).
DEFAULT_ACTIVATIONS = {"classification": ("sigmoid", "sigmoid"), "regression": ("tanh", "linear")}
TASKS = ("classification", "regression")
CUSTOM = "CUSTOM"

WHOLE_NUMBER_SETTINGS = ("epochs", "n_observations", "batch_size", "seed")
REAL_NUMBER_SETTINGS = ("learning_rate", "noise", "anneal", "momentum", "test_fraction", "reg_rate")
MAX_EPOCHS = 10_000
MAX_LEARNING_RATE = 1e6
MAX_OBSERVATIONS = 5_000
MAX_BATCH_SIZE = 100_000  # larger than any data set (datasets.MAX_ROWS): a full batch
MAX_SEED = 2**32 - 1  # NumPy's RandomState takes seeds up to this
TASK_SETTINGS = ("problem", "task")  # checked first: the other settings' defaults need the task
#: The settings of how to train, which a run continued from some epoch may change
#: (continuation.py); the others make the network and its data, which it keeps.
TRAINING_SETTINGS = (
    "learning_rate",
    "anneal",
    "momentum",
    "batch_size",
    "loss",
    "regularization",
    "reg_rate",
    "epochs",
)


def check_number(
    name: str,
    value: object,
    low: float,
    high: float,
    *,
    integer: bool = False,
    open_low: bool = False,
) -> int | float:
    """`value` as a plain number if it is a finite one in [low, high] (or (low, high]), else a
    ValueError naming `name`: the settings' own rule, for the arguments of other functions."""
    interval = Interval(int if integer else float, low, high, "right" if open_low else "both")
    value = _plain(value, integer)
    if message := interval.check(value):
        raise ValueError(f"{name}={_shown(value)} {message}")
    return value


#: Every setting's constraint, like scikit-learn's _parameter_constraints: name -> an object
#: with check(value) and readable bounds (constraints.py), which the app's widgets read.
CONSTRAINTS: dict[str, Constraint] = {
    "problem": Options((*PROBLEMS, CUSTOM)),
    "task": NoneOr(Options(TASKS)),  # None: the named problem's task
    "hidden_units": LayerSizes(
        layers=Interval(int, 0, MAX_HIDDEN_LAYERS), units=Interval(int, 1, MAX_UNITS_PER_LAYER)
    ),
    "hidden_activation": Options(tuple(ACTIVATIONS)),
    "output_activation": Options(tuple(ACTIVATIONS)),
    "loss": Options(tuple(LOSSES)),
    "learning_rate": Interval(float, 0.0, MAX_LEARNING_RATE, closed="right"),
    "epochs": Interval(int, 1, MAX_EPOCHS),
    "n_observations": Interval(int, 1, MAX_OBSERVATIONS),
    "noise": Interval(float, 0.0, 10.0),
    "anneal": Interval(float, 0.0, 1.0, closed="right"),
    "momentum": Interval(float, 0.0, 0.999),
    "batch_size": NoneOr(Interval(int, 1, MAX_BATCH_SIZE)),  # None: online, one row a step
    "test_fraction": Interval(float, 0.0, 0.9),
    "seed": Interval(int, 0, MAX_SEED),
    "features": Names(tuple(FEATURES)),  # the task's own features only: see _cross_refusals
    "regularization": Options(REGULARIZATIONS),
    "reg_rate": Interval(float, 0.0, MAX_REG_RATE),
}


def interval_of(name: str) -> Interval:
    """The Interval of the number setting `name` (inside its NoneOr, for batch_size), so the
    app's widgets can take their ends from the engine's."""
    constraint = CONSTRAINTS[name]
    if isinstance(constraint, NoneOr):
        constraint = constraint.constraint
    if not isinstance(constraint, Interval):
        raise KeyError(f"{name} is not a number setting")
    return constraint


@dataclass(frozen=True)
class TrainingConfig:
    """One training run's settings; defaults are the post's (Figures 8 to 14)."""

    problem: str = "XOR"
    hidden_units: tuple[int, ...] = ()
    hidden_activation: str | None = None
    output_activation: str | None = None
    loss: str = "sse"
    learning_rate: float = 2.0
    epochs: int = 100
    n_observations: int = 50
    noise: float | None = None
    anneal: float = 0.95
    momentum: float = 0.0
    batch_size: int | None = None
    test_fraction: float = 0.0
    seed: int = 123
    task: str | None = None
    features: tuple[str, ...] | None = None  # None: the raw inputs (x1, x2 or x)
    regularization: str = "none"  # or "l1", "l2": a penalty on the weights (regularization.py)
    reg_rate: float = 0.0  # its rate lambda; 0 leaves training as without

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise and fill in the defaults once, here
        for name in WHOLE_NUMBER_SETTINGS + REAL_NUMBER_SETTINGS:
            set_(self, name, _plain(getattr(self, name), name in WHOLE_NUMBER_SETTINGS))
        set_(self, "hidden_units", _layers(self.hidden_units))
        set_(self, "features", _names(self.features))
        problems = self._refusals(TASK_SETTINGS) or _task_refusals(self.problem, self.task)
        if not problems:
            task = self.task or task_of(self.problem)
            hidden, output = DEFAULT_ACTIVATIONS[task]
            defaults = {
                "task": task,
                "hidden_activation": hidden,
                "output_activation": output,
                "noise": DEFAULT_NOISE[task],
                "features": raw_features(task, n_inputs_of(self.problem, task)),
            }
            for name, default in defaults.items():
                if getattr(self, name) is None:
                    set_(self, name, default)
            problems = self._refusals(f.name for f in fields(self) if f.name not in TASK_SETTINGS)
        problems = problems or self._cross_refusals()
        if problems:
            raise ValueError("invalid TrainingConfig: " + "; ".join(problems))
        set_(self, "features", in_table_order(self.features))

    def _refusals(self, names: Iterable[str]) -> list[str]:
        """What is wrong with the settings `names`, one message each, naming it."""
        return [
            f"{name}={_shown(value)} {message}"
            for name in names
            if (message := CONSTRAINTS[name].check(value := getattr(self, name)))
        ]

    def _cross_refusals(self) -> list[str]:
        """What is wrong between settings that are each valid alone: a loss that needs another
        output activation, a feature of the other task (or, for PLANE and GAUSS, other than their
        raw inputs x1 and x2)."""
        needs = LOSSES[self.loss].requires_output
        if needs not in (None, self.output_activation):
            return [f"loss={self.loss!r} needs output_activation={needs!r}"]
        allowed = input_features(self.task, self.n_inputs)
        if foreign := [name for name in self.features if name not in allowed]:
            whose = f"task {self.task!r}"
            if self.n_inputs != N_INPUTS[self.task]:
                whose = f"problem {self.problem!r}, which takes {', '.join(allowed)} only"
            return [f"features={self.features!r} has {foreign!r}, not of {whose}"]
        return []

    @property
    def n_inputs(self) -> int:
        """The raw input columns of its data (x₁, x₂ or x), which its features are made of."""
        return n_inputs_of(self.problem, self.task)

    @property
    def sizes(self) -> tuple[int, ...]:
        """The network's units per layer: one input per feature, the hidden layers, one output."""
        return (len(self.features), *self.hidden_units, 1)

    @property
    def activations(self) -> tuple[str, ...]:
        """The activation of every weight layer, hidden layers first, output last."""
        return (*([self.hidden_activation] * len(self.hidden_units)), self.output_activation)


def network_and_data_changes(old: TrainingConfig, new: TrainingConfig) -> list[str]:
    """What `new` changes of old's network and data (every setting but TRAINING_SETTINGS), one
    message each, naming the setting; empty when it only changes how to train."""
    return [
        f"{f.name} cannot change from {_shown(before)} to {_shown(after)}"
        for f in fields(TrainingConfig)
        if f.name not in TRAINING_SETTINGS
        and (before := getattr(old, f.name)) != (after := getattr(new, f.name))
    ]


def _task_refusals(problem: str, task: str | None) -> list[str]:
    """A CUSTOM problem needs a task; a named one has its own, which `task` must not contradict."""
    if problem == CUSTOM and task is None:
        return ["problem='CUSTOM' needs task='classification' or 'regression'"]
    if problem != CUSTOM and task not in (None, task_of(problem)):
        return [f"problem={problem!r} is a {task_of(problem)} problem, not task={task!r}"]
    return []


def _plain(value: object, integer: bool) -> object:
    """A number as a plain Python one: int for a whole-number setting (from an integral float
    or NumPy scalar too), float for the others. Anything else comes back as it is, to be
    refused by its check."""
    if isinstance(value, bool | np.bool_):
        return value
    if isinstance(value, int | np.integer):
        value = int(value)
    elif isinstance(value, float | np.floating):
        value = float(value)
    if integer and isinstance(value, float) and value.is_integer():
        return int(value)
    if not integer and isinstance(value, int) and abs(value) <= sys.float_info.max:
        return float(value)
    return value


def _shown(value: object) -> str:
    """`value` for a message, cut short when long; any value, even one whose repr fails."""
    try:
        return reprlib.repr(value)
    except Exception:  # e.g. an int too long to print (sys.get_int_max_str_digits)
        return f"<{type(value).__name__}>"


def _names(value: object) -> object:
    """Feature names as a tuple of plain strings, from a list or tuple; anything else comes back
    as it is, to be refused by its check (or None, the default)."""
    if isinstance(value, list | tuple):
        return tuple(str(name) if isinstance(name, str) else name for name in value)
    return value


def _layers(value: object) -> object:
    """Layer sizes as a tuple of plain ints, from a list or tuple or one number (0: none)."""
    value = _plain(value, integer=True)
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,) if value != 0 else ()
    if isinstance(value, list | tuple):
        return tuple(_plain(units, integer=True) for units in value)
    return value
