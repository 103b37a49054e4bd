"""The Autoencoders page's comparison: one deep network trained from many seeds, each from a
random, a pretrained and a scaled start (ann_core.start_trials), drawn only while its switch is
on (the training takes seconds; cached.start_trials keeps it for the next student)."""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

from ann_app import cached
from ann_app.autoencoders.config import deep_config, pretraining_of
from ann_app.charts import autoencoder_frames, autoencoder_plots
from ann_app.content.autoencoder_text import distance, starts_findings
from ann_app.shell import ui
from ann_core.formatting import number


def results(values: Any) -> None:
    """What the comparison of the settings' `values` found: a table, the findings in words and
    every run's loss curve, one panel per start."""
    config = deep_config(values)
    trials = cached.start_trials(config, pretraining_of(values), values.seeds)
    summary = autoencoder_frames.starts_summary(trials)
    rows = "".join(
        f"\n| {row.start} | {row.reached} of {len(trials.seeds)} | "
        f"{'–' if math.isnan(row.median_epoch) else f'{row.median_epoch:g}'} | "
        f"{distance(row.weight_size)} | "
        f"{'–' if math.isnan(row.final_loss) else number(row.final_loss, 4)} | {row.diverged} |"
        for row in summary.itertuples()
    )
    st.markdown(
        f"| start | reach {trials.goal:.0%} | median epoch to it | mean \\|w\\| at the start | "
        "median loss per sample at the end | diverged |\n|:--|:-:|:-:|:-:|:-:|:-:|" + rows
    )
    st.markdown("\n".join(f"- {finding}" for finding in starts_findings(trials, config.epochs)))
    ui.chart(autoencoder_plots.starts_loss_chart(autoencoder_frames.starts_loss_frame(trials)))
    st.caption(
        f"Each line is one seed's run ({trials.seeds[0]} to {trials.seeds[-1]}): the same data "
        "and output layer, only the hidden layers' starting weights differ."
    )
