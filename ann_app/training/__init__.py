"""The Classification and Regression pages' machinery (Streamlit): `page.py` (controls, presets,
upload and the run; the findings), `config.py` (widgets' values to a TrainingConfig, presets'
values), `scrubber.py` (epoch slider and Play), `upload.py` (your own CSV), `exports.py`
(downloads). Their tables live in content/training_tables.py, their charts in charts/."""
