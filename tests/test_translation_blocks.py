"""Every block type of the content model survives translation: its text is extracted
for translators, the translations are ingested where they belong, and everything that
is not text (images, documents, pages, dates, times, choices, web addresses) comes
through unchanged, with linked people swapped for their translations.

The samples are checked against the block definitions themselves, so a block added to
the content model without a sample here fails ``test_samples_use_every_block_type``.
"""

import datetime
import json

from django.apps import apps

from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object

import pytest
from bs4 import BeautifulSoup

from home.models import HomePage
from network.factories import ConferencePageFactory, ResourcePageFactory, StandardPageFactory
from network.models import CityPage, ConferencePage, Person, ResourcePage, StandardPage

from .translation_helpers import (
    Linked,
    block,
    body_blocks,
    full_city_page,
    locale,
    programme_blocks,
    resource_blocks,
)

pytestmark = pytest.mark.django_db

PREFIX = "FR "


def stream_fields():
    """Every StreamField of the portal's translatable models: (model, field name,
    StreamBlock). A setting (the footer's social accounts) is not translated."""
    for app_label in ("home", "network"):
        for model in apps.get_app_config(app_label).get_models():
            if not issubclass(model, TranslatableMixin):
                continue
            for field in model._meta.get_fields():
                if isinstance(field, StreamField) and field.model is model:
                    yield model, field.name, field.stream_block


def block_paths(block_def, prefix=""):
    """Every block of a definition, as a path (``section.content.image.caption``)."""
    paths = {prefix} if prefix else set()
    if isinstance(block_def, blocks.ListBlock):
        paths |= block_paths(block_def.child_block, f"{prefix}.item")
    elif isinstance(block_def, blocks.StructBlock | blocks.StreamBlock):
        for name, child in block_def.child_blocks.items():
            paths |= block_paths(child, f"{prefix}.{name}" if prefix else name)
    return paths


def used_paths(block_def, raw, prefix=""):
    """The blocks a raw value fills with something (not empty)."""
    if raw in (None, "", [], {}):
        return set()
    paths = {prefix} if prefix else set()
    if isinstance(block_def, blocks.ListBlock):
        for entry in raw:
            paths |= used_paths(block_def.child_block, entry["value"], f"{prefix}.item")
    elif isinstance(block_def, blocks.StreamBlock):
        for child in raw:
            name = child["type"]
            path = f"{prefix}.{name}" if prefix else name
            paths |= used_paths(block_def.child_blocks[name], child["value"], path)
    elif isinstance(block_def, blocks.StructBlock):
        for name, child in block_def.child_blocks.items():
            paths |= used_paths(child, raw.get(name), f"{prefix}.{name}")
    return paths


@pytest.fixture
def samples(portal):
    """A page per StreamField of the content model, each field filled with every block."""
    linked = Linked(portal.newsindex)
    city = full_city_page(portal.cityindex, linked_page=portal.newsindex)
    standard = StandardPageFactory(parent=portal.home, body=json.dumps(body_blocks(linked, False)))
    start = datetime.date.today() + datetime.timedelta(days=60)
    conference = ConferencePageFactory(
        parent=portal.conferenceindex,
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        programme=json.dumps(programme_blocks(linked, start)),
        body=json.dumps(body_blocks(linked, False)),
        documents=json.dumps(resource_blocks(linked)),
    )
    resource = ResourcePageFactory(
        parent=portal.resourceindex,
        items=json.dumps(resource_blocks(linked)),
        body=json.dumps(body_blocks(linked, False)),
    )
    home = HomePage.objects.get(pk=portal.home.pk)
    home.featured = json.dumps([block("page", city.pk), block("page", conference.pk)])
    for page in (standard, conference, resource, home):
        page.save_revision().publish()
    pages = {
        CityPage: city,
        StandardPage: standard,
        ConferencePage: conference,
        ResourcePage: resource,
        HomePage: home,
    }
    return {model: model.objects.get(pk=page.pk) for model, page in pages.items()}


def sample_value(samples, model, name, stream_block):
    """The sample of a StreamField: its own page's, or a page's with the same body class."""
    if model in samples:
        return getattr(samples[model], name)
    if type(stream_block) is blocks.StreamBlock:
        return None  # an anonymous StreamBlock needs a sample of its own
    for page in samples.values():
        for field in page._meta.get_fields():
            if isinstance(field, StreamField) and type(field.stream_block) is type(stream_block):
                return getattr(page, field.name)
    return None


def test_samples_use_every_block_type(samples):
    missing = {}
    for model, name, stream_block in stream_fields():
        value = sample_value(samples, model, name, stream_block)
        raw = list(value.raw_data) if value is not None else []
        left_out = block_paths(stream_block) - used_paths(stream_block, raw)
        if left_out:
            missing[f"{model.__name__}.{name}"] = sorted(left_out)
    assert missing == {}


