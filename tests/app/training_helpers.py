"""Helpers for the Classification and Regression AppTests: charted data, downloads, settings."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import PurePosixPath
from types import SimpleNamespace
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit import dataframe_util
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

import ann_core
from ann_app.content.training_tables import Preset
from ann_app.settings.setting import Setting
from ann_app.training.config import config_from, preset_values
from ann_app.training.page import preset_key
from ann_app.training.upload import uploader_key
from ann_core import TrainingConfig


def chart_frames(at) -> list[pd.DataFrame]:
    """Every dataset of every Altair chart on the page, as DataFrames."""
    return [
        dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data)
        for chart in at.get("vega_lite_chart")
        for d in chart.proto.datasets
    ]


def chart_title(spec: dict) -> object:
    """A chart's title (its spec's); a surface's, the one it has while no hidden unit is pointed
    at (its title is an expression that names the unit pointed at, else this one: see
    training_plots.SHOWN_UNIT_PARAM)."""
    title = spec.get("title", "")
    if isinstance(title, dict) and isinstance(title.get("text"), dict):
        return json.loads(title["text"]["expr"].rsplit(" : ", 1)[1])
    return title


def drawn_at(frame: pd.DataFrame, field: str, epoch: int) -> pd.Series:
    """What a chart's `field` shows at `epoch`: its frame's column for that epoch when it
    carries every epoch (training_plots.Animation: the browser draws the slider's), else the
    field itself (a chart of one epoch, e.g. with an edit of the weights)."""
    return frame[field] if field in frame.columns else frame[f"{field}_{epoch}"]


def cell_centres(cells: pd.DataFrame) -> np.ndarray:
    """The centres (x1, x2) of a surface chart's cells."""
    return np.column_stack([cells["x1"] + cells["x1_end"], cells["x2"] + cells["x2_end"]]) / 2


def player_data(at) -> dict:
    """What the page sent its player component (training/player.py): epoch, last, disabled..."""
    (player,) = [c for c in at.get("bidi_component") if c.proto.component_name.endswith("player")]
    return json.loads(player.proto.json)


def charted_loss(at) -> pd.DataFrame:
    """The loss chart's data (columns set, epoch, loss, summed)."""
    frames = [f for f in chart_frames(at) if "summed" in f.columns]
    assert frames, "no loss chart on the page"
    return frames[0]


#: The sections below a training page's first screen, drawn when opened (`ui.section`).
SECTIONS = ("features_open", "units_open", "network_open")


def open_sections(at) -> None:
    """Open the training page's sections below the first screen (input features, hidden units,
    the network), as a student does, and run the page; a no-op when they are open."""
    keys = [f"{page}.{name}" for page in ("classification", "regression") for name in SECTIONS]
    if all(key in at.session_state and at.session_state[key] for key in keys):
        return
    for key in keys:
        at.session_state[key] = True
    at.run()


def charted_features(at) -> pd.DataFrame | None:
    """The input features' chart data (a feature column per row), or None without that chart;
    its section opened first."""
    open_sections(at)
    return next((f for f in chart_frames(at) if "feature" in f.columns), None)


def diagram_inputs(at) -> list[str]:
    """The labels of the network picture's input units (the page has one picture, its units
    frame the only one with a sign per unit); its section opened first."""
    open_sections(at)
    (units,) = (f for f in chart_frames(at) if {"unit", "kind", "sign"} <= set(f.columns))
    return units.loc[units["kind"] == "input", "unit"].tolist()


def preset_picker(at, page: str):
    """The page's preset picker, whichever preset it shows (its key names it: `preset_key`)."""
    (picker,) = (s for s in at.selectbox if (s.key or "").startswith(preset_key(page, "")))
    return picker


def choose_preset(at, page: str, preset: Preset):
    """Choose `preset` in the page's picker and run the page."""
    preset_picker(at, page).set_value(preset.label).run()
    assert not at.exception
    return at


def captions_text(at) -> str:
    return "\n".join(c.value for c in at.caption)


def preset_config(settings: Sequence[Setting], preset: Preset, task: str) -> TrainingConfig:
    """The TrainingConfig a preset describes (its values, the rest at their defaults)."""
    return config_from(SimpleNamespace(**preset_values(settings, preset)), task)


class RecordingStorage(MemoryMediaFileStorage):
    """The media storage AppTest uses, remembered so a test can read a download's bytes."""

    instances: ClassVar[list[MemoryMediaFileStorage]] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        RecordingStorage.instances.append(self)


def download_reader(monkeypatch: pytest.MonkeyPatch):
    """A function from a download button to its bytes.

    A button with bytes keeps them in AppTest's media storage (recorded here); a deferred one
    (a callable as `data`) registers its callable with the media file manager, recorded here
    under the id the button carries and called when read, as a click would.
    """
    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", RecordingStorage)
    RecordingStorage.instances.clear()
    deferred: dict[str, Callable[[], bytes | str]] = {}
    register = MediaFileManager.add_deferred

    def recording_add_deferred(self, data_callable, *args, **kwargs) -> str:
        file_id = register(self, data_callable, *args, **kwargs)
        deferred[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_add_deferred)

    def read(button) -> bytes:
        if button.proto.deferred_file_id:
            data = deferred[button.proto.deferred_file_id]()
            return data.encode() if isinstance(data, str) else bytes(data)
        name = PurePosixPath(button.proto.url).name
        for storage in reversed(RecordingStorage.instances):
            try:
                return bytes(storage.get_file(name).content)
            except MediaFileStorageError:  # not in this run's storage; try an earlier one
                continue
        raise AssertionError(f"download {button.proto.label!r} not found in media storage")

    return read


def download(at, key: str):
    """The download button with widget key `key`."""
    for button in at.get("download_button"):
        if button.proto.id.endswith(key):
            return button
    raise AssertionError(f"no download button {key!r}")


def count_training_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Empty every st.cache_data cache and record each call to `ann_core.train` from now on
    (the cached wrappers look it up at call time): the list grows by one per training."""
    calls: list[tuple] = []
    real = ann_core.train

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(ann_core, "train", counting)
    st.cache_data.clear()
    return calls


def upload(at, page: str, raw: bytes):
    """Upload `raw` as a CSV file through the page's own file uploader, and rerun."""
    at.file_uploader(key=uploader_key(page)).set_value(("data.csv", raw, "text/csv"))
    return at.run()
