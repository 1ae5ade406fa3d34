"""The cycle's admin URLs, under /admin/cycle/ (registered in wagtail_hooks.py)."""

from django.urls import path

from . import views

app_name = "cycle"
urlpatterns = [
    path("", views.home, name="home"),
    path("votes/<int:vote_id>/", views.vote_detail, name="vote"),
    path("votes/<int:vote_id>/ballot/<int:city_id>/", views.ballot, name="ballot"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/new/<int:call_id>/<int:city_id>/", views.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path(
        "proposals/<int:pk>/answer/<int:city_id>/", views.proposal_answer, name="proposal_answer"
    ),
    path("proposals/<int:pk>/attach/", views.proposal_attach, name="proposal_attach"),
    path("proposals/<int:pk>/review/", views.review, name="review"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="decide"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("calls/<int:call_id>/ranking/", views.call_ranking, name="ranking"),
    path("calls/<int:call_id>/publish/", views.publish_results, name="publish_results"),
    path("host-calls/<int:pk>/", views.host_call, name="host_call"),
    path("host-calls/<int:pk>/offer/<int:city_id>/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/submit/", views.offer_submit, name="offer_submit"),
    path("offers/<int:pk>/attach/", views.offer_attach, name="offer_attach"),
    path("offers/<int:pk>/choose/", views.offer_choose, name="offer_choose"),
    path("partner-note/<int:city_id>/", views.partner_note, name="partner_note"),
]
