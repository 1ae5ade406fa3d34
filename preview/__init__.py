"""Headless preview: short-lived signed tokens that let a front end show a draft."""
