"""A training page's history as link text: the segments a run was continued with, each from an
epoch, for some more epochs, with some training settings changed and some parameters edited.
Pure (no Streamlit), so every malformed link is tested without a page.

The link value `hist=` is versioned: ``v1~50,50,lr:0.5~100,0,p3:0.25`` is two segments. Each
is ``start,epochs`` followed by the training settings it changes (``name:value``, the settings
table's own names and URL encoding, see CHANGEABLE) and its edits (``p<index>:value``, the
parameter at that index of the flat vector `ann_core.network.pack` lays out, set to value
before training on). The first segment starts at an epoch of the run the sidebar describes;
each next one where the one before ends, so only the last may hold 0 epochs (an edit kept
without training). `parse` refuses anything else with a reason in plain words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from ann_app.settings.setting import Setting, encode_value, parse_value
from ann_core.formatting import rate_text

URL_KEY = "hist"
VERSION = "v1"
SEPARATOR = "~"  # between segments (and after the version)
PART_SEPARATOR = ","  # between a segment's parts
NAME_SEPARATOR = ":"  # between a part's name and its value
#: The training settings a segment may change, by the settings table's names, and how a chart
#: label names each (a blank name: the value says it, "full batch").
CHANGEABLE: dict[str, str] = {
    "lr": "η",
    "anneal": "anneal",
    "momentum": "μ",
    "batching": "",
    "batch": "batch",
    "loss": "loss",
    "reg": "penalty",
    "reg_rate": "λ",
}
MAX_SEGMENTS = 10
MAX_EPOCHS = 2_000  # the segments' epochs together
MAX_EDITS = 50  # the segments' edited parameters together
MAX_EDIT = 1_000.0  # an edited parameter's largest size
MAX_INDEX = 9_999  # a parameter index's largest (a network holds far fewer; see `check_sizes`)

_WHOLE = re.compile(r"0|[1-9][0-9]{0,4}")
_EDIT_NAME = re.compile(r"p(0|[1-9][0-9]{0,3})")
_REAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?(e-?[0-9]+)?")


@dataclass(frozen=True)
class Continuation:
    """From epoch `start`, `epochs` more with the settings `changes` (name, value), in
    CHANGEABLE's order, after setting the parameters `edits` (index, value), by index."""

    start: int
    epochs: int
    changes: tuple[tuple[str, Any], ...] = ()
    edits: tuple[tuple[int, float], ...] = ()

    @property
    def end(self) -> int:
        return self.start + self.epochs


def segment(
    start: int,
    epochs: int,
    changes: Mapping[str, Any] | None = None,
    edits: Mapping[int, float] | None = None,
) -> Continuation:
    """A Continuation in canonical order (changes as CHANGEABLE orders them, edits by index)."""
    changes = changes or {}
    if unknown := [name for name in changes if name not in CHANGEABLE]:
        raise ValueError(f"{', '.join(unknown)} cannot change during training")
    return Continuation(
        int(start),
        int(epochs),
        tuple((name, changes[name]) for name in CHANGEABLE if name in changes),
        tuple(sorted((int(i), float(v)) for i, v in (edits or {}).items())),
    )


def check(history: Sequence[Continuation]) -> None:
    """A ValueError unless the segments follow each other within the bounds (see the module)."""
    if len(history) > MAX_SEGMENTS:
        raise ValueError(f"{len(history)} segments; a link holds at most {MAX_SEGMENTS}")
    for number, (before, after) in enumerate(pairwise(history), start=2):
        if after.start != before.end:
            raise ValueError(
                f"segment {number} starts at epoch {after.start}, not where segment "
                f"{number - 1} ends ({before.end})"
            )
    for number, part in enumerate(history, start=1):
        if part.epochs == 0 and (number < len(history) or not part.edits or not part.start):
            raise ValueError(
                f"segment {number} has 0 epochs: only a last one with edits, after epoch 0, may"
            )
        for index, value in part.edits:
            if not abs(value) <= MAX_EDIT:
                raise ValueError(f"segment {number}: p{index}={value:g} is outside ±{MAX_EDIT:g}")
    if (total := sum(part.epochs for part in history)) > MAX_EPOCHS:
        raise ValueError(f"{total} epochs in all; a link holds at most {MAX_EPOCHS}")
    if (edits := sum(len(part.edits) for part in history)) > MAX_EDITS:
        raise ValueError(f"{edits} edited parameters; a link holds at most {MAX_EDITS}")


def check_sizes(history: Sequence[Continuation], n_parameters: int, epochs: int) -> None:
    """A ValueError unless every edit names one of the network's `n_parameters` and the first
    segment starts at one of the base run's `epochs` (0 to epochs)."""
    if history and history[0].start > epochs:
        raise ValueError(
            f"the first segment starts at epoch {history[0].start}, after the run's last ({epochs})"
        )
    for number, part in enumerate(history, start=1):
        for index, _ in part.edits:
            if index >= n_parameters:
                raise ValueError(
                    f"segment {number} edits p{index}; the network has {n_parameters} "
                    f"parameters (p0 to p{n_parameters - 1})"
                )


