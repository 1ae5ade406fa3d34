"""Content an anonymous visitor must never see, and public pages that point at all of it.

``build_hidden_content(portal)`` makes one page of each hidden kind (draft, scheduled,
expired, expired before ``publish_scheduled`` ran, unpublished, under an unpublished
page, login-, group- and password-restricted, under a restricted page), hidden versions
of public pages (a draft revision, a translation draft), an image and a document in
restricted collections, and one *public* page of each type whose fields, StreamField
choosers and rich text links point at every hidden thing. Each hidden object carries
a unique token in its title, slug and file name, so a test only has to check that no
response contains any token (``assert_no_leak``). ``built_once`` builds it once for a
test module. Reused by the leak matrix, the OpenAPI run, the feed and search tests.
"""

import contextlib
import json
from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

import wagtail_factories

from network.factories import (
    CallForProposalsPageFactory,
    CityPageFactory,
    ConferencePageFactory,
    ImageFactory,
    NewsPageFactory,
    PersonFactory,
    ProjectPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
)
from network.models import CityPage
from tests.search_helpers import locale, translated_tree

#: Pages that are hidden as a whole (no version of them is public).
HIDDEN_KINDS = (
    "draft",
    "scheduled",
    "expired",
    "expiring",  # past its expiry date, publish_scheduled not run yet
    "unpublished",
    "under-unpublished",  # live itself, under the unpublished page
    "login",
    "group",
    "password",
    "under-restricted",
)
#: Hidden versions of public pages: their public version is served, never these.
HIDDEN_VERSIONS = ("draft-changes", "translation-draft")


def _token(kind):
    # Fixed words no generated text contains, so a match in a response is a leak.
    return f"hidden{kind.replace('-', '')}token"


def _city(parent, token, **kwargs):
    city = CityPageFactory.build(title=f"City {token}", slug=token, summary=f"About {token}")
    parent.add_child(instance=city)
    for key, value in kwargs.items():
        setattr(city, key, value)
    return city


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _restricted_collection(token):
    collection = Collection.get_first_root_node().add_child(name=f"Collection {token}")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def build_hidden_content(portal):
    """Create the hidden objects and the public pages that reference them."""
    tokens = {kind: _token(kind) for kind in (*HIDDEN_KINDS, *HIDDEN_VERSIONS)}
    index = portal.cityindex
    now = timezone.now()
    hidden = {}

    hidden["draft"] = _city(index, tokens["draft"])
    hidden["draft"].live = False
    hidden["draft"].save()
    hidden["draft"].save_revision()

    scheduled = _city(index, tokens["scheduled"])
    scheduled.live = False
    scheduled.save()
    scheduled.go_live_at = now + timedelta(days=3)
    scheduled.save_revision().publish()
    hidden["scheduled"] = scheduled

    expired = _publish(_city(index, tokens["expired"]))
    expired.expire_at = now - timedelta(hours=1)
    expired.save_revision().publish()
    # Wagtail unpublishes expired pages with this command (cron in production).
    call_command("publish_scheduled", verbosity=0)
    hidden["expired"] = expired

    # Its expiry date has passed, and the command has not run since.
    expiring = _publish(_city(index, tokens["expiring"]))
    Page.objects.filter(pk=expiring.pk).update(expire_at=now - timedelta(minutes=5))
    hidden["expiring"] = expiring

    unpublished = _publish(_city(index, tokens["unpublished"]))
    child = NewsPageFactory.build(
        title=f"News {tokens['under-unpublished']}", slug=tokens["under-unpublished"]
    )
    unpublished.add_child(instance=child)
    hidden["under-unpublished"] = _publish(child)
    unpublished.unpublish()  # its live child stays live
    hidden["unpublished"] = unpublished

    for kind, restriction in (
        ("login", {"restriction_type": PageViewRestriction.LOGIN}),
        ("password", {"restriction_type": PageViewRestriction.PASSWORD, "password": "x"}),
        ("group", {"restriction_type": PageViewRestriction.GROUPS}),
    ):
        page = _publish(_city(index, tokens[kind]))
        view_restriction = PageViewRestriction.objects.create(page=page, **restriction)
        if kind == "group":
            view_restriction.groups.add(Group.objects.get_or_create(name="Editors")[0])
        hidden[kind] = page

    child = NewsPageFactory.build(
        title=f"News {tokens['under-restricted']}", slug=tokens["under-restricted"]
    )
    hidden["login"].add_child(instance=child)
    hidden["under-restricted"] = _publish(child)

    image_token, document_token = _token("image"), _token("document")
    image = ImageFactory(
        title=f"Image {image_token}",
        collection=_restricted_collection(image_token),
        file__filename=f"{image_token}.jpg",
    )
    document = wagtail_factories.DocumentFactory(
        title=f"Document {document_token}",
        collection=_restricted_collection(document_token),
        file__filename=f"{document_token}.pdf",
    )
    tokens["image"], tokens["document"] = image_token, document_token

    hidden_pages = list(hidden.values())
    hidden_cities = [page for page in hidden_pages if isinstance(page, CityPage)]
    body = _body_pointing_at(hidden_pages, image, document)
    rich = _rich_text_pointing_at(hidden_pages, image, document)

    public = {}
    public["city"] = _publish(_city(index, "public-city", body=body, hero_image=image))
    public["city"].partner_cities.set(hidden_cities)
    public["city"].contacts.set([PersonFactory(photo=image)])
    _publish(public["city"])
    public["project"] = ProjectPageFactory(
        parent=public["city"], body=body, results=rich, hero_image=image
    )
    public["project"].partner_cities.set([hidden["draft"], hidden["login"]])
    public["news"] = NewsPageFactory(parent=portal.newsindex, body=body, hero_image=image)
    public["news"].related_cities.set(hidden_cities)
    public["call"] = CallForProposalsPageFactory(
        parent=portal.callindex, body=body, eligibility=rich, documents=_documents(document)
    )
    public["conference"] = ConferencePageFactory(
        parent=portal.conferenceindex,
        body=body,
        host_city=hidden["password"],
        registration_info=rich,
        hero_image=image,
    )
    public["conference"].candidate_host_cities.set([hidden["group"], hidden["scheduled"]])
    public["resource"] = ResourcePageFactory(
        parent=portal.resourceindex, body=body, items=_documents(document)
    )
    public["resource"].related_cities.set(hidden_cities)
    public["standard"] = StandardPageFactory(parent=portal.home, body=body, hero_image=image)
    for page in public.values():
        _publish(page)

    versions = {}
    # A live page whose newer revision, not published, has another title.
    changed = Page.objects.get(pk=public["standard"].pk).specific
    changed.title = f"Standard {tokens['draft-changes']}"
    changed.save_revision()
    versions["draft-changes"] = changed
    # A French translation being written: the French site serves the English page.
    translated_tree(portal, "fr")
    draft = public["news"].copy_for_translation(locale("fr"))
    draft.title = f"Nouvelle {tokens['translation-draft']}"
    draft.save_revision()
    versions["translation-draft"] = draft
    return SimpleNamespace(
        tokens=tokens,
        hidden=hidden,
        versions=versions,
        image=image,
        document=document,
        public=public,
    )


