"""Nobody acts above their role, checked through the admin's views and the API with
real users of each role.

* Translators edit and publish translations; they never delete, move or copy pages,
  add pages, or unpublish source pages (admin and API alike).
* Only superusers make superusers; nobody gives a group more rights than they hold, nor
  edits an account holding more than they do.
"""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import APIToken, Page, PageLogEntry
from wagtail_localize.operations import translate_object

import pytest

from network.factories import StandardPageFactory
from network.translation.roles import ensure_translator_groups

from .translation_helpers import (
    editor_props,
    full_city_page,
    is_refused,
    locale,
    make_user,
    translator,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


# Translators -----------------------------------------------------------------------------


@pytest.fixture
def french(portal):
    """A French translator, a live French translation and a French source page."""
    ensure_translator_groups()
    city = full_city_page(portal.cityindex)
    translate_object(city, [locale("fr")])
    translation = city.get_translation(locale("fr")).specific
    translation.save_revision().publish()
    original = StandardPageFactory(
        parent=translation.get_parent().get_parent(), locale=locale("fr"), title="Écrit ici"
    )
    original.save_revision().publish()
    return {
        "translator": translator("amelie", "fr"),
        "translation": translation,
        "original": Page.objects.get(pk=original.pk).specific,
    }


def admin_url(name, *args):
    return reverse(f"wagtailadmin_pages:{name}", args=args)


def test_a_translator_may_edit_and_publish_translations(client, french):
    tester = french["translation"].permissions_for_user(french["translator"])
    assert tester.can_edit() and tester.can_publish()
    client.force_login(french["translator"])
    assert client.get(admin_url("edit", french["translation"].pk)).status_code == 200


@pytest.mark.parametrize("page_key", ["translation", "original"])
def test_a_translator_cannot_delete_move_or_copy_pages(client, french, page_key):
    page = french[page_key]
    client.force_login(french["translator"])
    for name in ("delete", "move", "copy"):
        assert is_refused(client.get(admin_url(name, page.pk))), name
        assert is_refused(client.post(admin_url(name, page.pk))), name
    parent = page.get_parent()
    assert is_refused(client.post(admin_url("move_confirm", page.pk, parent.pk)))
    assert Page.objects.filter(pk=page.pk, live=True).exists()
    assert not PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.delete").exists()


def test_the_translation_editor_offers_a_translator_no_delete(client, french):
    client.force_login(french["translator"])
    response = client.get(admin_url("edit", french["translation"].pk))
    perms = editor_props(response)["perms"]
    assert perms["canPublish"] and not perms["canDelete"]


def test_a_translator_cannot_add_pages_or_unpublish_source_pages(client, french):
    client.force_login(french["translator"])
    parent = french["translation"].get_parent()
    add = reverse("wagtailadmin_pages:add", args=("network", "citypage", parent.pk))
    assert is_refused(client.get(add))
    assert is_refused(client.post(admin_url("unpublish", french["original"].pk)))
    assert Page.objects.get(pk=french["original"].pk).live


def test_a_translators_token_is_refused_the_same_actions(client, french):
    key = APIToken.create_token(user=french["translator"], name="translator")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}", "content_type": "application/json"}
    page = french["translation"]
    parent = page.get_parent()
    refused = [
        client.delete(f"/api/v3/pages/{page.pk}/", **auth),
        client.post(
            f"/api/v3/pages/{page.pk}/actions/move/",
            json.dumps({"destination_id": parent.pk, "position": "last-child"}),
            **auth,
        ),
        client.post(f"/api/v3/pages/{page.pk}/actions/copy/", "{}", **auth),
        client.post(f"/api/v3/pages/{french['original'].pk}/actions/unpublish/", "{}", **auth),
        client.post(
            "/api/v3/pages/",
            json.dumps(
                {
                    "meta": {"type": "network.StandardPage", "parent_id": parent.pk},
                    "title": "Nouvelle page",
                }
            ),
            **auth,
        ),
    ]
    assert [response.status_code for response in refused] == [403] * len(refused)
    assert Page.objects.filter(pk=page.pk, live=True).exists()
    assert Page.objects.get(pk=french["original"].pk).live
    assert not Page.objects.filter(title="Nouvelle page").exists()


