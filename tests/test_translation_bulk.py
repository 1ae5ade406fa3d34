"""Submitting in bulk: a new draft translation is created in one save
(``network.translation.drafts``), and it is the same draft wagtail-localize makes in
four. Both are made here from one source page, into French (the portal's path) and
German (wagtail-localize's ``translate_object``), and compared field by field."""

import json

from django.db.models.signals import post_save

from wagtail.models import PageLogEntry, ReferenceIndex
from wagtail.search.models import IndexEntry
from wagtail_localize.operations import translate_object

import pytest

from network.factories import PersonFactory
from network.models import CityPage, Person
from network.translation.submission import submit

from .translation_helpers import full_city_page, locale, make_user

pytestmark = pytest.mark.django_db

SAME = [
    "title",
    "draft_title",
    "seo_title",
    "search_description",
    "show_in_menus",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "live_revision_id",
    "alias_of_id",
    "content_type_id",
    "translation_key",
    "depth",
    "numchild",
    "summary",
    "hero_image_id",
    "country",
    "region",
    "latitude",
    "longitude",
    "population",
    "membership",
    "year_joined",
]


def comparable(page):
    page = CityPage.objects.get(pk=page.pk)
    body = json.loads(json.dumps(list(page.body.raw_data)))
    for block in body:
        if block["type"] == "people":  # each draft links to the person in its language
            for item in block["value"]:
                person = Person.objects.get(pk=item["value"])
                assert person.locale_id == page.locale_id
                item["value"] = str(person.translation_key)
    sites = [
        (site.translation_key, site.kind, site.name, site.description, site.locale_id)
        for site in page.michelin_sites.order_by("sort_order")
    ]
    links = {
        name: sorted(obj.translation_key for obj in getattr(page, name).all())
        for name in ("partner_cities", "contacts", "topics")
        if hasattr(page, name)
    }
    return {field: getattr(page, field) for field in SAME}, body, sites, links


def as_data(value):
    return json.loads(value) if isinstance(value, str) else value


def test_a_draft_made_in_one_save_is_wagtail_localizes_draft(portal):
    submitter = make_user("secretariat", superuser=True)
    partner = full_city_page(portal.cityindex)
    city = full_city_page(portal.cityindex, linked_page=partner)
    page = CityPage.objects.get(pk=city.pk)
    page.partner_cities = [partner]
    page.contacts = [PersonFactory()]
    page.save_revision().publish()

    translate_object(page, [locale("de")], user=submitter)
    saves = []

    def count(sender, instance, **kwargs):
        if instance.locale_id == locale("fr").pk:
            saves.append(instance.pk)

    post_save.connect(count, sender=CityPage)
    try:
        submit(page, [locale("fr")], submitter)
    finally:
        post_save.disconnect(count, sender=CityPage)

    french, german = page.get_translation(locale("fr")), page.get_translation(locale("de"))
    assert len(saves) == 1, "the French draft is saved once (indexed once)"
    ours, theirs = comparable(french), comparable(german)
    fields_ours, body_ours, sites_ours, links_ours = ours
    fields_theirs, body_theirs, sites_theirs, links_theirs = theirs
    assert fields_ours == fields_theirs
    assert body_ours == body_theirs
    assert [s[:4] for s in sites_ours] == [s[:4] for s in sites_theirs]
    assert {s[4] for s in sites_ours} == {locale("fr").pk}
    assert links_ours == links_theirs and links_ours["partner_cities"]
    assert french.get_parent().locale_id == locale("fr").pk

    # Its revision is the draft, owned and created by the submitter.
    french = CityPage.objects.get(pk=french.pk)
    revision = french.latest_revision
    assert revision.user == submitter and french.owner == submitter
    assert revision.as_object().title == french.title
    # The same blocks (compared as data: PostgreSQL's jsonb orders an object's keys).
    assert as_data(revision.content["body"]) == as_data(french.serializable_data()["body"])
    assert PageLogEntry.objects.filter(page=french, action="wagtail.create", user=submitter)
    # Indexed for the admin's search, with its references, like the German one.
    references = ReferenceIndex.objects.filter(base_content_type__model="page")
    assert (
        references.filter(object_id=str(french.pk)).count()
        == references.filter(object_id=str(german.pk)).count()
        > 0
    )
    entries = IndexEntry.objects.filter(content_type__model__in=["citypage", "page"])
    assert (
        entries.filter(object_id=str(french.pk)).count()
        == entries.filter(object_id=str(german.pk)).count()
        > 0
    )
