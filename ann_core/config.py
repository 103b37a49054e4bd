"""`TrainingConfig`: every setting of a training run, validated once, from one table.

It is a frozen dataclass, so equal settings hash equally and the app can cache runs on it.
Settings left as None take the post's defaults for the problem's task.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from .activations import ACTIVATIONS
from .datasets import DEFAULT_NOISE, PROBLEMS, task_of
from .losses import LOSSES
from .network import MAX_HIDDEN_LAYERS, MAX_UNITS_PER_LAYER

#: The post's activations per task: (hidden, output).
DEFAULT_ACTIVATIONS = {"classification": ("sigmoid", "sigmoid"), "regression": ("tanh", "linear")}
TASKS = ("classification", "regression")
CUSTOM = "CUSTOM"


def _number(low: float, high: float, *, integer: bool = False, open_low: bool = False):
    """A check that a value is a finite number in [low, high] (or (low, high])."""

    def check(value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        if integer and int(value) != value:
            return "must be a whole number"
        if not math.isfinite(value):
            return "must be finite"
        if value < low or value > high or (open_low and value == low):
            bracket = "(" if open_low else "["
            return f"must be in {bracket}{low:g}, {high:g}]"
        return None

    return check


def _one_of(options):
    def check(value: object) -> str | None:
        return None if value in options else f"must be one of {', '.join(map(str, options))}"

    return check


def _hidden_units(value: object) -> str | None:
    if not isinstance(value, tuple) or len(value) > MAX_HIDDEN_LAYERS:
        return f"must be a tuple of at most {MAX_HIDDEN_LAYERS} layer sizes"
    if any(isinstance(h, bool) or not isinstance(h, int) for h in value):
        return "must hold whole numbers"
    if any(not 1 <= h <= MAX_UNITS_PER_LAYER for h in value):
        return f"each layer must have 1 to {MAX_UNITS_PER_LAYER} units"
    return None


def _batch_size(value: object) -> str | None:
    return None if value is None else _number(1, 100_000, integer=True)(value)


#: Every setting's check, like scikit-learn's _parameter_constraints: name -> check(value).
CONSTRAINTS = {
    "problem": _one_of((*PROBLEMS, CUSTOM)),
    "task": _one_of(TASKS),
    "hidden_units": _hidden_units,
    "hidden_activation": _one_of(tuple(ACTIVATIONS)),
    "output_activation": _one_of(tuple(ACTIVATIONS)),
    "loss": _one_of(tuple(LOSSES)),
    "learning_rate": _number(0.0, 1e6, open_low=True),
    "epochs": _number(1, 10_000, integer=True),
    "n_observations": _number(1, 5_000, integer=True),
    "noise": _number(0.0, 10.0),
    "anneal": _number(0.0, 1.0, open_low=True),
    "momentum": _number(0.0, 0.999),
    "batch_size": _batch_size,
    "test_fraction": _number(0.0, 0.9),
    "seed": _number(0, 2**32 - 1, integer=True),
}


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

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: fill in the defaults once, here
        set_(self, "hidden_units", _as_int_tuple(self.hidden_units))
        if self.task is None:
            if self.problem == CUSTOM:
                raise ValueError("a CUSTOM problem needs task='classification' or 'regression'")
            set_(self, "task", task_of(self.problem) if self.problem in PROBLEMS else None)
        hidden, output = DEFAULT_ACTIVATIONS.get(self.task, (None, None))
        if self.hidden_activation is None:
            set_(self, "hidden_activation", hidden)
        if self.output_activation is None:
            set_(self, "output_activation", output)
        if self.noise is None:
            set_(self, "noise", DEFAULT_NOISE.get(self.task))
        for name in ("learning_rate", "noise", "anneal", "momentum", "test_fraction"):
            value = getattr(self, name)
            if isinstance(value, int) and not isinstance(value, bool):
                set_(self, name, float(value))
        problems = [
            f"{f.name}={getattr(self, f.name)!r} {message}"
            for f in fields(self)
            if (message := CONSTRAINTS[f.name](getattr(self, f.name)))
        ]
        if self.loss == "cross_entropy" and self.output_activation != "sigmoid":
            problems.append("loss='cross_entropy' needs output_activation='sigmoid'")
        if problems:
            raise ValueError("invalid TrainingConfig: " + "; ".join(problems))

    @property
    def activations(self) -> tuple[str, ...]:
        """The activation of every weight layer, hidden layers first, output last."""
        return (*([self.hidden_activation] * len(self.hidden_units)), self.output_activation)


def _as_int_tuple(value: object) -> object:
    """Accept a list or tuple of layer sizes (or one int); leave anything else for the check."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,) if value > 0 else ()
    if isinstance(value, list | tuple):
        return tuple(int(v) if isinstance(v, float) and v.is_integer() else v for v in value)
    return value
