"""Whether the URL a run was sent may hold values the page has not read yet.

The browser sends its URL with every rerun, and that URL can be behind: a second quick press on
a slider (or a scrub just after "Continue training") leaves before the first one's rerun has
rewritten the URL. Read on every run, that older URL would look like a newly opened link and put
the older values back. So a page reads its URL only when the URL can be new: on the first run
after another page (a new session, a Lesson step's link, the menu) and when the browser's Back
or Forward opens it; on every other run the page's widgets and session own the values, and the
page only writes the URL.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_PAGE = "__arrival_page__"  # the page the last run showed
_UNREAD = "__arrival_unread__"  # this page's URL has not been read since it opened


def arrive(page: str) -> None:
    """Note the page this run shows; the router calls it before the page runs. A page other
    than the last run's opens with its URL unread (until `mark_read`, even if this run is cut
    short by the next)."""
    if st.session_state.get(_PAGE) != page:
        st.session_state[_UNREAD] = True
    st.session_state[_PAGE] = page


def url_is_new() -> bool:
    """Whether this run's URL may be a link the page has not read: the page has just opened
    (or no page has been noted yet, as in a session's first run), or Back or Forward sent it."""
    return bool(st.session_state.get(_UNREAD, True)) or _history_navigation()


def mark_read() -> None:
    """The page has taken what it needs from its URL (settings.render_settings calls it)."""
    st.session_state[_UNREAD] = False


def _history_navigation() -> bool:
    """Whether the browser's Back or Forward started this run (Streamlit flags such a rerun on
    its run context; an older or newer Streamlit without the flag reads as False)."""
    return bool(getattr(get_script_run_ctx(), "is_history_navigation", False))
