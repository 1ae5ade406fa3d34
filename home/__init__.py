"""The home page of each language and the portal's skeleton (locales, home, sections)."""
