"""The Autoencoders page's machinery (Streamlit): `state.py` (its link: the settings and the
epoch shown), `config.py` (the settings' values to the engine's frozen configs), `bottleneck.py`
(the bottleneck's charts under the epoch slider and Play) and `starts_view.py` (random against
pretrained starts over many seeds). Its table lives in content/autoencoder_tables.py, its
sentences in content/autoencoder_text.py, its charts in charts/autoencoder_plots.py."""