@contextlib.contextmanager
def built_once(django_db_blocker, build):
    """``build()`` for a whole test module: made in a transaction that is rolled back
    when the module is done (each test runs in a savepoint inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)


def _rich_text_pointing_at(pages, image, document):
    links = "".join(f'<a linktype="page" id="{page.pk}">read more</a> ' for page in pages)
    return (
        f'<p>{links}<a linktype="document" id="{document.pk}">download</a></p>'
        f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="picture"/>'
    )


def _body_pointing_at(pages, image, document):
    """A raw StreamField body whose blocks, at every depth, choose hidden things."""
    rich = _rich_text_pointing_at(pages, image, document)
    figure = {"image": image.pk, "alt_text": "", "caption": "a picture"}
    return json.dumps(
        [
            {"type": "paragraph", "value": rich},
            {"type": "image", "value": figure},
            {
                "type": "links",
                "value": [{"page": page.pk, "url": "", "text": "see"} for page in pages],
            },
            {"type": "documents", "value": [document.pk]},
            {
                "type": "section",
                "value": {
                    "heading": "Nested",
                    "content": [
                        {"type": "paragraph", "value": rich},
                        {"type": "image", "value": figure},
                    ],
                },
            },
        ]
    )


def _documents(document):
    return json.dumps(
        [{"type": "document", "value": {"document": document.pk, "description": "file"}}]
    )


def assert_no_leak(response, content):
    """The response shows none of the hidden objects (by title, slug or file name)."""
    body = response.content.decode("utf-8", errors="replace")
    leaked = [kind for kind, token in content.tokens.items() if token in body]
    assert not leaked, f"{response.request['PATH_INFO']} shows hidden {leaked}"
    assert "linktype" not in body, "stored rich text markup in the output"
