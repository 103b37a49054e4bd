"""The parts every training page shares, in the order the page shows them.

`setup` draws the sidebar controls (mirrored in the URL), the preset buttons, the upload, and
returns the trained run for the current settings; `findings` explains in plain words a run that
diverged, stalled, saturated or overfitted (from `ann_core.diagnosis`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace

import streamlit as st

from ann_app import runs
from ann_app.settings import Setting, render_settings, warn_ignored
from ann_app.training_controls import Preset, config_from, matching_preset, preset_buttons
from ann_app.upload import data_upload
from ann_core import TrainingConfig
from ann_core.diagnosis import diagnose
from ann_core.run import Run

ICONS = {
    "diverged": "💥",
    "stalled": "🐌",
    "saturated": "🧊",
    "base_rate": "🎲",
    "overfitting": "📈",
}


@dataclass(frozen=True)
class Setup:
    """What a training page works with: the widget values, the config, uploaded bytes, the run."""

    values: SimpleNamespace
    config: TrainingConfig
    csv: bytes | None
    run: Run


def setup(task: str, page: str, settings: Sequence[Setting], presets: Sequence[Preset]) -> Setup:
    """Controls, presets and upload; the (cached) run. Stops the page on an invalid setting."""
    values, ignored = render_settings(settings, page=page)
    warn_ignored(ignored)
    st.markdown("**Presets** (one click sets every control):")
    preset_buttons(settings, page, presets)
    preset = matching_preset(values, settings, presets)
    if preset is not None and preset.note:
        st.info(f"**{preset.label}.** {preset.note}", icon="📌")
    with st.expander("Your own data (CSV upload)", icon="📄"):
        csv = data_upload(task, page)
    try:
        config = config_from(values, task, custom=csv is not None)
    except ValueError as error:
        st.error(f"These settings cannot train: {error}", icon="🚫")
        st.stop()
    return Setup(values, config, csv, runs.train_run(config, csv))


def findings(run: Run) -> None:
    """Each diagnosis as its own box: an error for divergence, a warning or a note otherwise."""
    for finding in diagnose(run):
        icon = ICONS.get(finding.kind, "ℹ️")
        if finding.kind == "diverged":
            st.error(finding.message, icon=icon)
        elif finding.kind in ("stalled", "saturated", "base_rate"):
            st.warning(finding.message, icon=icon)
        else:
            st.info(finding.message, icon=icon)
