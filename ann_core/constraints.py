"""What a setting's valid values are, as small objects a program can read, not closures.

In the spirit of scikit-learn's `_param_validation` (`Interval`, `StrOptions`): each object has a
`check(value)` that returns what is wrong in words (None when the value is valid), and plain
attributes (an interval's ends, a set of options) so the app can draw its widgets from the
engine's own bounds and a test can compare the two. No NumPy and no engine tables here:
config.py builds its CONSTRAINTS from these and its own tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Protocol

Closed = Literal["both", "left", "right", "neither"]
CLOSED: tuple[str, ...] = ("both", "left", "right", "neither")


class Constraint(Protocol):
    """Anything with a `check(value) -> message or None`."""

    def check(self, value: object) -> str | None: ...


@dataclass(frozen=True)
class Interval:
    """Finite numbers from `low` to `high`, each end in or out as `closed` says; `kind` int
    asks for whole numbers (given as ints: config.py turns 5.0 into 5 before checking)."""

    kind: type[int] | type[float]
    low: float
    high: float
    closed: Closed = "both"

    def __post_init__(self) -> None:
        if self.kind not in (int, float):
            raise ValueError(f"kind must be int or float, not {self.kind!r}")
        if self.closed not in CLOSED:
            raise ValueError(f"closed must be one of {', '.join(CLOSED)}, not {self.closed!r}")
        if not self.low <= self.high:
            raise ValueError(f"an interval needs low <= high, got {self.low} and {self.high}")

    @property
    def closed_low(self) -> bool:
        """Whether `low` itself is valid."""
        return self.closed in ("both", "left")

    @property
    def closed_high(self) -> bool:
        """Whether `high` itself is valid."""
        return self.closed in ("both", "right")

    def contains(self, number: float) -> bool:
        """Whether the number `number` lies in the interval (its ends as `closed` says)."""
        above = number > self.low or (self.closed_low and number == self.low)
        below = number < self.high or (self.closed_high and number == self.high)
        return above and below

    def check(self, value: object) -> str | None:
        """What is wrong with `value`, or None: a finite number of `kind` inside the interval."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        if isinstance(value, float) and not math.isfinite(value):
            return "must be finite"
        if self.kind is int and not isinstance(value, int):
            return "must be a whole number"
        if not self.contains(value):
            return f"must be in {self}"
        return None

    def __str__(self) -> str:
        left = "[" if self.closed_low else "("
        right = "]" if self.closed_high else ")"
        return f"{left}{self.low:g}, {self.high:g}{right}"


@dataclass(frozen=True)
class Options:
    """One of the strings `values` (like scikit-learn's StrOptions)."""

    values: tuple[str, ...]

    def check(self, value: object) -> str | None:
        """What is wrong with `value`, or None when it is one of `values`."""
        if isinstance(value, str) and value in self.values:
            return None
        return f"must be one of {', '.join(self.values)}"


@dataclass(frozen=True)
class NoneOr:
    """None, or a value `constraint` accepts (None: a default to fill in, or "no mini-batches")."""

    constraint: Interval | Options

    def check(self, value: object) -> str | None:
        """What is wrong with `value`, or None when it is None or `constraint` takes it."""
        return None if value is None else self.constraint.check(value)


@dataclass(frozen=True)
class Names:
    """A tuple of at least one name from `options`, each at most once (the input features)."""

    options: tuple[str, ...]
    noun: str = "feature"

    def check(self, value: object) -> str | None:
        """What is wrong with `value`, or None when it is such a tuple."""
        if not isinstance(value, tuple):
            return f"must be a tuple of {self.noun} names"
        if not value:
            return f"must name at least one {self.noun}"
        if not all(isinstance(name, str) and name in self.options for name in value):
            return f"must hold {self.noun} names from {', '.join(self.options)}"
        if len(set(value)) < len(value):
            return f"must name each {self.noun} once"
        return None


@dataclass(frozen=True)
class LayerSizes:
    """A tuple of hidden-layer sizes: as many layers as `layers` allows (its `high` the most),
    each a whole number of units inside `units`."""

    layers: Interval
    units: Interval

    def check(self, value: object) -> str | None:
        """What is wrong with `value`, or None when it is such a tuple."""
        if not isinstance(value, tuple) or not self.layers.contains(len(value)):
            return f"must be a tuple of at most {self.layers.high:g} layer sizes"
        if any(isinstance(h, bool) or not isinstance(h, int) for h in value):
            return "must hold whole numbers"
        if any(not self.units.contains(h) for h in value):
            return f"each layer must have {self.units.low:g} to {self.units.high:g} units"
        return None
