"""Whether a training page's URL is a link just opened, for the values a page keeps in its URL
beside its settings (a drawing, a pin): a newly opened link decides them, and otherwise the
session does (an empty URL, after a switch through the menu, changes nothing)."""

from __future__ import annotations

import streamlit as st

from ann_app.shell import arrival, presenter

SHOWN_RAW = 80  # characters of a bad link value quoted in a warning


def _key(page: str) -> str:
    return f"{page}.links.url"


def current() -> dict[str, str]:
    """The URL's parameters, but the presenter view's (a view, not part of a page's link)."""
    return {k: v for k, v in st.query_params.to_dict().items() if k != presenter.URL_KEY}


def opened(page: str) -> dict[str, str] | None:
    """The URL's parameters when they are a link opened since `page` last wrote its URL (see
    `remember_url`), else None: a URL that cannot be new (see shell/arrival.py) is not read.
    Call it before the settings rewrite the URL."""
    link = current()
    if not link or not arrival.url_is_new():
        return None
    return link if link != st.session_state.get(_key(page)) else None


def remember_url(page: str) -> None:
    """Note the URL the page has written, so `opened` tells a newly opened link from it."""
    st.session_state[_key(page)] = current()


def quoted(raw: str) -> str:
    """A link value as a warning quotes it: cut to SHOWN_RAW characters."""
    return raw if len(raw) <= SHOWN_RAW else raw[: SHOWN_RAW - 1] + "…"
