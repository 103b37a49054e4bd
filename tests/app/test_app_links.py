"""Links opened inside a running session (a lesson step's) take over the controls; the older URL
a quick rerun can carry does not."""

from dataclasses import fields

from app_helpers import open_page, widget
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

from ann_app.content.tables import ACTIVATION_SETTINGS


def test_a_new_link_opened_in_a_running_session_takes_over_the_controls():
    # a lesson step's link: the session already has its own values for the page
    at = open_page("app_pages/activations.py")
    probe = next(s for s in ACTIVATION_SETTINGS if s.name == "z0")
    widget(at, "activations", probe).set_value(-3.0).run()
    assert at.query_params["z0"] == "-3"
    at.switch_page("app_pages/lesson.py").run()
    at.query_params.clear()  # a step's link: another page opens this one with its values
    at.query_params.update({"z0": "1.5", "zmax": "8"})
    at.switch_page("app_pages/activations.py").run()
    assert widget(at, "activations", probe).value == 1.5
    assert at.query_params["zmax"] == "8" and at.query_params["z0"] == "1.5"
    # an ordinary rerun (the URL is what the page wrote) leaves the controls alone
    widget(at, "activations", probe).set_value(2.0).run()
    assert widget(at, "activations", probe).value == 2.0


def test_a_rerun_sent_with_the_url_before_the_last_rerun_keeps_the_newer_value():
    """A quick second press leaves before the first press's rerun has rewritten the browser's
    URL: its rerun carries the older URL, which must not put the older value back."""
    at = open_page("app_pages/activations.py")
    probe = next(s for s in ACTIVATION_SETTINGS if s.name == "z0")
    older = dict(at.query_params)
    widget(at, "activations", probe).set_value(-3.0).run()
    at.query_params.clear()
    at.query_params.update(older)  # the browser has not yet seen z0=-3
    widget(at, "activations", probe).set_value(2.0).run()
    assert widget(at, "activations", probe).value == 2.0
    assert at.query_params["z0"] == "2"


def test_streamlit_still_flags_a_rerun_sent_by_back_or_forward():
    """shell/arrival.py reads the URL on Back and Forward by this flag of Streamlit's run
    context; without it, Back within a page would keep the page's values (browser test:
    test_navigation.py)."""
    assert "is_history_navigation" in {f.name for f in fields(ScriptRunContext)}
