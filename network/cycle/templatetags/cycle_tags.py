"""Template tags of the cycle's public side."""

from django import template

from wagtail.models import Locale

from network.i18n.localization import localized

from ..models import PartnerNote
from ..notes import noted_cities

register = template.Library()


@register.simple_tag
def partner_note(city):
    """The city's published "open to partners" note (from its source page), with its
    topics in the page's language; None when there is none."""
    if str(city.translation_key) not in noted_cities():
        return None
    note = (
        PartnerNote.objects.filter(city__translation_key=city.translation_key, published=True)
        .prefetch_related("topics")
        .first()
    )
    if note is not None:
        note.shown_topics = localized(note.topics.all(), Locale.get_active())
    return note
