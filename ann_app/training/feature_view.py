"""What a training run's input features look like, drawn for its page: a small map of each
feature over the classifier's square, or a small curve of each over the regression's x, with a
line saying what the features compute (x₁² = (x₁ − 0.5)², ...)."""

from __future__ import annotations

import streamlit as st

from ann_app import cached
from ann_app.charts import training_frames, training_plots
from ann_app.shell import ui
from ann_app.training.captions import feature_formulas
from ann_core import TrainingConfig

HEADING = "What each input feature looks like"


def feature_maps(config: TrainingConfig, square: tuple[float, float]) -> None:
    """Each of the classifier's features over `square`, on the hidden-unit maps' grid."""
    maps = cached.feature_maps(config.features, square)
    frame = training_frames.feature_cells_frame(maps.points, maps.outputs, config.features)
    ui.chart(training_plots.feature_maps_chart(frame))
    _formulas(config)


def feature_curves(config: TrainingConfig, csv: bytes | None) -> None:
    """Each of the regression's features over the curve's x (nothing when x is the only one:
    its curve would be the diagonal)."""
    if config.features == ("x",):
        st.caption("The only input is x itself: its curve would be the diagonal.")
        return
    curves = cached.feature_curves(config, csv)
    frame = training_frames.feature_curves_frame(
        curves.points[:, 0], curves.outputs, config.features
    )
    ui.chart(training_plots.feature_curves_chart(frame))
    _formulas(config)


def _formulas(config: TrainingConfig) -> None:
    """A caption with what the features whose label is not their formula compute."""
    if formulas := feature_formulas(config.features):
        st.caption(f"What they compute: {formulas}.")
