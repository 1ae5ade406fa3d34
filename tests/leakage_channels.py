"""Content that must never reach an anonymous client, for the feeds' and calendars' leak
tests (and any other channel that wants the same matrix).

``build_hidden_pages(factory, parent)`` makes one page of every kind that has to stay
hidden and returns ``{kind: marker}``, where the marker is a title that must not
appear anywhere in what the channel serves. The caller adds a visible page of its own
and checks it does appear, so an empty answer cannot pass for a safe one.
"""

import datetime
import uuid

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import PageViewRestriction

import factory
from factory.django import DjangoModelFactory

HIDDEN_KINDS = (
    "draft",  # saved, never published
    "draft_changes",  # live page whose newer, unpublished revision has another title
    "scheduled",  # approved to go live in a week
    "expired",  # unpublished by publish_scheduled at its expiry date
    "expiry_due",  # past its expiry date, publish_scheduled not run yet
    "unpublished",  # published, then unpublished
    "login",  # restricted to logged-in users
    "groups",  # restricted to a group
    "password",  # restricted by a shared password
    "restricted_ancestor",  # public itself, under a login-restricted page
)


class RestrictionFactory(DjangoModelFactory):
    """A view restriction on a page (login by default)."""

    class Meta:
        model = PageViewRestriction

    restriction_type = PageViewRestriction.LOGIN
    password = factory.Maybe(
        factory.LazyAttribute(lambda o: o.restriction_type == PageViewRestriction.PASSWORD),
        yes_declaration=factory.Faker("password"),
        no_declaration="",
    )


def _marked(factory_class, parent, kind, **fields):
    token = uuid.uuid4().hex[:10]
    return factory_class(
        parent=parent, title=f"Hidden {kind} {token}", slug=f"hidden-{kind}-{token}", **fields
    )


def _published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_hidden_pages(factory_class, parent, restricted_parent=None, **fields):
    """Create one hidden page of each kind under ``parent``; returns ``{kind: marker}``.

    ``restricted_parent``, when given, is a page that this function restricts to
    logged-in users; the "restricted_ancestor" page is created under it (a page type
    that cannot live under ``parent``'s restricted sibling needs this).
    """
    now = timezone.now()
    markers = {}

    page = _marked(factory_class, parent, "draft", live=False, **fields)
    page.save_revision()
    markers["draft"] = page.title

    page = _published(factory_class(parent=parent, **fields))  # its live title is public
    page.title = f"Hidden draft_changes {page.slug}"
    page.save_revision()
    markers["draft_changes"] = page.title

    page = _marked(
        factory_class,
        parent,
        "scheduled",
        live=False,
        go_live_at=now + datetime.timedelta(days=7),
        **fields,
    )
    page.save_revision().publish()
    markers["scheduled"] = page.title

    page = _published(_marked(factory_class, parent, "expired", **fields))
    page.expire_at = now - datetime.timedelta(hours=2)
    page.save(update_fields=["expire_at"])
    page.unpublish(set_expired=True)  # what publish_scheduled does at the expiry date
    markers["expired"] = page.title

    page = _published(_marked(factory_class, parent, "expiry_due", **fields))
    page.expire_at = now - datetime.timedelta(minutes=1)
    page.save(update_fields=["expire_at"])
    markers["expiry_due"] = page.title

    page = _published(_marked(factory_class, parent, "unpublished", **fields))
    page.unpublish()
    markers["unpublished"] = page.title

    page = _published(_marked(factory_class, parent, "login", **fields))
    RestrictionFactory(page=page)
    markers["login"] = page.title

    page = _published(_marked(factory_class, parent, "groups", **fields))
    group, _created = Group.objects.get_or_create(name="Secretariat")
    RestrictionFactory(page=page, restriction_type=PageViewRestriction.GROUPS).groups.set([group])
    markers["groups"] = page.title

    page = _published(_marked(factory_class, parent, "password", **fields))
    RestrictionFactory(page=page, restriction_type=PageViewRestriction.PASSWORD)
    markers["password"] = page.title

    if restricted_parent is not None:
        RestrictionFactory(page=restricted_parent)
        page = _published(
            _marked(factory_class, restricted_parent, "restricted_ancestor", **fields)
        )
        markers["restricted_ancestor"] = page.title

    return markers


def leaked(text, markers):
    """The kinds whose marker shows up in ``text`` (an empty list is the goal)."""
    return [kind for kind, marker in markers.items() if marker in text]
