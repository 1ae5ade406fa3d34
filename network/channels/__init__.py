"""Channels other than the site and the API: RSS/Atom news feeds and iCalendar feeds,
mounted under each language prefix at ``feeds/``. (Signed webhooks are the
``webhooks`` app.)"""
