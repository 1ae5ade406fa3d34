"""Portal search."""
