"""Downloads of a training run, shared by the Classification and Regression pages.

A GIF of the training (charts/animation.py, made and cached by `cached.training_gif`), the
history as CSV and the parameters of every epoch as JSON that `ann_core.serialize.loads` reads
back into a Run.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from ann_app import cached
from ann_app.charts.training_frames import history_frame
from ann_core import TrainingConfig, serialize
from ann_core.continuation import Stage


def history_csv(
    config: TrainingConfig, csv: bytes | None = None, stages: tuple[Stage, ...] = ()
) -> bytes:
    """The run's loss and accuracy per epoch as CSV."""
    run = cached.train_run(config, csv, stages)
    return history_frame(run).to_csv(index=False).encode()


def run_json(
    config: TrainingConfig, csv: bytes | None = None, stages: tuple[Stage, ...] = ()
) -> bytes:
    """The whole run (every epoch's weights, the data, the settings of each of its segments)
    as JSON."""
    return serialize.dumps(cached.train_run(config, csv, stages)).encode()


def export_buttons(
    config: TrainingConfig, csv: bytes | None, name: str, stages: tuple[Stage, ...] = ()
) -> None:
    """Three download buttons whose bytes are made only when clicked (of the run continued
    by `stages`, the page's history).

    Deferred (a callable as `data`) rather than made on every rerun: a rerun then stores no
    media file, so a page that lags a rerun behind never asks for a file already replaced
    (Streamlit's "source error 404"), and a slider move does not serialise the whole run.
    """
    downloads = (
        ("Download the GIF", cached.training_gif, "training.gif", "image/gif", "gif", None),
        ("Download the history (CSV)", history_csv, "history.csv", "text/csv", "csv", None),
        (
            "Download the run (JSON)",
            run_json,
            "run.json",
            "application/json",
            "json",
            "Every epoch's weights, the data and the settings; ann_core.serialize.loads "
            "reads it back.",
        ),
    )
    for column, (label, make, file, mime, kind, help_text) in zip(
        st.columns(len(downloads)), downloads, strict=True
    ):
        column.download_button(
            label,
            partial(make, config, csv, stages),
            file_name=f"{name}-{file}",
            mime=mime,
            key=f"{name}.{kind}_download",
            help=help_text,
            on_click="ignore",  # downloading changes nothing on the page: no rerun
        )
