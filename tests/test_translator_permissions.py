"""Translator groups keep each translator to translations in their own language,
checked through the admin views with real users of each group.

A French translator edits and publishes the French tree and French snippets that are
translations; the Spanish tree and snippets, and source content, are refused to them,
whichever view they try (editor, snippet forms, the editor's API, PO files, machine
translation, submit, sync).
"""

import io

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import GroupPagePermission, Locale, Page
from wagtail_localize.models import StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object

import pytest

from network.factories import OrganisationFactory, PersonFactory, StandardPageFactory, TopicFactory
from network.models import Organisation, Person, Topic
from network.translation.roles import ensure_translator_groups, translator_group_name

from .translation_helpers import (
    full_city_page,
    is_refused,
    locale,
    make_user,
    segments,
    string_url,
    translation_of,
    translator,
)

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def people(portal):
    ensure_translator_groups()
    return {
        "editor": make_user("secretariat", superuser=True),
        "fr": translator("amelie", "fr"),
        "es": translator("lucia", "es"),
        "en": translator("oliver", "en"),
    }


@pytest.fixture
def city(portal):
    """An English city page translated (as drafts) into French and Spanish."""
    page = full_city_page(portal.cityindex)
    translate_object(page, [locale("fr"), locale("es")])
    return page


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def snippet_url(instance, action="edit"):
    opts = instance._meta
    return reverse(
        f"wagtailsnippets_{opts.app_label}_{opts.model_name}:{action}", args=[instance.pk]
    )


# Groups


def test_one_translator_group_per_locale_idempotent(portal):
    call_command("setup_roles", verbosity=0)
    call_command("setup_roles", verbosity=0)
    names = set(
        Group.objects.filter(name__startswith="Translators: ").values_list("name", flat=True)
    )
    assert names == {translator_group_name(locale) for locale in Locale.all_objects.all()}
    assert "Translators: French" in names and "Translators: Japanese" in names
    french = Group.objects.get(name="Translators: French")
    codenames = set(french.permissions.values_list("codename", flat=True))
    assert {"access_admin", "submit_translation", "change_topic", "change_person"} <= codenames
    assert not {"add_topic", "delete_topic", "delete_person"} & codenames
    # English, the default language, has its translators too, with rights on its tree.
    english = Group.objects.get(name="Translators: English")
    assert GroupPagePermission.objects.filter(group=english, page=portal.home).count() == 2


def test_a_locales_first_page_gives_its_group_the_tree(people, portal):
    french = Group.objects.get(name="Translators: French")
    assert not GroupPagePermission.objects.filter(group=french).exists()
    page = full_city_page(portal.cityindex)
    translate_object(page, [locale("fr")])  # creates the French home as an alias
    french_home = portal.home.get_translation(locale("fr"))
    rights = GroupPagePermission.objects.filter(group=french, page=french_home)
    assert set(rights.values_list("permission__codename", flat=True)) == {
        "change_page",
        "publish_page",
    }


def test_groups_follow_locales_added_and_deleted_in_the_admin(client, people):
    client.force_login(people["editor"])
    thai = locale("th")
    response = client.post(reverse("wagtaillocales:delete", args=[thai.pk]))
    assert response.status_code == 302
    assert not Group.objects.filter(name="Translators: Thai").exists()
    response = client.post(reverse("wagtaillocales:add"), {"language_code": "th"})
    assert response.status_code == 302
    assert Group.objects.filter(name="Translators: Thai").exists()


# Pages


def test_french_translator_edits_the_french_tree_only(client, people, city):
    client.force_login(people["fr"])
    french = city.get_translation(locale("fr"))
    spanish = city.get_translation(locale("es"))
    assert client.get(edit_url(french)).status_code == 200
    assert is_refused(client.get(edit_url(spanish)))
    assert is_refused(client.get(edit_url(city)))  # the English source
    assert client.get(edit_url(spanish), **XHR).status_code == 403


