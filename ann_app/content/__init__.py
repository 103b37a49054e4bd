"""What the app says and offers: each page's settings table (`tables.py`, and
`training_tables.py` for the two training pages with their presets; `penalty_settings.py`, the
L1/L2 controls both share; `autoencoder_tables.py` for the Autoencoders page, whose sentences
`autoencoder_text.py` writes from its runs' numbers), the guided lesson (`lesson.py`), the LaTeX
formulas (`formulas.py`), Error Surfaces' sentence on its Figure 4's curve (`surface_text.py`),
the CSV format of your own data (`csv_format.py`), the link formats of a training page's drawn
points (`drawn_points.py`), history (`history.py`) and pin (`pin_code.py`), and every label and
colour (`labels.py`). Data and pure functions: it imports settings.setting, ann_core, NumPy and
pandas, never Streamlit or a chart library. A new setting goes in a table here."""
