"""Link previews (issue 17, point 1): every public page carries Open Graph and Twitter
card tags in its own language; editors override them on the promote tab, translators
translate the words while the picture follows the source (or their own); pages without
a picture get the network's card; nothing for drafts, previews or restricted pages.

The tags are read the way a crawler reads them: Open Graph with ``extruct``, Twitter
cards from the ``<meta name="twitter:...">`` elements.
"""

import datetime
import json
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.models import OverridableSegment, SegmentOverride, StringSegment

import pytest
from PIL import Image

from network.demo.translations import submit, translate_page
from network.factories import CityPageFactory, ImageFactory, StandardPageFactory
from network.models import StandardPage
from tests.reach_helpers import bilingual_network, fake, json_ld, link_preview
from tests.search_helpers import locale, publish

OG_LOCALES = {"en": "en_US", "fr": "fr_FR"}


def media_size(url):
    """The pixel size of a file served under MEDIA_URL, read from the disk."""
    path = urlsplit(url).path.removeprefix(settings.MEDIA_URL)
    with Image.open(Path(settings.MEDIA_ROOT) / path) as image:
        return image.size


def preview_and_data(response):
    """The response's link preview tags and JSON-LD, as crawlers would read them."""
    return link_preview(response), json_ld(response)


@pytest.mark.django_db
def test_every_page_type_has_its_link_preview_in_its_language(client, portal):
    network = bilingual_network(portal)
    for language, pages in network.pages.items():
        other = OG_LOCALES["fr" if language == "en" else "en"]
        for name, page in pages.items():
            page = page.specific
            where = f"{name} in {language}"
            response = client.get(page.url)
            assert response.status_code == 200, where
            tags = link_preview(response)
            url = f"http://testserver{page.url}"
            assert url.startswith(f"http://testserver/{language}/"), where
            assert tags["og:url"] == [url], where
            assert tags["og:title"] == [page.title], where
            assert tags["og:description"][0].strip(), where
            assert tags["og:type"] == ["article" if name == "news" else "website"], where
            with translation.override(language):
                assert tags["og:site_name"] == [str(settings.WAGTAIL_SITE_NAME)], where
            assert tags["og:locale"] == [OG_LOCALES[language]], where
            assert tags["og:locale:alternate"] == [other], where
            image = tags["og:image"][0]
            assert urlsplit(image).scheme == "http" and urlsplit(image).netloc == "testserver"
            assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
            assert tags["og:image:alt"][0].strip(), where
            assert tags["twitter:card"] == ["summary_large_image"], where
            assert tags["twitter:title"] == tags["og:title"], where
            assert tags["twitter:description"] == tags["og:description"], where
            assert tags["twitter:image"] == [image], where
            assert tags["twitter:image:alt"] == tags["og:image:alt"], where
    # The city's hero image, cropped to a real 1200 × 630 card, in both languages.
    for language in ("en", "fr"):
        tags = link_preview(client.get(network.pages[language]["city"].url))
        assert media_size(tags["og:image"][0]) == (1200, 630)
        assert tags["og:image:alt"] == [network.image.default_alt_text]
        assert tags["og:description"] == [network.pages[language]["city"].summary]
    news = link_preview(client.get(network.pages["en"]["news"].url))
    published = datetime.datetime.fromisoformat(news["article:published_time"][0])
    assert published.date() == network.pages["en"]["news"].date
    assert published.tzinfo is not None
    assert news["article:tag"] == [network.topic.name]


@pytest.mark.django_db
def test_editors_override_title_description_and_image_on_the_promote_tab(
    admin_client, client, portal
):
    image = ImageFactory(file__width=1400, file__height=900)
    url = reverse("wagtailadmin_pages:add", args=("network", "standardpage", portal.home.pk))
    form = admin_client.get(url).content.decode()
    promote = form[form.index('id="tab-promote"') :]
    for field in ("social_title", "social_description", "social_image"):
        assert f'name="{field}"' in promote, f"{field} is not on the promote tab"

    title, shared_title = fake("sentence", nb_words=4), fake("sentence", nb_words=6)
    shared_description = fake("sentence", nb_words=12)
    slug = fake("slug")
    data = {
        "title": title,
        "slug": slug,
        "summary": fake("sentence"),
        "body": streamfield([]),
        "comments": inline_formset([]),
        "social_title": shared_title,
        "social_description": shared_description,
        "social_image": str(image.pk),
        "action-publish": "action-publish",
    }
    assert admin_client.post(url, nested_form_data(data)).status_code == 302
    page = StandardPage.objects.get(slug=slug)
    tags = link_preview(client.get(page.url))
    assert tags["og:title"] == [shared_title]
    assert tags["og:description"] == [shared_description]
    assert Path(urlsplit(tags["og:image"][0]).path).name.startswith(Path(image.file.name).stem[:6])
    assert media_size(tags["og:image"][0]) == (1200, 630)
    assert tags["og:image:alt"] == [image.default_alt_text]
    # The page's own title stays the page's: only the preview says otherwise.
    assert f"<title>{title} · Michelin Cities</title>" in client.get(page.url).content.decode()


