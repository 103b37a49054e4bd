"""Gentle ANN: the entry point. It only sets up the page and routes to the scripts in app_pages/.

The folder is deliberately not called `pages/`: Streamlit treats a `pages/` folder beside the
entry script as an old-style multipage app until some session calls `st.navigation`, so the
first visitor after a (re)start who opens a shared deep link would get the page without this
router (no page config, wrong menu, or "page not found").
"""

import streamlit as st

from ann_app.shell import arrival, presenter
from ann_app.shell.navigation import PAGES
from ann_app.shell.python_support import require_supported_python
from ann_core import warm_up

st.set_page_config(
    page_title="Gentle ANN",
    page_icon="🧠",
    layout="wide",
    initial_sidebar_state="collapsed" if presenter.is_on() else "auto",
)
require_supported_python()
warm_up.start_in_background()  # once per server: the first student never waits on numba

home, *others = PAGES
navigation = st.navigation(
    [
        st.Page(home.path, title=home.title, icon=home.icon, url_path="", default=True),
        *(st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path) for p in others),
        # Streamlit serves the default page at the root only, so Home's own address (/home)
        # would be "page not found": a hidden twin of Home answers it. Links to the script
        # find the first page, the root.
        st.Page(home.path, title=home.title, url_path=home.url_path, visibility="hidden"),
    ]
)
arrival.arrive(navigation.url_path)  # before anything reads the page's URL
presenter.toggle()
navigation.run()
presenter.share_code()
