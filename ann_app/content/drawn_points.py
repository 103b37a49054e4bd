"""Points a student draws on the Classification page: the link's `pts=` value, the CSV that the
upload reads, and what one click on the surface chart does. Pure (no Streamlit), so every
malformed link and every click is tested without a browser.

The link value is versioned and compact, made only of characters a URL keeps as they are:
``v1~0.25_0.5_0~1.2_-0.3_1`` is two points, each x₁_x₂_class, with x₁ and x₂ rounded to
DECIMALS places inside the post's square SQUARE. `parse` refuses anything else with a reason
in plain words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from ann_app.content.csv_format import COLUMNS
from ann_core.datasets import CLASSIFICATION_VIEW, MIN_ROWS, check_user_data

URL_KEY = "pts"
VERSION = "v1"
SEPARATOR = "~"  # between points (and after the version)
FIELD_SEPARATOR = "_"  # between a point's x₁, x₂ and class
MAX_LINK_POINTS = 50
DECIMALS = 2
SQUARE = CLASSIFICATION_VIEW  # where points can be drawn: the post's view, so it never moves
CLASSES = (0, 1)
# The surface chart's two point selections (training_plots.surface_chart's `selectable`).
CELL = "cell"
DOT = "dot"

_NUMBER = re.compile(rf"-?[0-9]+(\.[0-9]{{1,{DECIMALS}}})?")  # ASCII digits only
_TOLERANCE = 0.5 * 10**-DECIMALS  # two numbers this close are one rounded position


class DrawnPoint(NamedTuple):
    """One drawn point: its position (rounded to DECIMALS places) and its class, 0 or 1."""

    x1: float
    x2: float
    label: int


def point(x1: float, x2: float, label: int) -> DrawnPoint:
    """A drawn point at (x1, x2) rounded to DECIMALS places; ValueError outside SQUARE."""
    x1, x2 = round(float(x1), DECIMALS) + 0.0, round(float(x2), DECIMALS) + 0.0  # no -0.0
    low, high = SQUARE
    if not (low <= x1 <= high and low <= x2 <= high):
        raise ValueError(f"({x1:g}, {x2:g}) is outside the square {low:g} to {high:g}")
    if label not in CLASSES:
        raise ValueError(f"the class must be 0 or 1, got {label!r}")
    return DrawnPoint(x1, x2, int(label))


def _number(value: float) -> str:
    """`value` with at most DECIMALS places and no trailing zeros: 0.5, -0.05, 1."""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def encode(points: Sequence[DrawnPoint]) -> str:
    """The link value of `points` (at most MAX_LINK_POINTS); `parse` reads it back."""
    if len(points) > MAX_LINK_POINTS:
        raise ValueError(f"a link holds at most {MAX_LINK_POINTS} points, got {len(points)}")
    fields = (FIELD_SEPARATOR.join((_number(p.x1), _number(p.x2), str(p.label))) for p in points)
    return SEPARATOR.join((VERSION, *fields))


def link_text(points: Sequence[DrawnPoint] | None) -> str | None:
    """What a page's link holds of a drawing: nothing when drawing is off (None) or when it has
    more points than a link holds (the page then offers the CSV instead)."""
    if points is None or len(points) > MAX_LINK_POINTS:
        return None
    return encode(points)


def parse(text: str) -> tuple[DrawnPoint, ...]:
    """The points of a link value, or a ValueError that says in plain words what is wrong."""
    version, *items = text.split(SEPARATOR)
    if version != VERSION:
        if not version.startswith("v"):
            raise ValueError(f"it does not start with the version ({VERSION})")
        raise ValueError(f"unknown version {version!r} (this app reads {VERSION})")
    if len(items) > MAX_LINK_POINTS:
        raise ValueError(f"{len(items)} points; a link holds at most {MAX_LINK_POINTS}")
    points: list[DrawnPoint] = []
    for number, item in enumerate(items, start=1):
        fields = item.split(FIELD_SEPARATOR)
        if len(fields) != 3:
            raise ValueError(f"point {number} ({item!r}) is not x₁_x₂_class")
        for field in fields[:2]:
            if not _NUMBER.fullmatch(field):
                raise ValueError(
                    f"point {number}: {field!r} is not a number with at most {DECIMALS} decimals"
                )
        if fields[2] not in {str(c) for c in CLASSES}:
            raise ValueError(f"point {number}: the class must be 0 or 1, got {fields[2]!r}")
        try:
            new = point(float(fields[0]), float(fields[1]), int(fields[2]))
        except ValueError as error:
            raise ValueError(f"point {number}: {error}") from None
        twin = _index_at(points, new.x1, new.x2)
        if twin is not None:
            raise ValueError(f"point {number} is at the same place as point {twin + 1}")
        points.append(new)
    return tuple(points)


def to_csv(points: Iterable[DrawnPoint]) -> bytes:
    """The points as the CSV the upload reads (csv_format), so a drawing can be uploaded again."""
    lines = [",".join(COLUMNS["classification"])]
    lines += [f"{_number(p.x1)},{_number(p.x2)},{p.label}" for p in points]
    return ("\n".join(lines) + "\n").encode()


def not_trainable(points: Sequence[DrawnPoint]) -> str | None:
    """Why the network cannot train on `points` yet, in words for the student, or None: the
    engine's own rule for uploaded data (`check_user_data`: MIN_ROWS rows, both classes)."""
    labels = sorted({p.label for p in points})
    if len(points) < MIN_ROWS:
        have = "No points yet" if not points else f"{count(len(points))} so far"
        both = "" if len(labels) == 2 else ", of both classes"
        return f"{have}: the network trains once there are {MIN_ROWS}{both}."
    if len(labels) == 1:
        return (
            f"All {len(points)} points are class {labels[0]}: add a point of class "
            f"{1 - labels[0]} to train."
        )
    try:
        check_user_data([p[:2] for p in points], [p.label for p in points], "classification")
    except ValueError as error:  # a rule of the engine's that the words above do not name
        return f"These points cannot train: {error}."
    return None


