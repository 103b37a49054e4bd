"""Presenter view: every page runs in it, it stays in the URL, its QR code; and on every page the
advanced controls wait behind More settings, in the presenter view too."""

import base64
import io
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs

import pytest
import zxingcpp
from app_helpers import open_page
from PIL import Image

from ann_app.content import tables, training_tables
from ann_app.settings.widgets import more_key, widget_key
from ann_app.shell import presenter
from ann_app.shell.navigation import PAGES

ADVANCED = {
    "app_pages/home.py": ("home", tables.HOME_SETTINGS),
    "app_pages/activations.py": ("activations", tables.ACTIVATION_SETTINGS),
    "app_pages/error_surfaces.py": ("error_surfaces", tables.SURFACE_SETTINGS),
    "app_pages/backpropagation.py": ("backpropagation", tables.BACKPROP_SETTINGS),
    "app_pages/classification.py": ("classification", training_tables.CLASSIFICATION_SETTINGS),
    "app_pages/regression.py": ("regression", training_tables.REGRESSION_SETTINGS),
}


@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_every_page_runs_in_the_presenter_view(page):
    at = open_page(page, {"present": "1"})
    assert not at.exception
    assert at.toggle(key=presenter.toggle_key(True)).value is True
    assert at.query_params["present"] == "1"


@pytest.mark.parametrize(("page", "table"), ADVANCED.items(), ids=list(ADVANCED))
@pytest.mark.parametrize("query", [{}, {"present": "1"}], ids=["normal", "presenter"])
def test_advanced_controls_are_drawn_only_while_more_settings_is_open(page, table, query):
    prefix, settings = table
    advanced = [s for s in settings if s.advanced]
    assert advanced, "each page should mark its fine-tuning controls as advanced"
    at = open_page(page, query)
    closed = {w.key for w in at.main} | {w.key for w in at.sidebar}
    at.session_state[more_key(prefix)] = True  # the student opens More settings
    at.run()
    assert not at.exception
    opened = {w.key for w in at.main} | {w.key for w in at.sidebar}
    for setting in advanced:
        assert widget_key(prefix, setting) not in closed
        assert widget_key(prefix, setting) in opened
    basic = [s for s in settings if not s.advanced]
    assert all(widget_key(prefix, s) in closed for s in basic)


def test_the_toggle_turns_it_off_and_takes_it_out_of_the_link():
    at = open_page("app_pages/activations.py", {"present": "1"})
    at.toggle(key=presenter.toggle_key(True)).set_value(False).run()
    assert not at.exception
    assert "present" not in at.query_params
    at.slider(key="activations.z0").set_value(1.0).run()
    assert "present" not in at.query_params
    assert at.toggle(key=presenter.toggle_key(False)).value is False


def test_a_rerun_sent_with_the_url_before_the_toggle_keeps_it_off():
    """A press sent before the browser has the URL without `present` carries `present=1`:
    an older URL on a rerun is not a link, so the view stays off."""
    at = open_page("app_pages/activations.py", {"present": "1"})
    older = dict(at.query_params)
    at.toggle(key=presenter.toggle_key(True)).set_value(False).run()
    at.query_params.clear()
    at.query_params.update(older)
    at.slider(key="activations.z0").set_value(1.0).run()
    assert at.toggle(key=presenter.toggle_key(False)).value is False
    assert "present" not in at.query_params


def test_it_survives_a_control_change():
    at = open_page("app_pages/activations.py", {"present": "1"})
    at.slider(key="activations.z0").set_value(-1.0).run()
    assert at.query_params["present"] == "1" and at.query_params["z0"] == "-1"


def _qr_codes(at) -> list[str]:
    """The text of every QR code the page shows (decoded from the images it sends)."""
    found = []
    for html in at.get("html"):
        for data in re.findall(r'src="data:image/png;base64,([^"]+)"', html.proto.body):
            image = Image.open(io.BytesIO(base64.b64decode(data)))
            found += [code.text for code in zxingcpp.read_barcodes(image)]
    return found


