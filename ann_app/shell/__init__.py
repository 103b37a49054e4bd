"""The frame around every page: the page list (`navigation.py`), the presenter view and its QR
code (`presenter.py`), when a page's URL may be new (`arrival.py`), the keys of the widgets the
app sets (`shown_keys.py`), the supported Pythons (`python_support.py`) and small Streamlit
helpers (`ui.py`: charts at full width, inline images, "show the code"). A new page is listed in
navigation.py. The lowest layer: it imports no other part of ann_app."""
