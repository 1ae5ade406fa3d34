"""Template helpers of the translation report and the locale deletion page."""
