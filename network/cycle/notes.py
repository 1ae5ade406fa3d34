"""Which cities have a published "open to partners" note, kept in the cache so that a
city page without one (most of them) costs no query for it."""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import PartnerNote

# Saving a note forgets the list; the timeout bounds how stale a cache that is not
# shared (local memory, one per process) may be.
NOTED_CITIES_KEY = "cycle:cities-with-a-partner-note"
NOTED_CITIES_TIMEOUT = 300


def noted_cities():
    """The translation keys of the cities whose note is published."""
    keys = cache.get(NOTED_CITIES_KEY)
    if keys is None:
        keys = {
            str(key)
            for key in PartnerNote.objects.filter(published=True).values_list(
                "city__translation_key", flat=True
            )
        }
        cache.set(NOTED_CITIES_KEY, keys, NOTED_CITIES_TIMEOUT)
    return keys


def forget_noted_cities(**kwargs):
    cache.delete(NOTED_CITIES_KEY)


def connect_signals():
    """Saving or deleting a note, or changing its topics, forgets the list (every process
    that shares the cache)."""
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(forget_noted_cities, sender=PartnerNote, dispatch_uid=f"cycle-note-{name}")
    m2m_changed.connect(
        forget_noted_cities, sender=PartnerNote.topics.through, dispatch_uid="cycle-note-topics"
    )
