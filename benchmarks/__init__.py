"""Load and scale benchmarks: ``python -m benchmarks`` (``make bench``) runs them all.

Each ``benchmarks/*_bench.py`` module has a ``run()`` that prints its report and
returns 0 (done, or skipped with a message) or non-zero (failed); each runs in its own
process, so each may configure Django (its database) as it needs.
"""
