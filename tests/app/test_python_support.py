"""The supported Pythons: one range, the same as pyproject.toml's, and a clear stop outside it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from app_helpers import open_page

from ann_app.shell import python_support
from ann_app.shell.python_support import NEWEST, OLDEST, is_supported

ROOT = Path(__file__).resolve().parents[2]


def test_the_range_is_pyprojects():
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    low = re.search(r">=\s*(\d+)\.(\d+)", spec).groups()
    below = re.search(r"<\s*(\d+)\.(\d+)", spec).groups()
    assert tuple(map(int, low)) == OLDEST
    assert (NEWEST[0], NEWEST[1] + 1) == tuple(map(int, below))


def test_only_the_range_is_supported():
    assert is_supported(OLDEST) and is_supported(NEWEST) and is_supported(python_support.RUNNING)
    assert not is_supported((3, 10)) and not is_supported((3, NEWEST[1] + 1))


def test_an_unsupported_python_gets_a_message_not_a_traceback(monkeypatch):
    monkeypatch.setattr(python_support, "RUNNING", (3, 10))
    at = open_page()
    assert not at.exception
    assert "runs on Python 3.11 to 3.13" in at.error[0].value
    assert not at.title  # the page stopped before drawing anything
