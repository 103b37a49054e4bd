"""A page's controls as data: `setting.py` declares, checks, reads and writes them as URL text
(no Streamlit, so tests and tables load it cheaply); `widgets.py` draws them and keeps the URL
in step. Every page imports from here; this package imports only shell.presenter."""
