"""Small Streamlit helpers shared by the pages: charts at full width and "show the code"."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import altair as alt
import streamlit as st

from ann_app import presenter


def chart(figure: alt.TopLevelMixin) -> None:
    """Show an Altair chart across its column, with Streamlit's theme (and larger labels in
    the presenter view)."""
    st.altair_chart(presenter.style_chart(figure), width="stretch")


def show_code(*functions: Callable[..., Any], label: str = "Show the code") -> None:
    """An expander with the source of the `ann_core` functions behind a chart."""
    with st.expander(label, icon="🧾"):
        for function in functions:
            st.caption(f"`{function.__module__}.{function.__qualname__}`")
            st.code(inspect.getsource(function), language="python")