def encode(history: Sequence[Continuation], settings: Sequence[Setting]) -> str:
    """The link value of `history`; `parse` reads it back. "" for no history."""
    if not history:
        return ""
    check(history)
    table = {s.name: s for s in settings}
    parts = []
    for part in history:
        fields = [str(part.start), str(part.epochs)]
        fields += [f"{n}{NAME_SEPARATOR}{encode_value(table[n], v)}" for n, v in part.changes]
        fields += [f"p{i}{NAME_SEPARATOR}{_real(v)}" for i, v in part.edits]
        parts.append(PART_SEPARATOR.join(fields))
    return SEPARATOR.join((VERSION, *parts))


def _real(value: float) -> str:
    """The shortest text that reads back as `value` exactly (no '+', no '-0')."""
    text = repr(float(value) + 0.0)
    return text[:-2] if text.endswith(".0") else text


def parse(text: str, settings: Sequence[Setting]) -> tuple[Continuation, ...]:
    """The segments of a link value, or a ValueError that says in plain words what is wrong."""
    version, *items = text.split(SEPARATOR)
    if version != VERSION:
        if not version.startswith("v"):
            raise ValueError(f"it does not start with the version ({VERSION})")
        raise ValueError(f"unknown version {version!r} (this app reads {VERSION})")
    if not items:
        raise ValueError("it holds no segment")
    if len(items) > MAX_SEGMENTS:
        raise ValueError(f"{len(items)} segments; a link holds at most {MAX_SEGMENTS}")
    table = {s.name: s for s in settings if s.name in CHANGEABLE}
    history = tuple(_segment(number, item, table) for number, item in enumerate(items, start=1))
    check(history)
    return history


def _segment(number: int, item: str, table: Mapping[str, Setting]) -> Continuation:
    """One segment's text, ``start,epochs[,name:value]...``, read (see `parse`)."""
    fields = item.split(PART_SEPARATOR)
    if len(fields) < 2 or not all(_WHOLE.fullmatch(f) for f in fields[:2]):
        raise ValueError(f"segment {number} ({item!r}) does not start with start,epochs")
    changes: dict[str, Any] = {}
    edits: dict[int, float] = {}
    for field in fields[2:]:
        name, sep, raw = field.partition(NAME_SEPARATOR)
        if not sep:
            raise ValueError(f"segment {number}: {field!r} is not name{NAME_SEPARATOR}value")
        if name in changes or (_EDIT_NAME.fullmatch(name) and int(name[1:]) in edits):
            raise ValueError(f"segment {number} sets {name} twice")
        if match := _EDIT_NAME.fullmatch(name):
            if not _REAL.fullmatch(raw):
                raise ValueError(f"segment {number}: {name}={raw!r} is not a number")
            edits[int(match.group(1))] = float(raw)
        elif name in table:
            try:
                changes[name] = parse_value(table[name], raw)
            except ValueError as error:
                raise ValueError(f"segment {number}: {name}={raw!r} is {error}") from None
        else:
            raise ValueError(
                f"segment {number}: {name!r} is not a training setting "
                f"({', '.join(table)}) or an edit (p<index>)"
            )
    return segment(int(fields[0]), int(fields[1]), changes, edits)


def appended(history: Sequence[Continuation], new: Continuation) -> tuple[Continuation, ...]:
    """`history` continued by `new`: the segments that start before it, the one it starts in
    cut short where it starts (a last edit-only segment at its start joins it, the edits
    before `new`'s own), then `new`. Before the first segment it replaces them all."""
    kept: list[Continuation] = []
    for part in history:
        if part.start < new.start:
            kept.append(replace(part, epochs=min(part.epochs, new.start - part.start)))
        elif part.start == new.start and part.epochs == 0:  # an edit kept at this epoch
            new = segment(
                new.start, new.epochs, dict(new.changes), {**dict(part.edits), **dict(new.edits)}
            )
    return (*kept, new)


def values_at(base: Any, history: Sequence[Continuation], index: int) -> Any:
    """The page's settings record (see setting.values_type) that segment `index` trains with:
    the sidebar's `base`, changed by every segment up to it."""
    values = base
    for part in history[: index + 1]:
        values = replace(values, **dict(part.changes))
    return values


def label(
    before: Any, part: Continuation, settings: Sequence[Setting], rate: float | None = None
) -> str:
    """A chart's short note of what `part` changes from the settings `before`: "η 2 → 0.5",
    "3 parameters edited", or "same settings". Given `rate`, the rate in force where `part`
    starts (annealed), a new learning rate is said from it, "η 0.154 → 0.5": from the
    learning_rate the schedule started at, 2, a rise would read as a fall."""
    table = {s.name: s for s in settings}
    notes = []
    for name, value in part.changes:
        old = getattr(before, name)
        if old != value:
            shown = table[name].display if table[name].kind == "choice" else _short
            if name == "lr":  # as every rate is written; from the rate in force when given
                shown, old = rate_text, old if rate is None else rate
            notes.append(f"{CHANGEABLE[name]} {shown(old)} → {shown(value)}".strip())
    if part.edits:
        count = len(part.edits)
        notes.append(f"{count} {'parameter' if count == 1 else 'parameters'} edited")
    return "; ".join(notes) or "same settings"


def _short(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
