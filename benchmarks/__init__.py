"""Benchmarks and reference harnesses for Gentle ANN (not part of the app's runtime)."""
