"""Tokens for the API's tests: a city team's editor, as the roles make them."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import APIToken, GroupPagePermission


def city_team_editor(page, django_user_model):
    """A user of Clermont-Ferrand's team, who may add, change and publish pages under
    ``page`` only."""
    team = Group.objects.create(name="Clermont-Ferrand editors")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=team, page=page, permission=Permission.objects.get(codename=codename)
        )
    editor = django_user_model.objects.create_user("clermont", "editor@example.com", "x")
    editor.groups.add(team)
    return editor


def bearer(user, name="test"):
    """The value of an Authorization header carrying a new token of ``user``."""
    return f"Bearer {APIToken.create_token(user=user, name=name)[1]}"
