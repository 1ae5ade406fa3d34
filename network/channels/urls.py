"""The news feeds and the calendars, mounted under each language prefix at
``feeds/`` (namespace ``feeds``: ``feeds:news_rss``, ``feeds:calls``, ...)."""

from django.urls import path

from .calendars import calls_calendar, conferences_calendar
from .feeds import NewsAtomFeed, NewsFeed

app_name = "feeds"

urlpatterns = [
    path("news/rss/", NewsFeed(), name="news_rss"),
    path("news/atom/", NewsAtomFeed(), name="news_atom"),
    path("conferences.ics", conferences_calendar, name="conferences"),
    path("calls.ics", calls_calendar, name="calls"),
]
