"""Builders shared by the translation tests and benchmarks: pages whose StreamFields use
every block type of the content model, translator users, and the editor's data.

Every random value comes from factory.Faker; identifiers of blocks are uuid4 as Wagtail
makes them.
"""

import json
import re
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation, TranslationSource

import factory
import wagtail_factories

from network.factories import CityPageFactory, ImageFactory, PersonFactory
from network.translation.roles import translator_group_name


def fake(provider, **kwargs):
    """One value from a factory.Faker provider."""
    return factory.Faker(provider).evaluate(None, None, {"locale": None, **kwargs})


def words():
    return fake("sentence", nb_words=5).rstrip(".")


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def item(value):
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


class Linked:
    """The things a body links to: images, documents, a person, a page."""

    def __init__(self, page):
        self.images = [ImageFactory(), ImageFactory()]
        self.documents = [wagtail_factories.DocumentFactory(title=words())]
        self.person = PersonFactory()
        self.page = page


def rich_text(linked):
    """A paragraph with an internal page link, a document link and an embedded image."""
    return (
        f'<p>{words()} <a linktype="page" id="{linked.page.pk}">{words()}</a> '
        f"<b>{words()}</b>.</p>"
        f'<p>{words()} <a linktype="document" id="{linked.documents[0].pk}">{words()}</a>'
        f' <a href="https://{fake("domain_name")}/">{words()}</a>.</p>'
        f'<embed embedtype="image" id="{linked.images[0].pk}" format="left" alt="{words()}"/>'
        f"<ul><li>{words()}</li><li>{words()}</li></ul>"
    )


def body_blocks(linked, with_gallery=True):
    """Raw StreamField data using every block of BaseBodyBlock (and CityBodyBlock's gallery)."""
    figure = {"image": linked.images[0].pk, "alt_text": words(), "caption": words()}
    blocks = [
        block("heading", words()),
        block("paragraph", rich_text(linked)),
        block("image", figure),
        block("quote", {"quote": fake("paragraph"), "attribution": fake("name")}),
        block(
            "key_figures",
            [
                item({"value": str(fake("random_int", min=2, max=999)), "label": words()}),
                item({"value": f"{fake('random_int', min=2, max=99)} km", "label": words()}),
            ],
        ),
        block(
            "links",
            [
                item({"page": linked.page.pk, "url": "", "text": words()}),
                item({"page": None, "url": f"https://{fake('domain_name')}/", "text": words()}),
            ],
        ),
        block("documents", [item(document.pk) for document in linked.documents]),
        block("people", [item(linked.person.pk)]),
        block(
            "section",
            {
                "heading": words(),
                "content": [
                    block("paragraph", f"<p>{words()}</p>"),
                    block(
                        "image",
                        {"image": linked.images[1].pk, "alt_text": words(), "caption": words()},
                    ),
                    block("quote", {"quote": words(), "attribution": fake("name")}),
                ],
            },
        ),
    ]
    if with_gallery:
        blocks.append(block("gallery", [item(image.pk) for image in linked.images]))
    return blocks


def programme_blocks(linked, start_date):
    return [
        block(
            "day",
            {
                "date": start_date.isoformat(),
                "title": words(),
                "sessions": [
                    item(
                        {
                            "starts": "09:00:00",
                            "ends": "10:30:00",
                            "title": words(),
                            "kind": "plenary",
                            "room": words(),
                            "description": f"<p>{words()} <b>{words()}</b></p>",
                            "speakers": [item(linked.person.pk)],
                        }
                    )
                ],
            },
        )
    ]


def resource_blocks(linked):
    return [
        block("document", {"document": linked.documents[0].pk, "description": fake("sentence")}),
        block(
            "link",
            {
                "link": {"page": linked.page.pk, "url": "", "text": words()},
                "description": fake("sentence"),
            },
        ),
        block(
            "link",
            {
                "link": {"page": None, "url": f"https://{fake('domain_name')}/", "text": words()},
                "description": fake("sentence"),
            },
        ),
    ]


def full_city_page(parent, linked_page=None, **kwargs):
    """A published CityPage whose body uses every block type, with two Michelin sites."""
    city = CityPageFactory(parent=parent, sites=["production", "research"], **kwargs)
    linked = Linked(linked_page or parent)
    city.body = json.dumps(body_blocks(linked))
    city.save_revision().publish()
    city.refresh_from_db()
    city.linked = linked
    return city


def make_user(username, groups=(), superuser=False):
    """An admin user in the given groups (names), logging in with password "pw"."""
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="pw",
        is_superuser=superuser,
        is_staff=superuser,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def translator(username, language_code):
    return make_user(username, groups=[translator_group_name(language_code)])


def locale(code):
    return Locale.objects.get(language_code=code)


def translation_of(instance, code):
    source = TranslationSource.objects.get_for_instance(instance)
    return Translation.objects.get(source=source, target_locale__language_code=code)


def editor_props(response):
    """The props wagtail-localize's editor page hands to its React app."""
    match = re.search(rb'data-props="([^"]*)"', response.content)
    assert match, "the response is not wagtail-localize's translation editor"
    import html

    return json.loads(html.unescape(match.group(1).decode()))


def string_url(translation, segment):
    return reverse(
        "wagtail_localize:edit_string_translation",
        kwargs={"translation_id": translation.pk, "string_segment_id": segment.pk},
    )


def put_string(client, translation, segment, value):
    """Save a segment's translation as the editor does (a PUT of the form value)."""
    return client.put(
        string_url(translation, segment),
        data=f"value={value}",
        content_type="application/x-www-form-urlencoded",
    )


def segments(translation):
    return StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    )


def is_refused(response):
    """Wagtail's admin refuses a browser with a redirect to the dashboard and a
    "Sorry, you do not have permission" message, and scripts (XHR) with a 403."""
    if response.status_code == 403:
        return True
    if response.status_code != 302 or response.url != reverse("wagtailadmin_home"):
        return False
    from django.contrib.messages import get_messages

    return any("permission" in str(m) for m in get_messages(response.wsgi_request))