def translate_everything(source_page, code):
    """Submit the page into a locale and translate every one of its strings by hand."""
    target = locale(code)
    translate_object(source_page, [target])
    source = TranslationSource.objects.get_for_instance(source_page)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        # update: the slug follows the translated title until the translator sets it.
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=target,
            context=segment.context,
            defaults={"data": PREFIX + segment.string.data, "translation_type": "manual"},
        )
    translation = source.translations.get(target_locale=target)
    translation.save_target(publish=False)
    return source_page.get_translation(target).get_latest_revision_as_object()


def assert_translated(block_def, source, translated, path, person_map):
    """Text prefixed by the translator, everything else unchanged (people swapped)."""
    where = path or "(stream)"
    if isinstance(block_def, blocks.ListBlock):
        assert [e["id"] for e in translated] == [e["id"] for e in source], where
        for s, t in zip(source, translated, strict=True):
            assert_translated(
                block_def.child_block, s["value"], t["value"], f"{path}.item", person_map
            )
    elif isinstance(block_def, blocks.StreamBlock):
        assert [(c["type"], c["id"]) for c in translated] == [(c["type"], c["id"]) for c in source]
        for s, t in zip(source, translated, strict=True):
            child = block_def.child_blocks[s["type"]]
            assert_translated(child, s["value"], t["value"], f"{path}.{s['type']}", person_map)
    elif isinstance(block_def, blocks.StructBlock):
        for name, child in block_def.child_blocks.items():
            assert_translated(
                child, source.get(name), translated.get(name), f"{path}.{name}", person_map
            )
    elif isinstance(block_def, blocks.RichTextBlock):
        assert PREFIX in translated, where
        assert str(BeautifulSoup(translated.replace(PREFIX, ""), "html.parser")) == str(
            BeautifulSoup(source, "html.parser")
        ), where
    elif isinstance(block_def, blocks.URLBlock):
        assert translated == source, where  # synchronised, not translated
    elif isinstance(block_def, blocks.CharBlock | blocks.TextBlock):
        assert translated == (PREFIX + source if source else source), where
    elif isinstance(block_def, SnippetChooserBlock):
        assert translated == person_map.get(source, source), where
    else:
        # Choosers of images, documents and pages, dates, times, choices.
        assert translated == source, where


@pytest.mark.parametrize(
    "model",
    [CityPage, StandardPage, ConferencePage, ResourcePage, HomePage],
    ids=lambda m: m.__name__,
)
def test_every_block_round_trips(samples, model):
    page = samples[model]
    fr = locale("fr")
    translated = translate_everything(page, "fr")
    person_map = {
        person.pk: Person.objects.get(translation_key=person.translation_key, locale=fr).pk
        for person in Person.objects.filter(locale=page.locale)
        if Person.objects.filter(translation_key=person.translation_key, locale=fr).exists()
    }
    checked = 0
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            source_raw = list(getattr(page, field.name).raw_data)
            translated_raw = list(getattr(translated, field.name).raw_data)
            assert_translated(field.stream_block, source_raw, translated_raw, "", person_map)
            checked += len(source_raw)
    assert checked
    assert translated.title == PREFIX + page.title
    assert translated.locale == fr


def test_people_in_lists_point_at_their_translation(samples):
    city = samples[CityPage]
    translated = translate_everything(city, "fr")
    source_people = next(child for child in city.body if child.block_type == "people")
    people = next(child for child in translated.body if child.block_type == "people")
    assert [person.locale.language_code for person in people.value] == ["fr"]
    assert people.value[0].translation_key == source_people.value[0].translation_key


def test_inline_michelin_sites_are_translated_and_keep_their_facts(samples):
    city = samples[CityPage]
    translated = translate_everything(city, "fr")
    sites = {site.translation_key: site for site in translated.michelin_sites.all()}
    for site in city.michelin_sites.all():
        copy = sites[site.translation_key]
        assert copy.name == PREFIX + site.name
        assert copy.description == PREFIX + site.description
        assert (copy.kind, copy.established) == (site.kind, site.established)
        assert copy.locale.language_code == "fr"


def test_translated_city_page_renders_every_block(
    client, samples, django_capture_on_commit_callbacks
):
    city = samples[CityPage]
    fr = locale("fr")
    translate_object(city, [fr])
    source = TranslationSource.objects.get_for_instance(city)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        # update: the slug follows the translated title until the translator sets it.
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=fr,
            context=segment.context,
            defaults={"data": PREFIX + segment.string.data, "translation_type": "manual"},
        )
    with django_capture_on_commit_callbacks(execute=True):
        source.translations.get(target_locale=fr).save_target(publish=True)
    french = city.get_translation(fr).specific

    rendered = str(french.body.render_as_block())
    headings = [child.value for child in french.body if child.block_type == "heading"]
    assert headings and all(heading in rendered for heading in headings)
    response = client.get(french.get_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert french.title in content
    assert PREFIX in content
