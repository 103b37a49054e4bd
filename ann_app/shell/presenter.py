"""Presenter view for a projector: larger text and chart labels, the sidebar collapsed, the
advanced controls hidden.

It is on when the URL says `present=1` or the toggle in the sidebar is on. The flag lives in
session state and every page keeps it in its URL (settings.render_settings preserves it), so a
teacher can bookmark a whole lesson in presenter view. In the corner, a QR code of the page's
link with its settings lets students open on their laptops what the projector shows.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

import altair as alt
import segno
import streamlit as st

from ann_app.shell import arrival
from ann_app.shell.shown_keys import shown_key

URL_KEY = "present"
_STATE = "__presenter__"
_TOGGLE = "__presenter_toggle__"
_ON = ("1", "true", "yes", "on")
# A chart's growth in the presenter view: the decision surface's 360 px become 540, which still
# fit under the presets and Play on a 1920 x 1080 screen.
PRESENTER_SCALE = 1.5

# Streamlit sizes its text in rem, so a larger root font enlarges every heading, label and
# widget at once; the main column also gets the whole width of the projector.
_STYLE = """
<style>
html { font-size: 21px; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 2rem 2.5rem; }
</style>
"""
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
# The QR code sits in the bottom right corner, over the page; a click on its title folds it.
_SHARE_STYLE = """
<style>
.share-code { position: fixed; right: 1rem; top: 3.75rem; z-index: 999990; background: #fff;
  border: 1px solid #c8d0da; border-radius: 0.5rem; padding: 0.4rem 0.6rem; max-width: 16rem;
  font-size: 0.7rem; line-height: 1.3; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.15); }
.share-code summary { cursor: pointer; font-weight: 600; }
.share-code img { display: block; width: 100%; image-rendering: pixelated; }
</style>
"""


def is_on() -> bool:
    """Whether this session shows the presenter view; a `present` value in a URL the page has
    not read yet decides (an older URL on a rerun would undo the toggle: see arrival.py)."""
    if URL_KEY in st.query_params and arrival.url_is_new():
        st.session_state[_STATE] = st.query_params[URL_KEY].strip().lower() in _ON
    return bool(st.session_state.get(_STATE, False))


def _toggled(key: str) -> None:
    on = bool(st.session_state[key])
    st.session_state[_STATE] = on
    if on:
        st.query_params[URL_KEY] = "1"
    elif URL_KEY in st.query_params:
        del st.query_params[URL_KEY]


def toggle() -> None:
    """The sidebar switch, and the larger style when the view is on."""
    on = is_on()
    key = toggle_key(on)
    st.sidebar.toggle(
        "Presenter view",
        value=on,
        key=key,
        on_change=_toggled,
        args=(key,),
        help="Larger text for a projector; hides the advanced controls. Kept in the link.",
    )
    if on:
        st.html(_STYLE)


def toggle_key(on: bool) -> str:
    """Session-state key of the sidebar switch while it shows `on`: one widget per position,
    see `shown_keys`."""
    return shown_key(_TOGGLE, "on" if on else "off")


def scaled(size: int) -> int:
    """A chart's height in px: larger in the presenter view (a wide projector screen has the
    room, and the back of the room needs it)."""
    return round(size * PRESENTER_SCALE) if is_on() else size


def url_params() -> dict[str, str]:
    """The URL parameters that keep the presenter view on across page switches and links."""
    return {URL_KEY: "1"} if is_on() else {}


def style_chart(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """`chart` with labels large enough to read from the back of a lecture room, if the
    presenter view is on; unchanged otherwise."""
    if not is_on():
        return chart
    return (
        chart.configure_axis(labelFontSize=16, titleFontSize=18)
        .configure_legend(labelFontSize=16, titleFontSize=16, symbolSize=200)
        .configure_title(fontSize=20)
        .configure_header(labelFontSize=16, titleFontSize=18)
    )


def share_link(page_url: str, params: Mapping[str, str]) -> str:
    """The link that opens `page_url` with the settings in `params`, for a student's own
    screen: the presenter view is left out (a laptop wants the normal size)."""
    query = urlencode({name: value for name, value in params.items() if name != URL_KEY})
    return f"{page_url}?{query}" if query else page_url


def share_code() -> None:
    """In the presenter view, a QR code of the page's link with its current settings, folded
    into a small box at the top right (beside the page's title, over nothing the class needs)
    until the teacher opens it.

    Call it after the page has run, so the URL holds the page's settings. Without a browser's
    address (no browser sent one) there is nothing to share and nothing is drawn.
    """
    page_url = st.context.url
    if not is_on() or not page_url:
        return
    link = share_link(page_url, st.query_params.to_dict())
    if urlsplit(page_url).hostname in LOCAL_HOSTS:
        note = (
            "This address is this computer's own: students cannot open it. Open the app at "
            "the Network URL that streamlit run prints, and the code will carry that."
        )
    else:
        note = "Scan to open this page, with these settings, on your own screen."
    image = segno.make(link, error="m").png_data_uri(scale=4, border=2)
    st.html(share_box(link, image, note))


def share_box(link: str, image: str, note: str) -> str:
    """The QR code's folded box as HTML: the image `image` (a data URL) of the code of `link`,
    with `note` under it.

    Every value is escaped: a link's `&reg_rate=` would otherwise read as the entity ® in the
    image's alt text, and a `"` or `<` in an address would end the attribute or open a tag.
    """
    return (
        f'{_SHARE_STYLE}<details class="share-code"><summary>📱 This page for students'
        f'</summary><img src="{html.escape(image)}" alt="{html.escape(f"QR code of {link}")}">'
        f"<p>{html.escape(note)}</p></details>"
    )
