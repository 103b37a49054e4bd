"""Links opened inside a running session (a lesson step, a pasted URL) take over the controls."""

from app_helpers import open_page, widget

from ann_app.content.tables import ACTIVATION_SETTINGS


def test_a_new_link_opened_in_a_running_session_takes_over_the_controls():
    # a lesson step or a pasted link: the session already has its own values for the page
    at = open_page("app_pages/activations.py")
    probe = next(s for s in ACTIVATION_SETTINGS if s.name == "z0")
    widget(at, "activations", probe).set_value(-3.0).run()
    assert at.query_params["z0"] == "-3"
    at.query_params.clear()
    at.query_params.update({"z0": "1.5", "zmax": "8"})
    at.run()
    assert widget(at, "activations", probe).value == 1.5
    assert at.query_params["zmax"] == "8" and at.query_params["z0"] == "1.5"
    # an ordinary rerun (the URL is what the page wrote) leaves the controls alone
    widget(at, "activations", probe).set_value(2.0).run()
    assert widget(at, "activations", probe).value == 2.0
