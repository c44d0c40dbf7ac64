"""Taint across functions and modules for Python: per-module summaries (local.py), solved over the
project's call graph (solve.py), driven by one table of sources, sinks and sanitisers (model.py).
See docs/taint.md for the design and its limits."""