def test_french_translator_cannot_publish_spanish_pages(
    client, people, city, django_capture_on_commit_callbacks
):
    client.force_login(people["fr"])
    spanish = city.get_translation(locale("es"))
    french = city.get_translation(locale("fr"))
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(edit_url(spanish), {"action": "publish"})
        published = client.post(edit_url(french), {"action": "publish"})
    assert is_refused(refused)
    assert published.status_code == 302
    assert not Page.objects.get(pk=spanish.pk).live
    assert Page.objects.get(pk=french.pk).live


def test_translators_never_edit_source_content(client, people, portal, city):
    # English translators have the English tree, but English pages written in English
    # are source content.
    client.force_login(people["en"])
    assert is_refused(client.get(edit_url(city)))
    # A page written in French, in the French tree, is source content for French
    # translators, while its English translation is work for English translators.
    french_index = portal.cityindex.get_translation(locale("fr"))
    french_original = StandardPageFactory(
        parent=french_index.get_parent(), locale=locale("fr"), title="Écrit en français"
    )
    client.force_login(people["fr"])
    assert is_refused(client.get(edit_url(french_original)))
    translate_object(french_original, [locale("en")])
    english = french_original.get_translation(locale("en"))
    client.force_login(people["en"])
    assert client.get(edit_url(english)).status_code == 200


def test_editor_api_and_files_refuse_other_locales(client, people, city):
    client.force_login(people["fr"])
    spanish = translation_of(city, "es")
    segment = segments(spanish).first()
    response = client.put(
        string_url(spanish, segment),
        data="value=piraté",
        content_type="application/x-www-form-urlencoded",
        **XHR,
    )
    assert response.status_code == 403
    download = client.get(reverse("wagtail_localize:download_pofile", args=[spanish.pk]), **XHR)
    assert download.status_code == 403
    machine = client.post(reverse("wagtail_localize:machine_translate", args=[spanish.pk]), **XHR)
    assert machine.status_code == 403
    upload = io.BytesIO(b'msgid ""\nmsgstr ""\n')
    upload.name = "es.po"
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[spanish.pk]), {"file": upload}, **XHR
    )
    assert response.status_code == 403
    assert not StringTranslation.objects.filter(locale=locale("es")).exists()


def test_submitting_offers_only_the_translators_languages(client, people, portal):
    page = full_city_page(portal.cityindex)
    client.force_login(people["fr"])
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    offered = set(response.context["form"].fields["locales"].queryset)
    assert offered == {locale("fr")}
    response = client.post(url, {"locales": [locale("es").pk]})
    assert response.status_code == 200  # the form again, with its error
    assert not page.get_translations().filter(locale=locale("es")).exists()
    response = client.post(url, {"locales": [locale("fr").pk]})
    assert response.status_code == 302
    assert page.get_translation(locale("fr")).live is False


def test_the_secretariat_submits_into_any_language(client, people, portal):
    page = full_city_page(portal.cityindex)
    client.force_login(people["editor"])
    response = client.get(reverse("wagtail_localize:submit_page_translation", args=[page.pk]))
    assert len(response.context["form"].fields["locales"].queryset) == Locale.objects.count() - 1


def test_sync_needs_a_language_among_the_translations(client, people, city):
    source = TranslationSource.objects.get_for_instance(city)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    client.force_login(translator("klaus", "de"))
    assert is_refused(client.get(url))
    client.force_login(people["es"])
    assert client.get(url).status_code == 200


# Snippets


def snippet_factories():
    return [TopicFactory, OrganisationFactory, PersonFactory]


@pytest.fixture(params=snippet_factories(), ids=["topic", "organisation", "person"])
def snippet(request, portal):
    """An English snippet translated into French and Spanish."""
    instance = request.param()
    translate_object(instance, [locale("fr"), locale("es")])
    return instance


