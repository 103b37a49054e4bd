"""A training page's state, declared once: its settings, the epoch shown, the points drawn, the
pin and the history, each with its URL key and link format (`parts`; the controls a link hides
are a part of every page's: link.hide_part). A newly opened link is read once into the widgets
and the session (`load`); each run writes the link once, from one `PageState` (`write`): the
scrubber does, when it knows the epoch.

    link --load--> widgets and session --PageState--> charts; PageState --write--> link
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from ann_app.content import drawn_points, history, pin_code
from ann_app.content.drawn_points import DrawnPoint
from ann_app.content.history import Continuation
from ann_app.settings import link
from ann_app.settings.setting import HIDE_KEY, Ignored, Setting
from ann_app.settings.widgets import load_settings
from ann_app.training import drawing, history_view, pin, scrubber


@dataclass(frozen=True)
class PageState:
    """What a training page shows, as its link holds it: the settings' typed record, the epoch
    (None: the run's last), the points drawn (None: not drawing), the pin's link value, the
    history of segments and the controls the link hides (widgets.hidden_of)."""

    values: Any
    epoch: int | None = None
    points: tuple[DrawnPoint, ...] | None = None
    pin: str | None = None
    history: tuple[Continuation, ...] = ()
    hidden: tuple[str, ...] = ()

    def part_values(self) -> dict[str, Any]:
        """Each part's value by its URL key."""
        return {
            scrubber.URL_KEY: self.epoch,
            drawn_points.URL_KEY: self.points,
            pin_code.URL_KEY: self.pin,
            history.URL_KEY: self.history,
            HIDE_KEY: self.hidden,
        }


def parts(settings: Sequence[Setting], task: str, can_draw: bool) -> tuple[link.Part, ...]:
    """The page's link beside its settings: epoch, drawn points (where a page can draw), pin
    and history, each read and written by its own module's format."""
    epoch = scrubber.link_part()
    points = link.Part(
        drawn_points.URL_KEY, None, drawn_points.parse, drawn_points.link_text, "(no drawing)"
    )
    pinned = link.Part(
        pin_code.URL_KEY, None, partial(pin.checked, settings, task), _as_is, "(no pin)"
    )
    continued = link.Part(
        history.URL_KEY,
        (),
        partial(_parse_history, settings),
        partial(_encode_history, settings),
        "(no history)",
    )
    return (epoch, points, pinned, continued) if can_draw else (epoch, pinned, continued)


def _as_is(code: str | None) -> str | None:
    """A pin's link text: the code the session keeps (pin.checked wrote it)."""
    return code


def _parse_history(settings: Sequence[Setting], raw: str) -> tuple[Continuation, ...]:
    return history.parse(raw, settings)


def _encode_history(settings: Sequence[Setting], segments: tuple[Continuation, ...]) -> str | None:
    return history.encode(segments, settings) if segments else None


def load(page: str, settings: Sequence[Setting], task: str, can_draw: bool) -> tuple[Ignored, ...]:
    """Read the page's link when one was opened (`link.opened`) into the widgets (and what it
    hides) and the session; return the link values it could not use."""
    opened = link.opened(page, settings, parts(settings, task, can_draw))
    if opened is None:
        return ()
    load_settings(page, settings, opened)
    scrubber.load(page, opened.parts[scrubber.URL_KEY])
    if can_draw:
        drawing.load(page, opened.parts[drawn_points.URL_KEY])
    pin.load(page, opened.parts[pin_code.URL_KEY])
    history_view.load(page, opened.parts[history.URL_KEY])
    return opened.ignored


def write(page: str, settings: Sequence[Setting], task: str, state: PageState) -> None:
    """Make the page's link hold `state`."""
    table = parts(settings, task, can_draw=True)
    link.write(page, link.encode_link(settings, table, asdict(state.values), state.part_values()))
