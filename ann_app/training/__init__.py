"""The Classification and Regression pages' machinery (Streamlit): `state.py` (the page's state
and link: settings, epoch, drawing, pin, history), `page.py` (controls, presets, upload and the
run; the findings), `config.py` (widgets' values to a TrainingConfig, presets' values),
`continuation.py` (a history to the engine's stages), `scrubber.py` (epoch slider and Play),
`player.py` and `play_frames.py` (the epoch in the browser and Play: the component and the
frames), `unit_hover.py` (a pointed-at hidden unit drawn in the main chart), `history_view.py` and
`weight_picker.py` (continue training, edit the weights), `pin.py` (pin a run and compare),
`drawing.py` (points drawn on the surface), `surface_row.py` (where the decision surface, or the
square to draw on, sits), `upload.py` (your own CSV), `landscape.py` (the loss
landscape), `feature_view.py`, `unit_view.py`, `network_view.py` and `captions.py` (the
features' maps, the hidden units' maps, the network's picture, sentences), `exports.py`
(downloads). Their tables live in
content/training_tables.py, their charts in charts/."""
