"""The cycle's public pages, under every language's prefix (/en/cycle/...)."""

from django.urls import path

from . import public

app_name = "cycle_public"
urlpatterns = [
    path("votes/", public.votes_index, name="votes"),
    path("votes/<int:pk>/", public.vote_detail, name="vote"),
    path("calls/<int:pk>/results/", public.call_results, name="call_results"),
    path("find-a-partner/", public.find_partner, name="find_partner"),
]
