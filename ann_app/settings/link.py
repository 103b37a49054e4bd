"""A page's link: its state read from the URL once, when the URL is a link just opened, and
written back once a run. The one rule for "is this URL new" lives here (`opened`).

A page declares its state as a table, in the spirit of TensorFlow Playground's state.ts: its
settings (`Setting`, setting.py) and any other `Part` it keeps in its link (an epoch, drawn
points, a pin, a history), each with its URL key, default and link format. Every page's link
also holds the controls it hides (`hide=`, the part `hide_part`: one entry, read and written
with the others). `parse_link` reads a URL into one `Link` (every value valid; what was not, as
`Ignored`); `encode_link` writes the values back. Both are pure; `opened` and `write` are the
Streamlit side.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import streamlit as st

from ann_app.settings.setting import (
    HIDE_ALL,
    HIDE_KEY,
    Ignored,
    Setting,
    encode_params,
    last_value,
    parse_hide,
    parse_params,
)
from ann_app.shell import arrival, presenter

SHOWN_RAW = 80  # characters of a bad link value quoted in a warning


@dataclass(frozen=True)
class Part:
    """One value a page keeps in its link beside its settings: its URL key, its value when the
    link has none, how to read it (a ValueError says why not) and write it (None: left out of
    the link), and how a warning names the default it falls back to."""

    name: str
    default: Any
    parse: Callable[[str], Any]
    encode: Callable[[Any], str | None]
    fallback: str  # e.g. "(no drawing)"


class PartlyRead(ValueError):
    """A link value of which only some could be used: `value`, and (the message) why not the
    rest."""

    def __init__(self, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.value = value


@dataclass(frozen=True)
class Link:
    """What a URL says of a page: every setting's value, every part's, what was not used, and
    whether it is the page's first link in this session (its widgets hold nothing yet)."""

    values: dict[str, Any]
    parts: dict[str, Any]
    ignored: tuple[Ignored, ...] = ()
    first: bool = False


def quoted(raw: str) -> str:
    """A link value as a warning quotes it: cut to SHOWN_RAW characters."""
    return raw if len(raw) <= SHOWN_RAW else raw[: SHOWN_RAW - 1] + "…"


def hide_part(settings: Sequence[Setting]) -> Part:
    """The controls a link hides, `hide=lr,noise` (HIDE_ALL: every control in the sidebar), as
    a tuple of setting names; keys no setting has are reported, the rest still hidden."""
    return Part(
        HIDE_KEY, (), partial(_parse_hide, tuple(settings)), _encode_hide, "(nothing hidden)"
    )


def _parse_hide(settings: tuple[Setting, ...], raw: str) -> tuple[str, ...]:
    hidden, unknown = parse_hide(settings, raw)
    if not unknown:
        return hidden
    keys = ", ".join((*(s.name for s in settings), HIDE_ALL))
    reason = f"no control on this page has the key {', '.join(unknown)} (its keys: {keys})"
    if not hidden:
        raise ValueError(reason)
    raise PartlyRead(hidden, f"{reason}; the others are hidden")


def _encode_hide(hidden: tuple[str, ...]) -> str | None:
    return ",".join(hidden) or None


def page_parts(settings: Sequence[Setting], parts: Sequence[Part]) -> tuple[Part, ...]:
    """Every part of a page's link beside its settings: the page's own, then `hide_part`."""
    return (*parts, hide_part(settings))


def parse_link(
    settings: Sequence[Setting],
    parts: Sequence[Part],
    params: Mapping[str, str | Sequence[str]],
    first: bool = False,
) -> Link:
    """Read URL parameters into a Link: each setting and part (and `hide_part`) valid, or its
    default with the reason in `ignored`."""
    parsed = parse_params(settings, params)
    values, ignored = {}, list(parsed.ignored)
    for part in page_parts(settings, parts):
        raw = None if part.name not in params else last_value(params[part.name])
        values[part.name] = part.default
        if raw is not None:
            try:
                values[part.name] = part.parse(raw)
            except PartlyRead as error:
                values[part.name] = error.value
                ignored.append(Ignored(part.name, quoted(raw), str(error)))
            except ValueError as error:
                ignored.append(Ignored(part.name, quoted(raw), str(error), part.fallback))
    return Link(parsed.values, values, tuple(ignored), first)


def encode_link(
    settings: Sequence[Setting],
    parts: Sequence[Part],
    values: Mapping[str, Any],
    part_values: Mapping[str, Any],
) -> dict[str, str]:
    """The URL parameters of a page's state: every setting, then each part (and `hide_part`,
    whose value `part_values` holds under HIDE_KEY) that has a text."""
    params = encode_params(settings, values)
    for part in page_parts(settings, parts):
        text = part.encode(part_values[part.name])
        if text is not None:
            params[part.name] = text
    return params


def _written_key(page: str) -> str:
    return f"{page}.__url__"


def _params() -> dict[str, list[str]]:
    """This run's URL parameters, but the presenter view's (a view, not part of a page's state)."""
    return {k: st.query_params.get_all(k) for k in st.query_params if k != presenter.URL_KEY}


def opened(page: str, settings: Sequence[Setting], parts: Sequence[Part] = ()) -> Link | None:
    """The page's state from this run's URL, when that URL is a link to read, else None.

    A URL is read on the page's first run in the session, and when it can be new (the page
    just opened, or Back or Forward sent it: see shell/arrival.py) and names other values than
    the page wrote last. A URL that names none of the page's keys (empty, after a switch
    through the menu, or another page's) changes nothing; on every
    other run the widgets and the session own the state (a rerun's URL can be older than they
    are).
    """
    params = _params()
    written = st.session_state.get(_written_key(page))
    first = written is None
    known = {p.name for p in page_parts(settings, parts)}
    for s in settings:
        known.update((s.name, *s.aliases))
    ours = {k: v for k, v in _flat(params).items() if k in known}
    new = arrival.url_is_new() and bool(ours) and _flat(params) != written
    arrival.mark_read()
    if not (first or new):
        return None
    st.session_state[_written_key(page)] = _flat(params)  # read: a rerun does not read it again
    return parse_link(settings, parts, params, first=first)


def _flat(params: Mapping[str, Sequence[str]]) -> dict[str, str]:
    return {k: last_value(v) for k, v in params.items()}


def write(page: str, params: Mapping[str, str]) -> None:
    """Make the URL hold `params` (and the presenter view's), and note them as the page's own."""
    url = {**params, **presenter.url_params()}
    if st.query_params.to_dict() != url:
        st.query_params.from_dict(url)
    st.session_state[_written_key(page)] = dict(params)
