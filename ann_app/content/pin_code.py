"""A pinned run as one compact link value (`pin=`): its settings, then its history if it has
one, and what differs from it. Pure, no Streamlit (the page's part is training/pin.py).

The value holds only the settings that differ from their defaults, each as its URL text
(`setting.encode_value`, read back by the table's own `parse_value`), after a version:
``v1~lr.0.5~h1.8~features.x1.x2`` pins η 0.5, 8 units and the features x1 and x2 (a
multichoice's options joined by "."). Only characters a URL keeps as they are: letters, digits
and ``- . _ ~``. `parse` refuses anything else with a reason in plain words. A pinned run
that was continued or edited adds its history after a "!", in the history's own link format
(content/history.py): ``v1~lr.0.5!v1~50,50,lr:0.25`` (`encode_pin`, `parse_pin`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ann_app.content import history
from ann_app.settings.setting import Setting, encode_value, parse_value
from ann_core.formatting import rate_text

URL_KEY = "pin"
VERSION = "v1"
SEPARATOR = "~"  # between entries (and after the version)
NAME_END = "."  # between a setting's name and its value (names are letters, digits and _)
OPTION_SEPARATOR = "."  # between a multichoice's options (a URL would escape the ",")
MAX_LENGTH = 600  # characters: every setting of a training page off its default fits
HISTORY_MARK = "!"  # between the pinned settings and the pinned history
_SAFE = re.compile(r"[A-Za-z0-9._~-]*")


def _text(setting: Setting, value: Any) -> str:
    """`value`'s text in a pin: its URL text, a multichoice's options joined by "."."""
    text = encode_value(setting, value)
    return text.replace(",", OPTION_SEPARATOR) if setting.kind == "multichoice" else text


def encode(settings: Sequence[Setting], values: Mapping[str, Any]) -> str:
    """The pin of `values` (one valid value per setting of `settings`); `parse` reads it back."""
    entries = [
        f"{s.name}{NAME_END}{_text(s, values[s.name])}"
        for s in settings
        if _text(s, values[s.name]) != _text(s, s.default)
    ]
    code = SEPARATOR.join((VERSION, *entries))
    if not _SAFE.fullmatch(code):  # an option with a character a URL escapes: a table's error
        raise ValueError(f"{code!r} holds a character a link would escape")
    return code


def parse(settings: Sequence[Setting], text: str) -> dict[str, Any]:
    """Every setting's value under the pin `text` (the default where it names none), or a
    ValueError that says in plain words what is wrong."""
    if len(text) > MAX_LENGTH:
        raise ValueError(f"it is longer than {MAX_LENGTH} characters")
    if not _SAFE.fullmatch(text):
        raise ValueError("it holds characters other than letters, digits, -, ., _ and ~")
    version, *entries = text.split(SEPARATOR)
    if version != VERSION:
        if not version.startswith("v"):
            raise ValueError(f"it does not start with the version ({VERSION})")
        raise ValueError(f"unknown version {version!r} (this app reads {VERSION})")
    by_name = {s.name: s for s in settings}
    values = {s.name: s.default for s in settings}
    seen: set[str] = set()
    for entry in entries:
        name, end, raw = entry.partition(NAME_END)
        if not end or not name:
            raise ValueError(f"{entry!r} is not setting{NAME_END}value")
        if name not in by_name:
            raise ValueError(f"unknown setting {name!r}")
        if name in seen:
            raise ValueError(f"{name} appears twice")
        seen.add(name)
        setting = by_name[name]
        if setting.kind == "multichoice":
            raw = raw.replace(OPTION_SEPARATOR, ",")
        try:
            values[name] = parse_value(setting, raw)
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from None
    return values


@dataclass(frozen=True)
class Pin:
    """A pinned run: every run setting's value, and the history it was continued with."""

    values: Mapping[str, Any]
    history: tuple[history.Continuation, ...] = ()


def encode_pin(settings: Sequence[Setting], pin: Pin) -> str:
    """The link value of `pin`: its settings' code, then "!" and its history, if any."""
    code = encode(settings, pin.values)
    if pin.history:
        code += HISTORY_MARK + history.encode(pin.history, settings)
    return code


def parse_pin(settings: Sequence[Setting], text: str) -> Pin:
    """The pin a link value holds, or a ValueError that says in plain words what is wrong."""
    code, mark, hist = text.partition(HISTORY_MARK)
    values = parse(settings, code)
    if not mark:
        return Pin(values)
    try:
        return Pin(values, history.parse(hist, settings))
    except ValueError as error:
        raise ValueError(f"its history: {error}") from None


def differences(
    settings: Sequence[Setting], pinned: Mapping[str, Any], current: Mapping[str, Any]
) -> tuple[Setting, ...]:
    """The settings whose pinned value differs from the current one, leaving out a setting
    that means nothing under both (see Setting.needs: a second layer's units without one)."""

    def active(s: Setting, values: Mapping[str, Any]) -> bool:
        return s.needs is None or values[s.needs[0]] >= s.needs[1]

    return tuple(
        s
        for s in settings
        if pinned[s.name] != current[s.name] and (active(s, pinned) or active(s, current))
    )


def shown(setting: Setting, value: Any) -> str:
    """A value as a student reads it: `label = value`, with the options' display names."""
    if setting.name == "lr":  # as every learning rate is written: 0.00001, not 1e-05
        text = rate_text(value)
    elif setting.kind == "float":
        text = f"{value:g}"
    elif setting.kind == "multichoice":
        text = ", ".join(setting.display(v) for v in value) or "none"
    elif setting.kind == "bool":
        text = "on" if value else "off"
    else:
        text = setting.display(str(value))
    return f"{setting.label} = {text}"
