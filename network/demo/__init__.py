"""The demo network: data files (TOML) and the loader behind ``load_demo_network``."""
