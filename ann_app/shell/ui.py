"""Small Streamlit helpers shared by the pages: charts at full width and "show the code"."""

from __future__ import annotations

import base64
import hashlib
import html
import inspect
import threading
from collections.abc import Callable
from typing import Any

import altair as alt
import streamlit as st
from streamlit import dataframe_util

from ann_app.shell import presenter

# Vega draws on a canvas, not as SVG: a surface of 1,681 cells is one bitmap instead of 1,681
# DOM nodes, several times cheaper for the browser to draw on every rerun (a class of 30 on one
# machine, or a student's old laptop). Streamlit itself switches to canvas only above 2,000 rows.
CANVAS = {"embedOptions": {"renderer": "canvas"}}


def without_aria(figure: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """`figure` without Vega-Lite's ARIA descriptions, which only SVG output carries.

    By default Vega-Lite gives every mark a description ("x₁: 0.25; output: 0.93"), computed
    for each datum in the browser by Vega's expression interpreter (Streamlit's, safe under a
    strict content policy, and slow). On a canvas nobody can read them, and on the
    Classification page they were about a sixth of Vega's time on a first visit. Streamlit
    turns them off itself only above 5,000 marks. Other settings of `figure` stay.
    """
    copy = figure.copy(deep=["config"])
    if copy.config is alt.Undefined:
        copy.config = alt.Config()
    copy.config["aria"] = False
    return copy


def chart(
    figure: alt.TopLevelMixin,
    *,
    key: str | None = None,
    on_select: Callable[[], None] | None = None,
) -> None:
    """Show an Altair chart across its column, with Streamlit's theme (and larger labels in
    the presenter view), drawn on a canvas (`without_aria`). With `on_select` (and a `key`), a
    click on the chart calls it, its selections then in st.session_state[key] (as
    st.altair_chart's would be).
    """
    st.vega_lite_chart(
        vega_lite_spec(without_aria(presenter.style_chart(figure)).properties(usermeta=CANVAS)),
        width="stretch",
        key=key,
        on_select=on_select or "ignore",
    )


def section(title: str, key: str) -> Any:
    """A section below the first screen, drawn when opened: a closed expander whose contents
    the page runs only while it is open (Streamlit's on_change="rerun"; `.open` says whether),
    so a page and each scrubbed epoch draw only what the student looks at."""
    return st.expander(title, key=key, on_change="rerun")


# Altair's data transformers and themes are process-wide settings: one conversion at a time.
_CONVERTING = threading.Lock()


def _arrow_dataset(data: Any, datasets: dict[str, bytes]) -> dict[str, str]:
    """Altair data transformer: the data as Arrow bytes in `datasets`, named by their hash."""
    payload = dataframe_util.convert_anything_to_arrow_bytes(data)
    name = "data-" + hashlib.sha256(payload).hexdigest()[:32]
    datasets[name] = payload
    return {"name": name}


alt.data_transformers.register("gentle_ann_arrow", _arrow_dataset)


def vega_lite_spec(figure: alt.TopLevelMixin) -> dict[str, Any]:
    """`figure` as a Vega-Lite spec, its data as Arrow datasets, without Altair's default theme
    (as st.altair_chart converts it), and not validated against the Vega-Lite schema.

    Altair checks every spec against the whole JSON schema when it converts it. On the
    Classification page that check was about a fifth of a rerun's time on the server (0.70 to
    0.78 s with it, 0.55 to 0.59 s without, in AppTest), and a class of 30 makes thousands of
    reruns. The charts are built by tested functions (charts/training_plots.py and the rest),
    whose specs the tests check against the schema instead (test_chart_options.py)."""
    datasets: dict[str, bytes] = {}
    with (
        _CONVERTING,
        alt.theme.enable("none"),
        alt.data_transformers.enable("gentle_ann_arrow", datasets=datasets),
    ):
        spec = figure.to_dict(validate=False)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def inline_image(png: bytes, alt: str) -> None:
    """Show PNG bytes inside the page itself (a data URL) rather than as a media file.

    A media file is replaced on the next rerun: a browser that is a rerun behind (a busy
    laptop, a class on one server) then asks for a file already deleted and shows a broken
    image. A data URL travels with the page and cannot go missing. It goes out as HTML, not
    through `st.image`: `st.image` checks a string with `urllib.parse.urlsplit`, whose cache
    (128 entries) would keep every image shown, a third of a megabyte each, for the server's
    lifetime (in a class of 30, most of the server's memory growth).
    """
    url = f"data:image/png;base64,{base64.b64encode(png).decode('ascii')}"
    st.html(f'<img src="{html.escape(url)}" alt="{html.escape(alt)}" style="width: 100%">')


def show_code(*functions: Callable[..., Any], label: str = "Show the code") -> None:
    """An expander with the source of the `ann_core` functions behind a chart."""
    with st.expander(label, icon="🧾"):
        for function in functions:
            st.caption(f"`{function.__module__}.{function.__qualname__}`")
            st.code(inspect.getsource(function), language="python")
