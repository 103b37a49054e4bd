"""Helpers for the app tests: open a page of the real app in AppTest, find a widget.

A plain module, not conftest.py, so `from app_helpers import ...` cannot pick up another
folder's conftest.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from streamlit.testing.v1 import AppTest

from ann_app.settings.setting import Setting
from ann_app.settings.widgets import more_key, widget_key

APP = "../../streamlit_app.py"  # AppTest resolves this against this folder
TIMEOUT = 30

# page script -> the prefix its widget keys use
PAGES = {
    "app_pages/home.py": "home",
    "app_pages/activations.py": "activations",
    "app_pages/error_surfaces.py": "error_surfaces",
    "app_pages/backpropagation.py": "backpropagation",
}


def open_page(
    path: str = "app_pages/home.py",
    params: Mapping[str, str] | None = None,
    context: Mapping[str, Any] | None = None,
) -> AppTest:
    """Run the app as if a browser opened `path` with `params` in its URL (and told the app
    `context`, what st.context reads: its address, for example)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.context.update(context or {})
    if path == "app_pages/home.py":
        at.query_params.update(params or {})
        return at.run()
    at.run()  # the router's first run lands on Home, as a fresh session does
    at.query_params.clear()  # a real browser clears them on a page switch
    at.query_params.update(params or {})
    return at.switch_page(path).run()


def widget(at: AppTest, page: str, setting: Setting) -> Any:
    """The AppTest widget that shows `setting` on `page`; an advanced setting's after opening
    the sidebar's More settings, as a student does (closed, it is not drawn)."""
    key = widget_key(page, setting)
    if setting.advanced and not (
        more_key(page) in at.session_state and at.session_state[more_key(page)]
    ):
        at.session_state[more_key(page)] = True
        at.run()
    finders = {
        "slider": at.slider,
        "number": at.number_input,
        "selectbox": at.selectbox,
        "radio": at.radio,
        "segmented": at.segmented_control,
        "multiselect": at.multiselect,
        "pills": at.pills,
        "toggle": at.toggle,
        "checkbox": at.checkbox,
    }
    return finders[setting.widget_name](key=key)


def warnings_text(at: AppTest) -> str:
    return "\n".join(str(w.value) for w in at.warning)