@pytest.mark.django_db
def test_translators_translate_the_words_and_the_picture_follows_the_source(client, portal):
    english_image = ImageFactory(file__width=1300, file__height=700)
    french_image = ImageFactory(file__width=1300, file__height=700)
    page = publish(
        StandardPageFactory(
            parent=portal.home,
            social_title=fake("sentence", nb_words=4),
            social_description=fake("sentence"),
            social_image=english_image,
        )
    )
    french_words = {
        page.social_title: f"{fake('sentence', nb_words=3)} (fr)",
        page.social_description: f"{fake('sentence')} (fr)",
    }
    fr = locale("fr")
    source, changed = submit(page)
    strings = {seg.context.path for seg in StringSegment.objects.filter(source=source)}
    assert {"social_title", "social_description"} <= strings
    # The picture is not a text to translate but a value a translator may replace.
    assert OverridableSegment.objects.filter(source=source, context__path="social_image").exists()

    translate_page(page, source, changed, fr, french_words, "page")
    french = page.get_translation(fr)
    english_tags = link_preview(client.get(page.url))
    french_tags = link_preview(client.get(french.url))
    assert french_tags["og:title"] == [french_words[page.social_title]]
    assert french_tags["og:description"] == [french_words[page.social_description]]
    assert french_tags["og:image"] == english_tags["og:image"]

    # In the translation editor, the translator picks a picture with French text on it.
    segment = OverridableSegment.objects.get(source=source, context__path="social_image")
    SegmentOverride.objects.create(
        locale=fr, context=segment.context, data_json=json.dumps(french_image.pk)
    )
    french, _created = source.create_or_update_translation(fr, publish=False, fallback=True)
    french.get_latest_revision().publish()
    french_tags = link_preview(client.get(french.url))
    assert french_tags["og:image"] != english_tags["og:image"]
    assert french_tags["og:image:alt"] == [french_image.default_alt_text]
    assert link_preview(client.get(page.url))["og:image"] == english_tags["og:image"]


@pytest.mark.django_db
def test_a_page_without_a_picture_shows_the_network_card(client, portal, settings):
    page = publish(StandardPageFactory(parent=portal.home))
    tags = link_preview(client.get(page.url))
    assert tags["og:image"] == ["http://testserver/static/img/social-card.png"]
    assert tags["og:image:type"] == ["image/png"]
    with Image.open(finders.find("img/social-card.png")) as card:
        assert card.size == (1200, 630)
    assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["630"])

    settings.SOCIAL_DEFAULT_IMAGE = "https://cdn.example.org/network-card.jpg"
    page.title = fake("sentence", nb_words=3)
    publish(page)
    tags = link_preview(client.get(page.url))
    assert tags["og:image"] == ["https://cdn.example.org/network-card.jpg"]
    assert "og:image:width" not in tags  # its size is not known


@pytest.mark.django_db
def test_an_image_in_a_restricted_collection_is_never_shared(client, portal):
    from tests.leakage import _restricted_collection

    image = ImageFactory(collection=_restricted_collection("secret"), file__width=1300)
    page = publish(StandardPageFactory(parent=portal.home, social_image=image, hero_image=image))
    tags = link_preview(client.get(page.url))
    assert tags["og:image"] == ["http://testserver/static/img/social-card.png"]


@pytest.mark.django_db
def test_nothing_for_previews_drafts_restricted_or_expired_pages(client, admin_client, portal):
    public = publish(StandardPageFactory(parent=portal.home))
    assert preview_and_data(client.get(public.url)) != ({}, [])

    draft = StandardPageFactory(parent=portal.home, live=False)
    draft.save_revision()
    live_with_draft = publish(StandardPageFactory(parent=portal.home))
    live_with_draft.title = fake("sentence")
    live_with_draft.save_revision()
    for page in (draft, live_with_draft.get_latest_revision_as_object(), public):
        response = page.make_preview_request()
        assert response.status_code == 200
        assert preview_and_data(response) == ({}, []), f"preview of {page.title}"

    for kind in ("login", "groups", "password"):
        page = publish(StandardPageFactory(parent=portal.home))
        PageViewRestriction.objects.create(page=page, restriction_type=kind, password="x")
        for visitor in (client, admin_client):
            response = visitor.get(page.url)
            assert preview_and_data(response) == ({}, []), f"{kind} for {visitor}"

    expiring = publish(StandardPageFactory(parent=portal.home))
    expiring.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    expiring.save(update_fields=["expire_at"])  # publish_scheduled has not run yet
    assert preview_and_data(client.get(expiring.url)) == ({}, [])


@pytest.mark.django_db
def test_publishing_changes_the_preview_at_once(client, portal):
    page = publish(StandardPageFactory(parent=portal.home))
    assert link_preview(client.get(page.url))["og:title"] == [page.title]
    page.social_title = fake("sentence", nb_words=5)
    publish(page)
    assert link_preview(client.get(page.url))["og:title"] == [page.social_title]
    page.unpublish()
    assert client.get(page.url).status_code == 404


@pytest.mark.django_db
def test_an_untranslated_page_shares_its_source(client, portal):
    page = publish(CityPageFactory(parent=portal.cityindex))
    alias = page.url.replace("/en/", "/de/", 1)
    response = client.get(alias)
    assert response.status_code == 200
    tags = link_preview(response)
    # The page served under /de/ is the English page: crawlers are sent to it.
    assert tags["og:url"] == [f"http://testserver{page.url}"]
    assert tags["og:locale"] == ["en_US"]
    assert "og:locale:alternate" not in tags
