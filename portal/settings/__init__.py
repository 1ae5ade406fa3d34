"""Settings: base.py (safe for production on its own), dev.py, test.py, production.py."""
