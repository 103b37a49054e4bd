"""A page's controls and its link, as data: `setting.py` declares a control (`Setting`),
checks it and reads and writes it as URL text (no Streamlit, so tests and tables load it
cheaply); `link.py` reads a page's link once, when it is new, into one record of its settings
and other parts, and writes it back once a run; `widgets.py` draws the widgets from session
state. Every page imports from here; this package imports only shell/ (the presenter view, the
arrival of a page)."""
