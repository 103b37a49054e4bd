"""The Autoencoders page's link: its settings, the epoch the slider shows (`epoch=`, none at the
run's last) and the controls it hides (`hide=`). A newly opened link is read once into the
widgets (`load`); the epoch slider's fragment writes the link each time it runs (`publish`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from ann_app.settings import link
from ann_app.settings.setting import HIDE_KEY, Ignored, Setting
from ann_app.settings.widgets import hidden_of, load_settings
from ann_app.training import scrubber


def load(page: str, settings: Sequence[Setting]) -> tuple[Ignored, ...]:
    """Read the page's link when one was opened into the widgets and the epoch slider; return
    the link values it could not use."""
    opened = link.opened(page, settings, (scrubber.link_part(),))
    if opened is None:
        return ()
    load_settings(page, settings, opened)
    scrubber.load(page, opened.parts[scrubber.URL_KEY])
    return opened.ignored


def publish(page: str, settings: Sequence[Setting], values: Any, epoch: int | None) -> None:
    """Make the page's link hold `values` (the settings' typed record) and `epoch`."""
    parts = {scrubber.URL_KEY: epoch, HIDE_KEY: hidden_of(page)}
    link.write(page, link.encode_link(settings, (scrubber.link_part(),), asdict(values), parts))