# Granting rights -------------------------------------------------------------------------


def user_form(username, **extra):
    return {
        "username": username,
        "email": f"{username}@example.org",
        "first_name": "New",
        "last_name": "User",
        "password1": "a-long-password-8c1",
        "password2": "a-long-password-8c1",
        **extra,
    }


@pytest.fixture
def secretariat(roles, make_editor):
    return make_editor(roles.secretariat)


@pytest.fixture
def user_manager(roles):
    """Someone who may add and change users, and holds nothing else."""
    group = Group.objects.create(name="User managers")
    group.permissions.set(
        Permission.objects.filter(codename__in=["access_admin", "add_user", "change_user"])
    )
    return make_user("manager", groups=["User managers"])


def test_the_roles_tab_offers_administrator_to_superusers_only(client, secretariat, admin_user):
    client.force_login(secretariat)
    assert (
        'name="is_superuser"' not in client.get(reverse("wagtailusers_users:add")).content.decode()
    )
    client.force_login(admin_user)
    assert 'name="is_superuser"' in client.get(reverse("wagtailusers_users:add")).content.decode()


def test_only_a_superuser_makes_a_superuser(client, secretariat, admin_user):
    client.force_login(secretariat)
    response = client.post(
        reverse("wagtailusers_users:add"), user_form("sneaky", is_superuser="on")
    )
    assert response.status_code == 200  # the form again, with its error
    assert "Only an administrator may give administrator rights" in response.content.decode()
    assert not User.objects.filter(username="sneaky").exists()

    colleague = make_user("colleague")
    edit = reverse("wagtailusers_users:edit", args=[colleague.pk])
    data = user_form("colleague", is_superuser="on", is_active="on", password1="", password2="")
    assert client.post(edit, data).status_code == 200
    colleague.refresh_from_db()
    assert not colleague.is_superuser and not colleague.is_staff

    client.force_login(admin_user)
    assert client.post(edit, data).status_code == 302
    colleague.refresh_from_db()
    assert colleague.is_superuser


def test_nobody_edits_or_deletes_an_account_holding_more(client, secretariat, admin_user):
    client.force_login(secretariat)
    for name in ("edit", "delete"):
        url = reverse(f"wagtailusers_users:{name}", args=[admin_user.pk])
        assert is_refused(client.get(url)), name
        assert is_refused(client.post(url, user_form("admin", password1="x", password2="x")))
    assert User.objects.get(pk=admin_user.pk).check_password("password")


def test_a_user_manager_gives_only_groups_within_their_rights(client, user_manager, roles):
    small = Group.objects.create(name="Readers")
    small.permissions.set(Permission.objects.filter(codename="access_admin"))
    client.force_login(user_manager)
    page = client.get(reverse("wagtailusers_users:add")).content.decode()
    assert "Readers" in page and roles.secretariat.name not in page

    response = client.post(
        reverse("wagtailusers_users:add"), user_form("promoted", groups=[roles.secretariat.pk])
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="promoted").exists()
    response = client.post(
        reverse("wagtailusers_users:add"), user_form("reader", groups=[small.pk])
    )
    assert response.status_code == 302
    assert list(User.objects.get(username="reader").groups.all()) == [small]


def test_an_account_with_more_rights_than_the_manager_is_out_of_reach(client, user_manager, roles):
    moderator = make_user("moderator", groups=[roles.moderators.name])
    peer = make_user("peer")
    client.force_login(user_manager)
    assert is_refused(client.get(reverse("wagtailusers_users:edit", args=[moderator.pk])))
    assert client.get(reverse("wagtailusers_users:edit", args=[peer.pk])).status_code == 200


def test_the_bulk_role_assignment_follows_the_same_limits(client, user_manager, roles):
    target = make_user("target")
    client.force_login(user_manager)
    url = reverse(
        "wagtail_bulk_action", args=(User._meta.app_label, User._meta.model_name, "assign_role")
    )
    response = client.post(f"{url}?id={target.pk}", {"role": roles.secretariat.pk})
    assert is_refused(response) or response.status_code == 403
    assert not target.groups.filter(pk=roles.secretariat.pk).exists()