def test_the_qr_code_opens_this_page_with_its_settings():
    url = "http://192.168.1.20:8501/classification"
    at = open_page("app_pages/classification.py", {"present": "1", "data": "RING"}, {"url": url})
    assert not at.exception
    (link,) = _qr_codes(at)
    page_url, query = link.split("?")
    assert page_url == url
    settings = parse_qs(query)
    assert "present" not in settings  # a student's laptop gets the normal view
    expected = {k: v for k, v in at.query_params.items() if k != "present"}
    assert {k: v[-1] for k, v in settings.items()} == expected
    assert settings["data"] == ["RING"]
    # a change of setting changes the code
    at.selectbox(key="classification.data").set_value("XOR").run()
    assert parse_qs(_qr_codes(at)[0].split("?")[1])["data"] == ["XOR"]


def test_the_qr_code_carries_the_controls_the_link_hides():
    url = "http://192.168.1.20:8501/classification"
    at = open_page("app_pages/classification.py", {"present": "1", "hide": "lr"}, {"url": url})
    assert not at.exception
    (link,) = _qr_codes(at)
    assert parse_qs(link.split("?")[1])["hide"] == ["lr"]
    (box,) = [h.proto.body for h in at.get("html") if "share-code" in h.proto.body]
    assert "hide=lr" in box  # the alt text a screen reader reads


def test_no_qr_code_outside_the_presenter_view_and_a_warning_for_a_local_address():
    url = "http://localhost:8501/classification"
    assert _qr_codes(open_page("app_pages/classification.py", context={"url": url})) == []
    at = open_page("app_pages/classification.py", {"present": "1"}, {"url": url})
    assert len(_qr_codes(at)) == 1
    assert any("students cannot open it" in html.proto.body for html in at.get("html"))


def test_share_link_drops_the_presenter_view():
    assert presenter.share_link("http://h/p", {"present": "1"}) == "http://h/p"
    assert presenter.share_link("http://h/p", {"a": "1 2", "present": "1"}) == "http://h/p?a=1+2"


class _Parsed(HTMLParser):
    """The tags, attributes and text of an HTML fragment, as a browser would read them
    (entities such as `&reg` unescaped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: dict[str, dict[str, str | None]] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes[tag] = dict(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_qr_box_escapes_the_link_and_the_code_carries_it_raw():
    """A link holding `&reg_rate` (read as the entity ® unless escaped), and an address holding
    `"`, `<` and `>`: the box's HTML has each only escaped, a browser reads the link back whole
    in the alt text, and the QR code carries the raw link."""
    url = 'http://192.168.1.20:8501/"<b>x</b>/backpropagation'
    at = open_page(
        "app_pages/backpropagation.py", {"present": "1", "reg_rate": "0.05"}, {"url": url}
    )
    assert not at.exception
    link = presenter.share_link(url, dict(at.query_params))
    assert "&reg_rate=0.05" in link and all(c in link for c in '&"<>')
    assert _qr_codes(at) == [link]
    (box,) = [h.proto.body for h in at.get("html") if "share-code" in h.proto.body]
    assert "&reg_rate" not in box and "&amp;reg_rate" in box
    assert "<b>" not in box and '"<b>' not in box and "&quot;&lt;b&gt;x&lt;/b&gt;" in box
    parsed = _Parsed()
    parsed.feed(box)
    assert parsed.tags == ["style", "details", "summary", "img", "p"]  # no tag from the link
    assert parsed.attributes["img"]["alt"] == f"QR code of {link}"  # not "®_rate"
    assert "®" not in "".join(parsed.text)


def test_the_qr_box_escapes_every_value():
    box = presenter.share_box('a&b"c<d>', 'data:x"<', 'note <i>&"')
    parsed = _Parsed()
    parsed.feed(box)
    assert parsed.tags == ["style", "details", "summary", "img", "p"]
    assert parsed.attributes["img"] == {"src": 'data:x"<', "alt": 'QR code of a&b"c<d>'}
    assert parsed.text[-1] == 'note <i>&"'
