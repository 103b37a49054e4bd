"""The frame around every page: the page list (`navigation.py`), the presenter view and its QR
code (`presenter.py`), the supported Pythons (`python_support.py`) and small Streamlit helpers
(`ui.py`: charts at full width, inline images, "show the code"). A new page is listed in
navigation.py."""