def count(n: int) -> str:
    """'1 point', '2 points'."""
    return f"{n} point{'' if n == 1 else 's'}"


def _index_at(points: Sequence[DrawnPoint], x1: float, x2: float) -> int | None:
    """The index of the point at (x1, x2), to DECIMALS places, if any."""
    for index, p in enumerate(points):
        if abs(p.x1 - x1) < _TOLERANCE and abs(p.x2 - x2) < _TOLERANCE:
            return index
    return None


def _first(selected: Any) -> Mapping[str, Any]:
    """The first selected tuple of one selection parameter, or {} when it holds none."""
    if isinstance(selected, Sequence) and selected and isinstance(selected[0], Mapping):
        return selected[0]
    return {}


def after_click(
    points: Sequence[DrawnPoint], selection: Mapping[str, Any], label: int
) -> tuple[DrawnPoint, ...]:
    """The drawing after one click on the surface chart, from the selection Streamlit returns
    (``event["selection"]``: CELL's and DOT's selected tuples).

    A click on a drawn point removes it; a click on a cell holding a drawn point removes the
    point nearest the cell's centre; a click on an empty cell adds a point of class `label` at
    its centre. Vega-Lite gives each point selection of a layered chart the clicked datum
    itself, whichever layer drew it, keeping the fields it has: so a click on a point is told
    apart by its DOT tuple carrying a class, and a click on a cell by its CELL tuple carrying
    the cell's far corner (x1_end, x2_end). Anything else (an empty selection) changes nothing.
    """
    dot, cell = _first(selection.get(DOT)), _first(selection.get(CELL))
    try:
        if dot.get("class") is not None:
            index = _index_at(points, float(dot["x1"]), float(dot["x2"]))
            return _without(points, index)
        if cell.get("x1_end") is not None and cell.get("x2_end") is not None:
            corners = [float(cell[k]) for k in ("x1", "x1_end", "x2", "x2_end")]
            return _toggle_cell(points, *corners, label)
    except (KeyError, TypeError, ValueError):  # a tuple without numbers: not a click we know
        pass
    return tuple(points)


def _without(points: Sequence[DrawnPoint], index: int | None) -> tuple[DrawnPoint, ...]:
    return tuple(p for i, p in enumerate(points) if i != index)


def _toggle_cell(
    points: Sequence[DrawnPoint], left: float, right: float, bottom: float, top: float, label: int
) -> tuple[DrawnPoint, ...]:
    """Remove the point in the cell nearest its centre, or add one of `label` at the centre."""
    centre = ((left + right) / 2, (bottom + top) / 2)
    inside = [
        (abs(p.x1 - centre[0]) + abs(p.x2 - centre[1]), i)
        for i, p in enumerate(points)
        if left <= p.x1 <= right and bottom <= p.x2 <= top
    ]
    if inside:
        return _without(points, min(inside)[1])
    low, high = SQUARE
    x1, x2 = (min(max(c, low), high) for c in centre)  # edge cells reach half a cell beyond
    return (*points, point(x1, x2, label))
