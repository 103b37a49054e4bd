"""Your own data: the CSV upload shared by the Classification and Regression pages.

`data_upload` draws the uploader, the template download and the error message, and returns
the accepted bytes (the cache key of the training run) or None; the format and its checks are
in content/csv_format.py.
"""

from __future__ import annotations

import streamlit as st

from ann_app.content.csv_format import COLUMNS, parse_csv, template_csv


def uploader_key(page: str) -> str:
    """The session-state key of `page`'s file uploader."""
    return f"{page}.upload"


def data_upload(task: str, page: str) -> bytes | None:
    """The uploader and its template; the accepted file's bytes, or None (built-in data).

    A malformed file gets an st.error naming the problem, and the page keeps its built-in data.
    """
    left, right = st.columns([3, 1])
    uploaded = left.file_uploader(
        f"A CSV with columns {', '.join(COLUMNS[task])}",
        type=["csv"],
        key=uploader_key(page),
        help="Train on your own points instead of the data set chosen in the sidebar.",
    )
    right.download_button(
        "Download a template",
        template_csv(task),
        file_name=f"gentle-ann-{task}-template.csv",
        mime="text/csv",
        key=f"{page}.template",
    )
    if uploaded is None:
        return None
    raw = uploaded.getvalue()
    try:
        X, _ = parse_csv(raw, task)
    except ValueError as error:
        st.error(
            f"**Your file was not used:** {error}. The page keeps the built-in data.", icon="📄"
        )
        return None
    st.success(f"Training on your {len(X)} rows (the data-set controls are ignored).", icon="📄")
    return raw