def test_snippets_are_edited_in_the_translators_locale_only(client, people, snippet):
    model = type(snippet)
    french = model.objects.get(translation_key=snippet.translation_key, locale=locale("fr"))
    spanish = model.objects.get(translation_key=snippet.translation_key, locale=locale("es"))
    client.force_login(people["fr"])
    assert client.get(snippet_url(french)).status_code == 200
    assert is_refused(client.get(snippet_url(spanish)))
    assert is_refused(client.get(snippet_url(snippet)))  # the English source
    assert client.get(snippet_url(spanish), **XHR).status_code == 403
    assert is_refused(client.post(snippet_url(spanish, "delete")))
    assert model.objects.filter(pk=spanish.pk).exists()


def test_snippet_strings_of_another_locale_are_refused(client, people, snippet):
    client.force_login(people["fr"])
    spanish = translation_of(snippet, "es")
    segment = segments(spanish).first()
    response = client.put(
        string_url(spanish, segment),
        data="value=piraté",
        content_type="application/x-www-form-urlencoded",
        **XHR,
    )
    assert response.status_code == 403
    french = translation_of(snippet, "fr")
    response = client.put(
        string_url(french, segments(french).first()),
        data="value=traduit",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201)
    assert set(StringTranslation.objects.values_list("locale__language_code", flat=True)) == {"fr"}


def test_snippet_publish_in_another_locale_is_refused(client, people, snippet):
    model = type(snippet)
    spanish = model.objects.get(translation_key=snippet.translation_key, locale=locale("es"))
    before = {f.name: getattr(spanish, f.attname) for f in model._meta.concrete_fields}
    client.force_login(people["fr"])
    assert is_refused(client.post(snippet_url(spanish), {"action": "publish"}))
    spanish.refresh_from_db()
    assert {f.name: getattr(spanish, f.attname) for f in model._meta.concrete_fields} == before


def test_snippet_listing_hides_edit_buttons_of_other_locales(client, people, portal):
    topic = TopicFactory()
    translate_object(topic, [locale("fr"), locale("es")])
    spanish = Topic.objects.get(translation_key=topic.translation_key, locale=locale("es"))
    french = Topic.objects.get(translation_key=topic.translation_key, locale=locale("fr"))
    client.force_login(people["fr"])
    listing = client.get(reverse("wagtailsnippets_network_topic:list") + "?locale=")
    assert listing.status_code == 200
    html = listing.content.decode()
    # Each row's title links to its edit view; the "More" menu adds an Edit item where
    # the translator may edit.
    assert html.count(snippet_url(french)) == 2
    assert html.count(snippet_url(spanish)) == 1


@pytest.mark.parametrize("model", [Topic, Organisation, Person], ids=lambda m: m.__name__)
def test_translators_cannot_add_snippets(client, people, model):
    client.force_login(people["fr"])
    opts = model._meta
    assert is_refused(
        client.get(reverse(f"wagtailsnippets_{opts.app_label}_{opts.model_name}:add"))
    )


def test_rights_from_other_groups_are_not_narrowed(client, people, city):
    # A translator who is also on the Spanish city team keeps that team's rights.
    team = Group.objects.create(name="City team: Madrid")
    team.permissions.add(Permission.objects.get(codename="access_admin"))
    spanish_home = city.get_translation(locale("es")).get_ancestors().get(depth=2)
    GroupPagePermission.objects.create(group=team, page=spanish_home, permission_type="change")
    people["fr"].groups.add(team)
    client.force_login(people["fr"])
    assert client.get(edit_url(city.get_translation(locale("es")))).status_code == 200


def test_one_locales_group_can_be_built_alone(portal):
    from network.translation.roles import ensure_translator_group

    group = ensure_translator_group(locale("pt-br"))
    assert group.name == "Translators: Brazilian Portuguese"
    assert ensure_translator_group(locale("pt-br")) == group
    assert Group.objects.filter(name__startswith="Translators: ").count() == 1


def test_endpoints_of_a_deleted_translation_answer_not_found(client, people, city):
    spanish = translation_of(city, "es")
    city.get_translation(locale("es")).delete()
    client.force_login(people["editor"])
    url = reverse("wagtail_localize:download_pofile", args=[spanish.pk])
    # (LocaleMiddleware sends a 404 outside i18n_patterns to the /en/ URL, also a 404.)
    assert client.get(url, follow=True).status_code == 404
