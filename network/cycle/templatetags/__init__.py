"""Template tags of the cycle's public side (a city's "open to partners" note)."""
