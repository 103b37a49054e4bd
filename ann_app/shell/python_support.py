"""The Pythons Gentle ANN supports, and a clear message on any other instead of an obscure
failure later (numba, NumPy and Streamlit each support a window of Python versions)."""

from __future__ import annotations

import platform
import sys

import streamlit as st

#: The oldest and newest supported (major, minor): pyproject.toml's requires-python says the
#: same, and a test keeps the two equal.
OLDEST, NEWEST = (3, 11), (3, 13)
#: The (major, minor) of the Python running the app.
RUNNING = sys.version_info[:2]


def is_supported(version: tuple[int, int]) -> bool:
    """Whether Gentle ANN supports Python `version` (major, minor)."""
    return OLDEST <= tuple(version) <= NEWEST


def require_supported_python() -> None:
    """Stop the app with a message that says what to do, on an unsupported Python."""
    if not is_supported(RUNNING):
        st.error(
            f"Gentle ANN runs on Python {OLDEST[0]}.{OLDEST[1]} to {NEWEST[0]}.{NEWEST[1]}; this "
            f"server runs Python {platform.python_version()}. Create a virtual environment "
            "with a supported Python, install requirements.txt into it and start the app "
            "again (see the README).",
            icon="🐍",
        )
        st.stop()
