"""Template tags of the cycle's public side."""

from django import template

from wagtail.models import Locale

from network.localization import localized

from ..models import PartnerNote

register = template.Library()


@register.simple_tag(takes_context=True)
def partner_note(context, city):
    """The city's published "open to partners" note (from its source page), with its
    topics in the page's language; None when there is none."""
    note = (
        PartnerNote.objects.filter(city__translation_key=city.translation_key, published=True)
        .prefetch_related("topics")
        .first()
    )
    if note is not None:
        note.shown_topics = localized(note.topics.all(), Locale.get_active())
    return note
