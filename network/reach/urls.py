"""Routes: the numbers page under each language prefix (namespace ``numbers``), the open
data files without one (namespace ``opendata``); mounted in ``portal/urls.py``."""

from django.urls import path, re_path

from . import views

numbers_urlpatterns = [
    path("", views.numbers_page, name="index"),
    re_path(r"^(?P<slug>[a-z0-9-]+)\.(?P<fmt>csv|json)$", views.chart_data, name="chart"),
]

opendata_urlpatterns = [
    path("<str:filename>", views.opendata_file, name="file"),
]
