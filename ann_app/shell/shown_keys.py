"""Widget keys for the widgets whose value the app sets (the preset picker, the presenter switch).

Such a widget gets one key per value it shows, with that value as its default, so the app never
writes a widget's value. Written on every run with an on_change callback, the value of a browser
that had not drawn the last run yet (a second quick press on a slider) came back to the server
as a change, and the callback undid the last run (put the old preset back).
"""

from __future__ import annotations


def shown_key(name: str, shown: str) -> str:
    """Session-state key of the widget `name` while it shows `shown`."""
    return f"{name}.{shown}"
