"""What the app says and offers: each page's settings table (`tables.py`, and
`training_tables.py` for the two training pages with their presets), the guided lesson, the
LaTeX formulas, the CSV format of your own data (`csv_format.py`), and every label and colour
(`labels.py`). Data and pure functions: it imports settings.setting, ann_core and pandas, never
Streamlit or a chart library. A new setting goes in a table here."""
